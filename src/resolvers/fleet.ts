/** The fleet views: allNodes, nodeCounts and hyperNodes, over the shared snapshot (src/fleet). */
import type { GraphQLResolveInfo } from 'graphql';
import type { GatewayContext } from '../context.js';
import { hyperNodeQuery, nodeQuery, type FleetQuery } from '../fleet/filter.js';
import type { HyperNodeConnectionModel } from '../fleet/model.js';
import { fleetCount, fleetPage, nodeCounts, type FleetRequest } from '../fleet/reader.js';
import type { HyperNodeConnectionResolvers, QueryResolvers } from '../generated/graphql.js';
import type { HyperNodeModel } from '../model.js';
import { connection, regionSource, reportSourceError } from './connection.js';

function fleetRequest(ctx: GatewayContext, info: GraphQLResolveInfo): FleetRequest {
  return {
    // Read only while a walk is awaited: a request answered from the snapshot makes no deadline.
    get signal() {
      return ctx.clouds.signal;
    },
    clouds: ctx.clouds,
    maxPageSize: ctx.limits.maxPageSize,
    onRegionError: (source, error) => reportSourceError(ctx, info, { provider: source.provider.name, region: source.region }, error),
  };
}

/** Hypernodes page by page from the clouds (sharing off), the cloud filtering what it can; counted only when asked. */
async function freshHyperNodes(
  ctx: GatewayContext,
  info: GraphQLResolveInfo,
  query: FleetQuery<HyperNodeModel>,
  args: { first?: number | null; after?: string | null },
): Promise<HyperNodeConnectionModel> {
  const asOf = new Date().toISOString();
  const sources = query.regions.map((s) =>
    regionSource(s, async (page) => {
      const answer = await ctx.clouds.get(s.provider.name).listHyperNodes(s.region, page, query.walk);
      return { ...answer, items: answer.items.filter(query.matches) };
    }, `${s.provider.name}:${s.region}:${query.key}`),
  );
  const page = await connection(ctx, info, sources, args, (item) => ctx.loaders.hyperNodes.prime(item));
  return { ...page, asOf, totalCount: () => fleetCount(ctx.fleet, 'hypernodes', query, fleetRequest(ctx, info)) };
}

export const FleetQueries: Pick<QueryResolvers, 'allNodes' | 'nodeCounts' | 'hyperNodes'> = {
  allNodes: (_, { filter, first, after }, ctx, info) =>
    fleetPage(ctx.fleet, 'nodes', nodeQuery(filter, ctx.providers), { first, after }, fleetRequest(ctx, info)),

  nodeCounts: (_, { filter, groupBy }, ctx, info) => nodeCounts(ctx.fleet, nodeQuery(filter, ctx.providers), groupBy, fleetRequest(ctx, info)),

  hyperNodes: (_, { provider, region, filter, first, after }, ctx, info) => {
    const query = hyperNodeQuery(filter, ctx.providers, { provider, region });
    if (!ctx.fleet.enabled) return freshHyperNodes(ctx, info, query, { first, after });
    // Snapshot items are not primed into the request's loaders: lookups by ID stay fresh.
    return fleetPage(ctx.fleet, 'hypernodes', query, { first, after }, fleetRequest(ctx, info));
  },
};

export const HyperNodeConnection: HyperNodeConnectionResolvers = {
  totalCount: (connection) => (typeof connection.totalCount === 'function' ? connection.totalCount() : connection.totalCount),
};

/** The total of a cluster's hypernodes, when asked: counted from the fleet's hypernodes of that cluster. */
export function clusterHyperNodeCount(ctx: GatewayContext, info: GraphQLResolveInfo, clusterId: string): () => Promise<number> {
  return () => fleetCount(ctx.fleet, 'hypernodes', hyperNodeQuery({ hyperClusterId: clusterId }, ctx.providers), fleetRequest(ctx, info));
}
