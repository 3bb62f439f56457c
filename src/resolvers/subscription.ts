import type { GatewayContext } from '../context.js';
import { BadUserInputError, GatewayError } from '../errors.js';
import type { SubscriptionResolvers } from '../generated/graphql.js';
import { parseId } from '../ids.js';
import { followNodes, followTask } from '../subscriptions/streams.js';

/** Each event is resolved with a fresh deadline and fresh loaders: the subscription's own would have run out. */
const fresh = <T>(payload: T, _args: unknown, ctx: GatewayContext): T => {
  Object.assign(ctx, ctx.forEvent());
  return payload;
};

export const Subscription: SubscriptionResolvers = {
  taskUpdated: {
    subscribe: async (_, { id }, ctx) => {
      ctx.providers.forId(parseId(id, 'task'));
      ctx.live.registry.check(ctx.principal);
      const first = await ctx.tasks.load(id);
      if (!first) throw new GatewayError('NOT_FOUND', `id: there is no task ${id}.`, { field: 'id' });
      return followTask(ctx.live, ctx.principal, first);
    },
    resolve: fresh,
  },
  nodesChanged: {
    subscribe: (_, { ids }, ctx) => {
      const { maxIds } = ctx.limits;
      if (ids.length === 0) throw new BadUserInputError('ids: name at least one node.', 'ids');
      if (ids.length > maxIds) throw new BadUserInputError(`ids: at most ${maxIds} IDs per subscription.`, 'ids');
      ids.forEach((id, i) => ctx.providers.forId(parseId(id, 'node', `ids[${i}]`), `ids[${i}]`));
      ctx.live.registry.check(ctx.principal);
      return followNodes(ctx.live, ctx.principal, [...new Set(ids)]);
    },
    resolve: fresh,
  },
};
