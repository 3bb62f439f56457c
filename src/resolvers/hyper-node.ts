import type { HyperNodeResolvers } from '../generated/graphql.js';
import type { HyperNodeModel } from '../model.js';
import { completer, nullableFields } from './complete.js';
import { selectedFields } from './selection.js';

/** Fields only a hypernode detail answer carries; asking for one reads the hypernode itself, not a batched summary. */
export const HYPERNODE_DETAIL_FIELDS = ['nodes', 'fileSystemMountEnabled'] as const;

const complete = completer<HyperNodeModel>((ctx) => ctx.loaders.hyperNodes);

export const HyperNode: HyperNodeResolvers = {
  ...nullableFields(complete, [
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
  state: async (hyperNode, _, ctx) => (await complete(hyperNode, 'state', ctx)) ?? 'UNKNOWN',
  nodes: (hyperNode, _, ctx, info) => hyperNode.nodes ?? ctx.loaders.nodesOf(hyperNode, selectedFields(info)),
  cluster: async (hyperNode, _, ctx) => {
    const clusterId = await complete(hyperNode, 'clusterId', ctx);
    return clusterId ? ctx.loaders.hyperClusters.ref(clusterId) : null;
  },
};
