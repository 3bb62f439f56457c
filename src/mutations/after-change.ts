/**
 * The one step after a mutation changed something in the cloud: everything that holds the changed objects forgets
 * them, so the next read asks the cloud. That is the region's fleet snapshot (shared by every request) and what this
 * request's loaders hold of the changed IDs.
 */
import type { GatewayContext } from '../context.js';
import type { ProviderName } from '../model.js';

/** The global IDs a mutation changed, by the loader that may hold them. */
export interface Changed {
  nodes?: readonly string[];
  hyperClusters?: readonly string[];
}

export async function afterChange(ctx: Pick<GatewayContext, 'fleet' | 'loaders'>, provider: ProviderName, region: string, changed: Changed = {}): Promise<void> {
  for (const id of changed.nodes ?? []) ctx.loaders.nodes.forget(id);
  for (const id of changed.hyperClusters ?? []) ctx.loaders.hyperClusters.forget(id);
  // The region's snapshot no longer shows what changed as it is: the next list reads the region again.
  await ctx.fleet.invalidate(provider, region);
}
