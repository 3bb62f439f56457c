/**
 * Reboot, stop and start: the IDs split by cloud and region, each part run in parallel by its provider in the
 * fewest calls the cloud takes, per-node failures kept per node.
 */
import type { GatewayContext } from '../context.js';
import type { NodeAction, NodeFailureModel, NodeModel, NodeOperationResult } from '../model.js';
import { globalId, type ParsedId } from '../ids.js';
import { plannerOf } from '../providers/plans.js';
import { nodeFailure, unexpectedCauseOf } from '../providers/provider.js';
import { afterChange } from './after-change.js';

interface RegionGroup {
  provider: ParsedId['provider'];
  region: string;
  nativeIds: string[];
}

/** The nodes by cloud and region, in the order each group's first node was asked. */
function byRegion(nodes: readonly ParsedId[]): RegionGroup[] {
  const groups = new Map<string, RegionGroup>();
  for (const parsed of nodes) {
    const key = `${parsed.provider}:${parsed.region}`;
    const group = groups.get(key) ?? { provider: parsed.provider, region: parsed.region, nativeIds: [] };
    group.nativeIds.push(parsed.nativeId);
    groups.set(key, group);
  }
  return [...groups.values()];
}

/** A dry run: the calls each cloud would be sent, from the IDs alone; nothing is read or changed. */
export function planNodeOperation(action: NodeAction, nodes: readonly ParsedId[], ids: readonly string[]): NodeOperationResult {
  const plans = byRegion(nodes).map(({ provider, region, nativeIds }) => plannerOf(provider).nodeAction(action, region, nativeIds));
  const order = new Map(ids.map((id, i) => [id, i]));
  return {
    nodeIds: [],
    tasks: [],
    failures: plans.flatMap((p) => p.failures).sort((a, b) => order.get(a.nodeId)! - order.get(b.nodeId)!),
    plannedCalls: plans.flatMap((p) => p.calls).sort((a, b) => order.get(a.targetIds[0]!)! - order.get(b.targetIds[0]!)!),
  };
}

export async function operateNodes(ctx: GatewayContext, action: NodeAction, nodes: readonly ParsedId[], ids: readonly string[]): Promise<NodeOperationResult> {
  const groups = byRegion(nodes);
  const outcomes = await Promise.all(
    groups.map(async ({ provider: name, region, nativeIds }) => {
      const cloud = ctx.clouds.get(name);
      const idOf = (nativeId: string) => globalId(name, region, 'node', nativeId);
      const lookup = async (wanted: readonly string[]) => {
        const loaded = await ctx.loaders.nodes.known.loadMany(wanted.map(idOf));
        return new Map(wanted.flatMap((nativeId, i) => (loaded[i] ? [[nativeId, loaded[i] as NodeModel | Error] as const] : [])));
      };
      try {
        return await cloud.actOnNodes(action, region, nativeIds, lookup);
      } catch (error) {
        return { tasks: [], failures: nativeIds.map((nativeId) => nodeFailure(idOf(nativeId), error)) };
      } finally {
        // What changed is read afresh: the payload's nodes show the operation under way, the next list too.
        await afterChange(ctx, name, region, { nodes: nativeIds.map(idOf) });
      }
    }),
  );
  const order = new Map(ids.map((id, i) => [id, i]));
  const byInput = (a: string, b: string) => order.get(a)! - order.get(b)!;
  const failures = outcomes.flatMap((o) => o.failures);
  logUnexpected(ctx, action, failures);
  const tasks = outcomes.flatMap((o) => o.tasks);
  await ctx.taskService.started(action, tasks);
  const accepted = new Set(tasks.flatMap((t) => t.nodeIds));
  const sortedTasks = tasks.map((t) => ({ ...t, nodeIds: [...t.nodeIds].sort(byInput) }));
  return {
    nodeIds: ids.filter((id) => accepted.has(id)),
    // Tasks in the order of the first node each covers, whatever order the calls finished in.
    tasks: sortedTasks.sort((a, b) => byInput(a.nodeIds[0]!, b.nodeIds[0]!)),
    failures: failures.sort((a, b) => byInput(a.nodeId, b.nodeId)),
  };
}

/**
 * The caller sees a masked INTERNAL_SERVER_ERROR per node; the log gets the error behind it, once per error (one
 * failed call fails all its nodes) with the request's ID, so that a bug in an operation does not vanish.
 */
function logUnexpected(ctx: GatewayContext, action: NodeAction, failures: readonly NodeFailureModel[]): void {
  const nodesOf = new Map<unknown, string[]>();
  for (const failure of failures) {
    const cause = unexpectedCauseOf(failure);
    if (cause !== undefined) nodesOf.set(cause, [...(nodesOf.get(cause) ?? []), failure.nodeId]);
  }
  for (const [cause, nodeIds] of nodesOf) {
    const err = cause instanceof Error ? cause : new Error(String(cause));
    ctx.logger.error({ err, requestId: ctx.requestId, action, nodeIds }, 'node operation failed unexpectedly; answered INTERNAL_SERVER_ERROR');
  }
}
