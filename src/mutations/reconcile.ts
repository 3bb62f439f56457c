/**
 * Reconciling a mutation whose first run got no answer from the cloud, by reading what the cloud shows — never by
 * running it again. Used by a retry with the same clientToken (see idempotency.ts).
 */
import type { GatewayContext } from '../context.js';
import type { LifecycleState, NodeAction, NodeModel, NodeOperationResult } from '../model.js';
import { OutcomeUnknownError } from './idempotency.js';

/** States that show the action was carried out (or is under way). A rebooted node that is up again shows nothing. */
const SHOWS: Record<NodeAction, readonly LifecycleState[]> = {
  reboot: ['REBOOTING', 'UPDATING'],
  stop: ['STOPPING', 'STOPPED'],
  start: ['STARTING', 'RUNNING'],
};

export const UNKNOWN = 'OUTCOME_UNKNOWN';

/** Whether some nodes of a node operation's result are of unknown outcome. */
export function hasUnknownNodes(result: NodeOperationResult): boolean {
  return result.failures.some((failure) => failure.code === UNKNOWN);
}

/**
 * The result of a node operation with its nodes of unknown outcome read afresh: those whose state shows the action
 * count as accepted (with no task: the cloud's is not known), the others stay OUTCOME_UNKNOWN. Without a known result every node is read.
 */
export async function reconcileNodeOperation(
  ctx: GatewayContext,
  action: NodeAction,
  ids: readonly string[],
  known: NodeOperationResult | undefined,
): Promise<NodeOperationResult> {
  const base: NodeOperationResult = known ?? {
    nodeIds: [],
    tasks: [],
    failures: ids.map((nodeId) => ({ nodeId, code: UNKNOWN, message: 'Whether the action was carried out is unknown.', providerCode: null, requestId: null })),
  };
  const unknown = base.failures.filter((failure) => failure.code === UNKNOWN).map((failure) => failure.nodeId);
  if (unknown.length === 0) return base;
  for (const id of unknown) ctx.loaders.nodes.forget(id);
  const read = await ctx.loaders.nodes.detail.loadMany(unknown);
  const shown = new Set(
    unknown.filter((_, i) => {
      const node = read[i];
      return node && !(node instanceof Error) && (SHOWS[action] as readonly (string | undefined)[]).includes((node as NodeModel).state);
    }),
  );
  const order = new Map(ids.map((id, i) => [id, i]));
  const accepted = new Set([...base.nodeIds, ...shown]);
  return {
    nodeIds: ids.filter((id) => accepted.has(id)),
    // The cloud's task for a node that shows the action is not known: the node is accepted, with no task of its own.
    tasks: base.tasks,
    failures: base.failures
      .filter((failure) => !shown.has(failure.nodeId))
      .map((failure) =>
        failure.code === UNKNOWN
          ? { ...failure, message: `The first request with this clientToken got no answer for this node, and the node does not show the ${action}: whether it was carried out is unknown.` }
          : failure,
      )
      .sort((a, b) => order.get(a.nodeId)! - order.get(b.nodeId)!),
  };
}

/** A hyper cluster create of unknown outcome: the cluster by its name, or OUTCOME_UNKNOWN while none shows. */
export async function reconcileCreate<T>(find: () => Promise<T | null>, name: string): Promise<T> {
  const found = await find();
  if (found) return found;
  throw new OutcomeUnknownError(
    `The first createHyperCluster with this clientToken got no answer from the cloud, and no hyper cluster named ${name} shows yet: whether it was created is unknown. Retry later with the same clientToken.`,
  );
}

/** A hyper cluster delete of unknown outcome: done when the cluster is gone, OUTCOME_UNKNOWN while it still shows. */
export async function reconcileDelete<T>(stillThere: () => Promise<boolean>, done: T, id: string): Promise<T> {
  if (!(await stillThere())) return done;
  throw new OutcomeUnknownError(
    `The first deleteHyperCluster with this clientToken got no answer from the cloud, and ${id} still shows: whether it is being deleted is unknown. Retry later with the same clientToken.`,
  );
}
