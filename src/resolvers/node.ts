import type { NodeResolvers } from '../generated/graphql.js';
import type { NodeModel } from '../model.js';
import { completer, whenReady } from './complete.js';

const { complete, resolve, nullable } = completer<NodeModel, NodeResolvers>((ctx) => ctx.loaders.nodes);

export const Node: NodeResolvers = {
  ...nullable(['hostname', 'name', 'status', 'machineType', 'zoneId', 'imageId', 'imageName', 'userData', 'createdAt', 'expiresAt']),
  state: resolve('state', 'UNKNOWN'),
  networks: resolve('networks', []),
  disks: resolve('disks', []),
  // A watcher's node carries its task as the watcher read it, so that subscribers cost no call for it.
  task: (node, _, ctx) => (node.task !== undefined ? node.task : ctx.tasks.ofNode(node.id)),
  hyperNode: (node, _, ctx) => whenReady(complete(node, 'hyperNodeId', ctx), (id) => (id ? ctx.loaders.hyperNodes.ref(id) : null)),
};
