/**
 * Pages and counts over region inventories. Items are ordered by region (the lists' fixed order), then by global
 * ID; a cursor holds the region and the last ID read, so a page after a snapshot refresh neither repeats nor skips
 * an item that is still there. Counts group the filtered items by the dimensions asked, in a stable order.
 */
import { encodeCursor, readCursor } from '../cursor.js';
import { BadUserInputError } from '../errors.js';
import type { LifecycleState, NodeDimension } from '../generated/graphql.js';
import type { NodeModel, ProviderName } from '../model.js';
import { checkFirst, type Connection } from '../pagination.js';
import type { Inventory } from './store.js';

/** One region's items that passed the filter, in ID order. */
export interface RegionItems<T> {
  index: number;
  inventory: Inventory<T>;
  matched: T[];
}

const MAX_ID = 256;

interface CursorData {
  /** Which list. */
  l: string;
  /** Index of the region. */
  s: number;
  /** Global ID of the last item read. */
  a: string;
}

export function decodeAfter(after: string | null | undefined, list: string, regionCount: number): { s: number; a: string } | null {
  if (!after) return null;
  const data = readCursor(after) as Partial<CursorData> | null;
  const valid =
    data !== null &&
    typeof data === 'object' &&
    Number.isInteger(data.s) &&
    data.s! >= 0 &&
    data.s! < regionCount &&
    typeof data.a === 'string' &&
    data.a.length <= MAX_ID &&
    typeof data.l === 'string';
  if (!valid) throw new BadUserInputError('after: not a cursor of this list; pass an endCursor unchanged.', 'after');
  if (data!.l !== list) throw new BadUserInputError('after: the cursor belongs to a different list (other filter).', 'after');
  return { s: data!.s!, a: data!.a! };
}

const encode = (data: CursorData) => encodeCursor(data);

/** The first index in `items` (sorted by id) whose id is greater than `id`. */
function firstAfter<T extends { id: string }>(items: readonly T[], id: string): number {
  let low = 0;
  let high = items.length;
  while (low < high) {
    const mid = (low + high) >>> 1;
    if (items[mid]!.id <= id) low = mid + 1;
    else high = mid;
  }
  return low;
}

/** A page of `first` items after the cursor, over the regions that answered (in region order). */
export function pageOf<T extends { id: string }>(
  regions: ReadonlyArray<RegionItems<T>>,
  args: { first?: number | null; after?: string | null },
  list: string,
  regionCount: number,
  maxPageSize: number,
): Connection<T> {
  const first = checkFirst(args.first, maxPageSize);
  const from = decodeAfter(args.after, list, regionCount);
  const collected: Array<{ item: T; index: number }> = [];
  for (const region of regions) {
    if (collected.length > first) break;
    if (from && region.index < from.s) continue;
    const start = from && region.index === from.s ? firstAfter(region.matched, from.a) : 0;
    for (let i = start; i < region.matched.length && collected.length <= first; i++) collected.push({ item: region.matched[i]!, index: region.index });
  }
  const edges = collected.slice(0, first).map(({ item, index }) => ({ cursor: encode({ l: list, s: index, a: item.id }), node: item }));
  return { edges, nodes: edges.map((e) => e.node), pageInfo: { hasNextPage: collected.length > first, endCursor: edges.at(-1)?.cursor ?? null } };
}

export interface NodeCountRow {
  provider: ProviderName | null;
  region: string | null;
  state: LifecycleState | null;
  machineType: string | null;
  hyperClusterId: string | null;
  count: number;
  asOf: string;
}

const STATE_ORDER: readonly LifecycleState[] = [
  'CREATING',
  'STARTING',
  'RUNNING',
  'AVAILABLE',
  'STOPPING',
  'STOPPED',
  'REBOOTING',
  'UPDATING',
  'RECOVERING',
  'DELETING',
  'DELETED',
  'ERROR',
  'UNKNOWN',
];
const PROVIDER_ORDER: readonly ProviderName[] = ['ALIBABA', 'HUAWEI'];

type Value = string | null;
type Groups = Map<string, { values: Value[]; count: number }>;

