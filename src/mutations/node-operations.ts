/**
 * Reboot, stop and start: the IDs split by cloud and region, each part run in parallel by its provider in the
 * fewest calls the cloud takes, per-node failures kept per node.
 */
import type { GatewayContext } from '../context.js';
import type { NodeAction, NodeModel, NodeOperationResult } from '../model.js';
import { globalId, type ParsedId } from '../ids.js';
import { nodeFailure } from '../providers/provider.js';

export async function operateNodes(ctx: GatewayContext, action: NodeAction, nodes: readonly ParsedId[], ids: readonly string[]): Promise<NodeOperationResult> {
  const groups = new Map<string, { provider: ParsedId['provider']; region: string; nativeIds: string[] }>();
  for (const parsed of nodes) {
    const key = `${parsed.provider}:${parsed.region}`;
    const group = groups.get(key) ?? { provider: parsed.provider, region: parsed.region, nativeIds: [] };
    group.nativeIds.push(parsed.nativeId);
    groups.set(key, group);
  }
  const outcomes = await Promise.all(
    [...groups.values()].map(async ({ provider: name, region, nativeIds }) => {
      const provider = ctx.providers.get(name);
      const idOf = (nativeId: string) => globalId(name, region, 'node', nativeId);
      const lookup = async (wanted: readonly string[]) => {
        const loaded = await ctx.loaders.nodes.known.loadMany(wanted.map(idOf));
        return new Map(wanted.flatMap((nativeId, i) => (loaded[i] ? [[nativeId, loaded[i] as NodeModel | Error] as const] : [])));
      };
      try {
        return await provider.actOnNodes(action, region, nativeIds, lookup, ctx.callOptions(name));
      } catch (error) {
        return { tasks: [], failures: nativeIds.map((nativeId) => nodeFailure(idOf(nativeId), error)) };
      }
    }),
  );
  // What changed is read afresh: the payload's nodes show the operation under way.
  for (const id of ids) ctx.loaders.nodes.forget(id);
  const order = new Map(ids.map((id, i) => [id, i]));
  const byInput = (a: string, b: string) => order.get(a)! - order.get(b)!;
  const tasks = outcomes.flatMap((o) => o.tasks);
  await ctx.taskService.started(action, tasks);
  const accepted = new Set(tasks.flatMap((t) => t.nodeIds));
  const sortedTasks = tasks.map((t) => ({ ...t, nodeIds: [...t.nodeIds].sort(byInput) }));
  return {
    nodeIds: ids.filter((id) => accepted.has(id)),
    // Tasks in the order of the first node each covers, whatever order the calls finished in.
    tasks: sortedTasks.sort((a, b) => byInput(a.nodeIds[0]!, b.nodeIds[0]!)),
    failures: outcomes.flatMap((o) => o.failures).sort((a, b) => byInput(a.nodeId, b.nodeId)),
  };
}
