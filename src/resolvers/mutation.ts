import type { GatewayContext } from '../context.js';
import { GatewayError } from '../errors.js';
import type { MutationResolvers } from '../generated/graphql.js';
import { parseId } from '../ids.js';
import type { NodeAction } from '../model.js';
import { runIdempotent, type IdempotentCall } from '../mutations/idempotency.js';
import { operateNodes } from '../mutations/node-operations.js';
import { hasUnknownNodes, reconcileCreate, reconcileDelete, reconcileNodeOperation } from '../mutations/reconcile.js';
import { checkClientToken, checkName, checkNodeIds, checkSubnetId } from '../mutations/validation.js';

/** Runs `run` once per clientToken; `recovery` reconciles a first run whose outcome the cloud did not tell. */
function once<T>(
  ctx: GatewayContext,
  mutation: string,
  input: { clientToken?: string | null },
  run: () => Promise<T>,
  recovery: Pick<IdempotentCall<T>, 'reconcile' | 'unsettled'> = {},
): Promise<T> {
  const { clientToken, ...rest } = input;
  return runIdempotent({
    ...recovery,
    store: ctx.idempotency,
    principal: `${ctx.principal.kind}:${ctx.principal.name}`,
    mutation,
    clientToken: checkClientToken(clientToken),
    input: rest,
    signal: ctx.signal,
    run,
  });
}

const nodeOperation =
  (action: NodeAction): NonNullable<MutationResolvers['rebootNodes']> =>
  (_, { input }, ctx) => {
    const nodes = checkNodeIds(input.ids, ctx.providers, ctx.limits.maxIds);
    return once(ctx, `${action}Nodes`, input, () => operateNodes(ctx, action, nodes, input.ids), {
      unsettled: hasUnknownNodes,
      reconcile: (known) => reconcileNodeOperation(ctx, action, input.ids, known),
    });
  };

export const Mutation: MutationResolvers = {
  createHyperCluster: (_, { input }, ctx) => {
    const provider = ctx.providers.get(input.provider, 'input.provider');
    const region = input.region ?? provider.regions[0]!;
    ctx.providers.forId({ provider: input.provider, region }, 'input.region');
    const spec = { name: checkName(input.name), subnetId: checkSubnetId(input.subnetId), type: input.type ?? null };
    return once(
      ctx,
      'createHyperCluster',
      input,
      async () => {
        const hyperCluster = await provider.createHyperCluster(region, spec, ctx.callOptions(provider.name));
        ctx.loaders.hyperClusters.prime(hyperCluster);
        await ctx.fleet.invalidate(provider.name, region);
        return { hyperCluster };
      },
      {
        reconcile: () =>
          reconcileCreate(async () => {
            const hyperCluster = await provider.findHyperClusterByName(region, spec.name, ctx.callOptions(provider.name));
            return hyperCluster ? { hyperCluster } : null;
          }, spec.name),
      },
    );
  },

  deleteHyperCluster: (_, { input }, ctx) => {
    const parsed = parseId(input.id, 'hypercluster', 'input.id');
    const provider = ctx.providers.forId(parsed, 'input.id');
    return once(
      ctx,
      'deleteHyperCluster',
      input,
      async () => {
        const deleted = await provider.deleteHyperCluster(parsed.region, parsed.nativeId, ctx.callOptions(provider.name));
        if (!deleted) throw new GatewayError('NOT_FOUND', `input.id: there is no hyper cluster ${input.id}.`, { field: 'input.id' });
        ctx.loaders.hyperClusters.forget(input.id);
        await ctx.fleet.invalidate(provider.name, parsed.region);
        return { deletedId: input.id };
      },
      {
        reconcile: () =>
          reconcileDelete(
            async () => (await provider.getHyperCluster(parsed.region, parsed.nativeId, ctx.callOptions(provider.name))) !== null,
            { deletedId: input.id },
            input.id,
          ),
      },
    );
  },

  rebootNodes: nodeOperation('reboot'),
  stopNodes: nodeOperation('stop'),
  startNodes: nodeOperation('start'),
};
