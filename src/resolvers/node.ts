import type { NodeResolvers } from '../generated/graphql.js';
import type { NodeModel } from '../model.js';
import { completer, nullableFields } from './complete.js';

const complete = completer<NodeModel>((ctx) => ctx.loaders.nodes);

export const Node: NodeResolvers = {
  ...nullableFields(complete, [
    'hostname',
    'name',
    'status',
    'machineType',
    'zoneId',
    'imageId',
    'imageName',
    'userData',
    'createdAt',
    'expiresAt',
  ]),
  state: async (node, _, ctx) => (await complete(node, 'state', ctx)) ?? 'UNKNOWN',
  networks: async (node, _, ctx) => (await complete(node, 'networks', ctx)) ?? [],
  disks: async (node, _, ctx) => (await complete(node, 'disks', ctx)) ?? [],
  hyperNode: async (node, _, ctx) => {
    const hyperNodeId = await complete(node, 'hyperNodeId', ctx);
    return hyperNodeId ? ctx.loaders.hyperNodes.ref(hyperNodeId) : null;
  },
};
