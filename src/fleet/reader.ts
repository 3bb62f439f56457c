/**
 * Fleet lists and counts for one request: every region the query names is read at once (from the shared snapshot,
 * or walked for this request with sharing off), filtered, then paged or counted. A region that fails is reported
 * through `onRegionError` and left out; the others answer.
 */
import type { NodeDimension } from '../generated/graphql.js';
import type { NodeModel, ProviderName } from '../model.js';
import { checkFirst } from '../pagination.js';
import type { RegionSource } from '../providers/registry.js';
import type { FleetQuery } from './filter.js';
import { listHash } from '../cursor.js';
import { countNodes, decodeAfter, pageOf, type NodeCountRow, type RegionItems } from './lists.js';
import type { FleetConnection } from './model.js';
import type { FleetSnapshots, InventoryKind, ItemOf, Reader } from './snapshots.js';

export interface FleetRequest extends Reader {
  maxPageSize: number;
  onRegionError(source: RegionSource, error: unknown): void;
}

type Located<T> = RegionItems<T> & { provider: ProviderName; region: string };

async function read<K extends InventoryKind>(
  snapshots: FleetSnapshots,
  kind: K,
  query: FleetQuery<ItemOf<K>>,
  request: FleetRequest,
): Promise<Array<Located<ItemOf<K>>>> {
  const answers = await Promise.all(
    query.regions.map(async (source, index) => {
      try {
        const inventory = await snapshots.inventory(kind, source.provider, source.region, query.walk, request);
        return { index, inventory, matched: matching(inventory, query), provider: source.provider.name, region: source.region };
      } catch (error) {
        return { source, error, failed: true as const };
      }
    }),
  );
  // Failed regions are reported in the regions' order, whichever failed first.
  for (const answer of answers) if (answer.failed) request.onRegionError(answer.source, answer.error);
  return answers.filter((answer): answer is Located<ItemOf<K>> => !answer.failed);
}

/**
 * What a filter selects of one inventory, computed once per snapshot: a snapshot never changes (a refresh makes a
 * new one), so every request with the same filter shares the answer. At most a few filters are kept per snapshot.
 */
const matchedBySnapshot = new WeakMap<object, Map<string, unknown[]>>();
const MAX_FILTERS_PER_SNAPSHOT = 64;

function matching<T>(inventory: { items: T[] }, query: FleetQuery<T>): T[] {
  let byFilter = matchedBySnapshot.get(inventory);
  if (!byFilter) matchedBySnapshot.set(inventory, (byFilter = new Map()));
  const held = byFilter.get(query.key);
  if (held) return held as T[];
  const matched = inventory.items.filter(query.matches);
  if (byFilter.size >= MAX_FILTERS_PER_SNAPSHOT) byFilter.delete(byFilter.keys().next().value!);
  byFilter.set(query.key, matched);
  return matched;
}

const oldest = (regions: ReadonlyArray<RegionItems<unknown>>) =>
  new Date(regions.length > 0 ? Math.min(...regions.map((r) => r.inventory.asOf)) : Date.now()).toISOString();

/** A page of the filtered list with its total and age; `first` and `after` are checked before any region is read. */
export async function fleetPage<K extends InventoryKind>(
  snapshots: FleetSnapshots,
  kind: K,
  query: FleetQuery<ItemOf<K>>,
  args: { first?: number | null; after?: string | null },
  request: FleetRequest,
): Promise<FleetConnection<ItemOf<K>>> {
  const list = listHash(query.key + query.regions.map((r) => `|${r.provider.name}:${r.region}`).join(''));
  checkFirst(args.first, request.maxPageSize);
  decodeAfter(args.after, list, query.regions.length);
  const regions = await read(snapshots, kind, query, request);
  const page = pageOf<ItemOf<K>>(regions, args, list, query.regions.length, request.maxPageSize);
  return { ...page, totalCount: regions.reduce((sum, r) => sum + r.matched.length, 0), asOf: oldest(regions) };
}

/** How many items the filter selects in every region that answered. */
export async function fleetCount<K extends InventoryKind>(snapshots: FleetSnapshots, kind: K, query: FleetQuery<ItemOf<K>>, request: FleetRequest): Promise<number> {
  const regions = await read(snapshots, kind, query, request);
  return regions.reduce((sum, r) => sum + r.matched.length, 0);
}

export async function nodeCounts(
  snapshots: FleetSnapshots,
  query: FleetQuery<NodeModel>,
  groupBy: readonly NodeDimension[],
  request: FleetRequest,
): Promise<NodeCountRow[]> {
  const regions = await read(snapshots, 'nodes', query, request);
  return countNodes(regions, groupBy, query.regions.map((r) => r.region));
}
