import type { QueryResolvers } from '../generated/graphql.js';
import { BadUserInputError, GatewayError } from '../errors.js';
import { parseId } from '../ids.js';
import { connection, regionSource } from './connection.js';
import { FleetQueries } from './fleet.js';
import { HYPERNODE_DETAIL_FIELDS } from './hyper-node.js';
import { selectsAny } from './selection.js';

/** The coded error a check of one list slot throws, or null when it passes. */
function slotProblem(check: () => unknown): GatewayError | null {
  try {
    check();
    return null;
  } catch (error) {
    if (error instanceof GatewayError) return error;
    throw error;
  }
}

export const Query: QueryResolvers = {
  hyperNode: (_, { id }, ctx, info) => {
    ctx.providers.forId(parseId(id, 'hypernode'));
    const loader = ctx.loaders.hyperNodes;
    // A summary read batches by ID; only nodes and a few fields need the per-hypernode detail call.
    return selectsAny(info, HYPERNODE_DETAIL_FIELDS) ? loader.detail.load(id) : loader.known.load(id);
  },

  ...FleetQueries,

  node: (_, { id }, ctx) => {
    ctx.providers.forId(parseId(id, 'node'));
    return ctx.loaders.nodes.known.load(id);
  },

  nodes: async (_, { ids }, ctx) => {
    const { maxIds } = ctx.limits;
    if (ids.length > maxIds) throw new BadUserInputError(`ids: at most ${maxIds} IDs per request.`, 'ids');
    // A malformed or unserved ID, like a failed lookup, stays an Error in its slot: GraphQL reports it at
    // `nodes.<i>` and keeps the other slots and fields.
    const problems = ids.map((id, i) => slotProblem(() => ctx.providers.forId(parseId(id, 'node', `ids[${i}]`), `ids[${i}]`)));
    const wanted = ids.filter((_, i) => problems[i] === null);
    const loaded = wanted.length > 0 ? await ctx.loaders.nodes.known.loadMany(wanted) : [];
    let next = 0;
    return problems.map((problem) => problem ?? loaded[next++]) as Awaited<ReturnType<typeof ctx.loaders.nodes.known.load>>[];
  },

  task: (_, { id }, ctx) => {
    ctx.providers.forId(parseId(id, 'task'));
    return ctx.tasks.load(id);
  },

  hyperCluster: (_, { id }, ctx) => {
    ctx.providers.forId(parseId(id, 'hypercluster'));
    return ctx.loaders.hyperClusters.known.load(id);
  },

  hyperClusters: (_, args, ctx, info) => {
    const sources = ctx.clouds.sources(args).map((s) => regionSource(s, (page) => s.provider.listHyperClusters(s.region, page)));
    return connection(ctx, info, sources, args, (item) => ctx.loaders.hyperClusters.prime(item));
  },
};
