import type { HyperClusterResolvers } from '../generated/graphql.js';
import type { HyperClusterModel } from '../model.js';
import { completer } from './complete.js';
import { connection, regionSource } from './connection.js';
import { clusterHyperNodeCount } from './fleet.js';

const { resolve, nullable } = completer<HyperClusterModel, HyperClusterResolvers>((ctx) => ctx.loaders.hyperClusters);

export const HyperCluster: HyperClusterResolvers = {
  ...nullable(['name', 'type', 'clusterType', 'status', 'state', 'createdAt']),
  networks: resolve('networks', []),
  hyperNodes: async (cluster, args, ctx, info) => {
    const asOf = new Date().toISOString();
    const cloud = ctx.clouds.forId(cluster);
    const source = regionSource({ provider: cloud, region: cluster.region }, (page) => cloud.listClusterHyperNodes(cluster.region, cluster.nativeId, page));
    const page = await connection(ctx, info, [source], args, (item) => ctx.loaders.hyperNodes.prime(item));
    return { ...page, asOf, totalCount: clusterHyperNodeCount(ctx, info, cluster.id) };
  },
};
