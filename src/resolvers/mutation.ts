import type { GraphQLResolveInfo } from 'graphql';
import type { GatewayContext } from '../context.js';
import { GatewayError } from '../errors.js';
import type { MutationResolvers } from '../generated/graphql.js';
import { parseId } from '../ids.js';
import type { NodeAction, NodeOperationResult } from '../model.js';
import { afterChange } from '../mutations/after-change.js';
import { runIdempotent, type IdempotentCall } from '../mutations/idempotency.js';
import { InputProblems } from '../mutations/input-problems.js';
import { operateNodes, planNodeOperation } from '../mutations/node-operations.js';
import { hasUnknownNodes, reconcileCreate, reconcileDelete, reconcileNodeOperation } from '../mutations/reconcile.js';
import { checkClientToken, checkCreateSpec, checkNodeIds } from '../mutations/validation.js';
import { plannerOf } from '../providers/plans.js';

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
    clientToken: clientToken ?? null,
    input: rest,
    signal: ctx.clouds.signal,
    run,
  });
}

/** Checks the client token with the other input; every problem is thrown at once, before anything runs. */
function checked(ctx: GatewayContext, info: GraphQLResolveInfo, problems: InputProblems, clientToken: string | null | undefined): void {
  problems.check(() => checkClientToken(clientToken));
  problems.throwIfAny(ctx, info);
}

const describeOperation = (result: NodeOperationResult) => ({
  taskIds: result.tasks.map((task) => task.id),
  failedIds: result.failures.map((failure) => failure.nodeId),
});

const nodeOperation =
  (action: NodeAction): NonNullable<MutationResolvers['rebootNodes']> =>
  (_, { input }, ctx, info) => {
    const mutation = `${action}Nodes`;
    const dryRun = input.dryRun === true;
    const entry = { mutation, targetIds: input.ids, clientToken: input.clientToken, dryRun };
    return ctx.audit.record(
      ctx.principal,
      entry,
      async () => {
        const problems = new InputProblems();
        const nodes = checkNodeIds(input.ids, ctx.providers, ctx.limits.maxIds, problems);
        checked(ctx, info, problems, input.clientToken);
        if (dryRun) return planNodeOperation(action, nodes, input.ids);
        return once(ctx, mutation, input, () => operateNodes(ctx, action, nodes, input.ids), {
          unsettled: hasUnknownNodes,
          reconcile: (known) => reconcileNodeOperation(ctx, action, input.ids, known),
        });
      },
      describeOperation,
    );
  };

export const Mutation: MutationResolvers = {
  createHyperCluster: (_, { input }, ctx, info) => {
    const dryRun = input.dryRun === true;
    const entry = { mutation: 'createHyperCluster', targetIds: [], clientToken: input.clientToken, dryRun };
    return ctx.audit.record(
      ctx.principal,
      entry,
      async () => {
        const problems = new InputProblems();
        const provider = problems.check(() => ctx.clouds.get(input.provider, 'input.provider'));
        const region = input.region ?? provider?.regions[0];
        if (provider && region !== undefined) problems.check(() => ctx.providers.forId({ provider: input.provider, region }, 'input.region'));
        const spec = { name: input.name, subnetId: input.subnetId ?? null, type: input.type ?? null };
        if (provider) checkCreateSpec(provider, spec, problems);
        checked(ctx, info, problems, input.clientToken);
        if (dryRun) return { hyperCluster: null, plannedCalls: [plannerOf(input.provider).createHyperCluster(region!, spec)] };
        return once(
          ctx,
          'createHyperCluster',
          input,
          async () => {
            const hyperCluster = await provider!.createHyperCluster(region!, spec).catch((error: unknown) => {
              // The cloud's duplicate-name answer is about the input's name: a form marks that field.
              if (error instanceof GatewayError && error.code === 'CONFLICT') {
                throw new GatewayError('CONFLICT', `input.name: ${region} already has a hyper cluster named "${spec.name}"; choose another name.`, {
                  ...error.details,
                  field: 'input.name',
                });
              }
              throw error;
            });
            await afterChange(ctx, provider!.name, region!);
            ctx.loaders.hyperClusters.prime(hyperCluster);
            return { hyperCluster };
          },
          {
            reconcile: () =>
              reconcileCreate(async () => {
                const hyperCluster = await provider!.findHyperClusterByName(region!, spec.name);
                return hyperCluster ? { hyperCluster } : null;
              }, spec.name),
          },
        );
      },
      (result) => ({ targetIds: result.hyperCluster ? [result.hyperCluster.id] : [] }),
    );
  },

  deleteHyperCluster: (_, { input }, ctx, info) => {
    const entry = { mutation: 'deleteHyperCluster', targetIds: [input.id], clientToken: input.clientToken, dryRun: false };
    return ctx.audit.record(ctx.principal, entry, async () => {
      const problems = new InputProblems();
      const parsed = problems.check(() => parseId(input.id, 'hypercluster', 'input.id'));
      const provider = parsed && problems.check(() => ctx.clouds.forId(parsed, 'input.id'));
      checked(ctx, info, problems, input.clientToken);
      return once(
        ctx,
        'deleteHyperCluster',
        input,
        async () => {
          const deleted = await provider!.deleteHyperCluster(parsed!.region, parsed!.nativeId);
          if (!deleted) throw new GatewayError('NOT_FOUND', `input.id: there is no hyper cluster ${input.id}.`, { field: 'input.id' });
          await afterChange(ctx, provider!.name, parsed!.region, { hyperClusters: [input.id] });
          return { deletedId: input.id };
        },
        {
          reconcile: () =>
            reconcileDelete(
              async () => (await provider!.getHyperCluster(parsed!.region, parsed!.nativeId)) !== null,
              { deletedId: input.id },
              input.id,
            ),
        },
      );
    });
  },

  rebootNodes: nodeOperation('reboot'),
  stopNodes: nodeOperation('stop'),
  startNodes: nodeOperation('start'),
};
