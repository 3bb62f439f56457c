import type { HyperNodeResolvers } from '../generated/graphql.js';
import type { HyperNodeModel } from '../model.js';
import { completer, whenReady } from './complete.js';
import { nodeNeeds } from './selection.js';

/** Fields only a hypernode detail answer carries; asking for one reads the hypernode itself, not a batched summary. */
export const HYPERNODE_DETAIL_FIELDS = ['nodes', 'fileSystemMountEnabled'] as const;

const { complete, resolve, nullable } = completer<HyperNodeModel, HyperNodeResolvers>((ctx) => ctx.loaders.hyperNodes);

export const HyperNode: HyperNodeResolvers = {
  ...nullable([
    'hostname',
    'name',
    'machineType',
    'zoneId',
    'hpnZone',
    'status',
    'nodeGroup',
    'resourceGroupId',
    'fileSystemMountEnabled',
    'createdAt',
    'expiresAt',
  ]),
  state: resolve('state', 'UNKNOWN'),
  nodes: (hyperNode, _, ctx, info) => hyperNode.nodes ?? ctx.loaders.nodesOf(hyperNode, nodeNeeds(info)),
  cluster: (hyperNode, _, ctx) => whenReady(complete(hyperNode, 'clusterId', ctx), (id) => (id ? ctx.loaders.hyperClusters.ref(id) : null)),
};
