/**
 * Per-request DataLoaders. Each kind has two: `known` answers with whatever the request already holds for an ID
 * (a list item, a batched summary or a detail), and `detail` only with the whole object. Larger answers prime
 * smaller ones: a hypernode detail primes its nodes, list pages prime their items, so nothing in hand is fetched
 * again. Batch functions group keys by cloud and region and answer from a Map, in key order.
 */
import DataLoader from 'dataloader';
import { parseId, type ParsedId } from './ids.js';
import type { HyperClusterModel, HyperNodeModel, Kind, NodeModel, Provider, ResourceRef } from './model.js';
import type { CallOptions, CloudProvider } from './providers/provider.js';
import type { Providers } from './providers/registry.js';

export type CallOptionsFor = (provider: Provider) => CallOptions;

/** Told the kind and key count of each batch a loader runs (for the batch size metric). */
export type BatchObserver = (kind: Kind, size: number) => void;

/** Fetches several objects of one cloud region; IDs the cloud does not know are absent, failed ones hold an Error. */
type Fetch<T> = (
  provider: CloudProvider,
  region: string,
  nativeIds: string[],
  options: CallOptions,
) => Promise<Map<string, T | Error>>;

/** The fields a detail answer always fills; an object missing one of them is partial. */
const NODE_FIELDS = ['hostname', 'status', 'state', 'machineType', 'imageId', 'networks', 'userData', 'disks', 'createdAt', 'hyperNodeId'] as const;
const HYPERNODE_FIELDS = ['hostname', 'status', 'state', 'machineType', 'fileSystemMountEnabled', 'createdAt', 'clusterId', 'nodes'] as const;
const HYPERCLUSTER_FIELDS = ['name', 'type', 'status', 'state', 'networks', 'createdAt'] as const;

const isComplete = <T>(fields: readonly (keyof T)[]) => (item: T) => fields.every((field) => item[field] !== undefined);

export class ResourceLoader<T extends ResourceRef> {
  readonly known: DataLoader<string, T | null>;
  readonly detail: DataLoader<string, T | null>;
  /** What the request holds per ID, merged from every answer that carried it. */
  private readonly held = new Map<string, T>();

  constructor(
    private readonly complete: (item: T) => boolean,
    fetchDetail: (keys: readonly string[]) => Promise<Array<T | null | Error>>,
    fetchKnown?: (keys: readonly string[]) => Promise<Array<T | null | Error>>,
  ) {
    this.detail = new DataLoader(fetchDetail);
    this.known = new DataLoader(fetchKnown ?? ((keys) => this.detail.loadMany(keys) as Promise<Array<T | null | Error>>));
  }

  /** Records an object the request now holds; a whole object also answers later detail loads. */
  prime(item: T): void {
    const merged = mergeDefined(this.held.get(item.id), item);
    this.held.set(item.id, merged);
    this.known.clear(item.id).prime(item.id, merged);
    if (this.complete(merged)) this.detail.clear(item.id).prime(item.id, merged);
  }
}

/** The newer answer wins where it has a value; the older fills what the newer left out. */
function mergeDefined<T extends object>(older: T | undefined, newer: T): T {
  if (!older) return newer;
  const merged = { ...older };
  for (const [field, value] of Object.entries(newer)) if (value !== undefined) (merged as Record<string, unknown>)[field] = value;
  return merged;
}

export interface Loaders {
  hyperNodes: ResourceLoader<HyperNodeModel>;
  nodes: ResourceLoader<NodeModel>;
  hyperClusters: ResourceLoader<HyperClusterModel>;
}

export function createLoaders(providers: Providers, callOptions: CallOptionsFor, onBatch?: BatchObserver): Loaders {
  const batch =
    <T extends ResourceRef>(kind: Kind, fetch: Fetch<T>, onLoaded: (item: T) => void) =>
    async (keys: readonly string[]): Promise<Array<T | null | Error>> => {
      onBatch?.(kind, keys.length);
      const groups = new Map<string, { parsed: ParsedId; nativeIds: string[] }>();
      for (const key of keys) {
        const parsed = parseId(key, kind);
        const groupKey = `${parsed.provider}:${parsed.region}`;
        const group = groups.get(groupKey) ?? { parsed, nativeIds: [] };
        group.nativeIds.push(parsed.nativeId);
        groups.set(groupKey, group);
      }
      const answers = new Map<string, T | Error>();
      const failures = new Map<string, Error>();
      await Promise.all(
        [...groups].map(async ([groupKey, { parsed, nativeIds }]) => {
          try {
            const provider = providers.forId(parsed);
            const found = await fetch(provider, parsed.region, nativeIds, callOptions(parsed.provider));
            for (const [nativeId, item] of found) {
              if (!(item instanceof Error)) onLoaded(item);
              answers.set(`${groupKey}:${nativeId}`, item);
            }
          } catch (error) {
            failures.set(groupKey, error instanceof Error ? error : new Error(String(error)));
          }
        }),
      );
      return keys.map((key) => {
        const parsed = parseId(key, kind);
        const groupKey = `${parsed.provider}:${parsed.region}`;
        return failures.get(groupKey) ?? answers.get(`${groupKey}:${parsed.nativeId}`) ?? null;
      });
    };

  /** One call per ID, in parallel within the request's bound; a failure stays with its own ID. */
  const eachOf =
    <T>(get: (provider: CloudProvider, region: string, nativeId: string, options: CallOptions) => Promise<T | null>): Fetch<T> =>
    async (provider, region, nativeIds, options) => {
      const found = new Map<string, T | Error>();
      await Promise.all(
        nativeIds.map(async (nativeId) => {
          try {
            const item = await get(provider, region, nativeId, options);
            if (item) found.set(nativeId, item);
          } catch (error) {
            found.set(nativeId, error instanceof Error ? error : new Error(String(error)));
          }
        }),
      );
      return found;
    };

  const loaders: Loaders = {
    hyperNodes: new ResourceLoader<HyperNodeModel>(
      isComplete<HyperNodeModel>(HYPERNODE_FIELDS),
      batch('hypernode', eachOf((p, r, id, o) => p.getHyperNode(r, id, o)), (item) => primeHyperNode(item)),
      batch('hypernode', (p, r, ids, o) => p.getHyperNodes(r, ids, o), (item) => primeHyperNode(item)),
    ),
    nodes: new ResourceLoader<NodeModel>(
      isComplete<NodeModel>(NODE_FIELDS),
      batch('node', eachOf((p, r, id, o) => p.getNode(r, id, o)), (item) => loaders.nodes.prime(item)),
    ),
    hyperClusters: new ResourceLoader<HyperClusterModel>(
      isComplete<HyperClusterModel>(HYPERCLUSTER_FIELDS),
      batch('hypercluster', eachOf((p, r, id, o) => p.getHyperCluster(r, id, o)), (item) => loaders.hyperClusters.prime(item)),
    ),
  };

  function primeHyperNode(item: HyperNodeModel): void {
    loaders.hyperNodes.prime(item);
    for (const node of item.nodes ?? []) loaders.nodes.prime(node);
  }

  return loaders;
}