/** One region's groups, once per matched list (itself kept per snapshot and filter) and set of dimensions. */
const groupsByList = new WeakMap<object, Map<string, Groups>>();
const MAX_GROUPINGS_PER_LIST = 16;

function regionGroups(matched: readonly NodeModel[], dims: readonly NodeDimension[], valueOf: (dim: NodeDimension, node: NodeModel) => Value): Groups {
  let byDims = groupsByList.get(matched);
  if (!byDims) groupsByList.set(matched, (byDims = new Map()));
  const dimsKey = dims.join(',');
  const held = byDims.get(dimsKey);
  if (held) return held;
  const groups: Groups = new Map();
  for (const node of matched) {
    const values = dims.map((dim) => valueOf(dim, node));
    const key = values.map((v) => (v === null ? '\u0001' : v)).join('\u0000');
    const group = groups.get(key);
    if (group) group.count += 1;
    else groups.set(key, { values, count: 1 });
  }
  if (byDims.size >= MAX_GROUPINGS_PER_LIST) byDims.delete(byDims.keys().next().value!);
  byDims.set(dimsKey, groups);
  return groups;
}

/**
 * One row per group of `groupBy` over the matched nodes of every region; each row's `asOf` is the oldest of the
 * regions it counts. Regions are ordered as listed (`regionOrder`), names alphabetically, null last.
 */
export function countNodes(
  regions: ReadonlyArray<RegionItems<NodeModel> & { provider: ProviderName; region: string }>,
  groupBy: readonly NodeDimension[],
  regionOrder: readonly string[],
): NodeCountRow[] {
  const dims = [...new Set(groupBy)];
  const valueOf = (dim: NodeDimension, node: NodeModel): Value => {
    switch (dim) {
      case 'PROVIDER':
        return node.provider;
      case 'REGION':
        return node.region;
      case 'STATE':
        return node.state ?? 'UNKNOWN';
      case 'MACHINE_TYPE':
        return node.machineType ?? null;
      case 'HYPER_CLUSTER':
        return node.clusterId ?? null;
    }
  };
  const groups = new Map<string, { values: Value[]; count: number; asOf: number }>();
  for (const region of regions) {
    for (const [key, { values, count }] of regionGroups(region.matched, dims, valueOf)) {
      const group = groups.get(key);
      if (group) {
        group.count += count;
        group.asOf = Math.min(group.asOf, region.inventory.asOf);
      } else groups.set(key, { values, count, asOf: region.inventory.asOf });
    }
  }
  if (dims.length === 0 && groups.size === 0) {
    const asOf = regions.length > 0 ? Math.min(...regions.map((r) => r.inventory.asOf)) : Date.now();
    groups.set('[]', { values: [], count: 0, asOf });
  }
  const rank = (dim: NodeDimension, value: Value): [number, string] => {
    if (value === null) return [Number.MAX_SAFE_INTEGER, ''];
    if (dim === 'PROVIDER') return [PROVIDER_ORDER.indexOf(value as ProviderName), ''];
    if (dim === 'STATE') return [STATE_ORDER.indexOf(value as LifecycleState), ''];
    if (dim === 'REGION') return [regionOrder.indexOf(value), ''];
    return [0, value];
  };
  const rows = [...groups.values()].sort((a, b) => {
    for (let i = 0; i < dims.length; i++) {
      const [ra, sa] = rank(dims[i]!, a.values[i]!);
      const [rb, sb] = rank(dims[i]!, b.values[i]!);
      if (ra !== rb) return ra - rb;
      if (sa !== sb) return sa < sb ? -1 : 1;
    }
    return 0;
  });
  return rows.map(({ values, count, asOf }) => {
    const get = (dim: NodeDimension) => {
      const i = dims.indexOf(dim);
      return i < 0 ? null : values[i]!;
    };
    return {
      provider: get('PROVIDER') as ProviderName | null,
      region: get('REGION'),
      state: get('STATE') as LifecycleState | null,
      machineType: get('MACHINE_TYPE'),
      hyperClusterId: get('HYPER_CLUSTER'),
      count,
      asOf: new Date(asOf).toISOString(),
    };
  });
}
