import type { HyperNodeResolvers } from '../generated/graphql.js';
import type { HyperClusterModel, HyperNodeModel } from '../model.js';
import { completer, nullableFields, reference } from './complete.js';

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
  nodes: async (hyperNode, _, ctx) => (await complete(hyperNode, 'nodes', ctx)) ?? [],
  cluster: async (hyperNode, _, ctx) => {
    const clusterId = await complete(hyperNode, 'clusterId', ctx);
    return clusterId ? reference<HyperClusterModel>(clusterId, 'hypercluster') : null;
  },
};
