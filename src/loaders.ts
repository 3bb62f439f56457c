/**
 * Per-request DataLoaders. Each kind has two: `known` answers with whatever the request already holds for an ID
 * (a list item, a batched summary or a detail), and `detail` only with the whole object. Larger answers prime
 * smaller ones: a hypernode detail primes its nodes, list pages prime their items, so nothing in hand is fetched
 * again. Batch functions group keys by cloud and region and answer from a Map, in key order.
 *
 * `naive` switches all of that off (no batching, no cache, no priming, references fetched): the reference the
 * benchmark compares against.
 *
 * Each loader is made on its first use: a request that reads nothing by ID makes none.
 */
import DataLoader from 'dataloader';
import type { BoundCloud, Clouds } from './clouds.js';
import { globalId, parseId, type ParsedId } from './ids.js';
import type { HyperClusterModel, HyperNodeModel, ResourceKind, NodeModel, ResourceRef } from './model.js';
import type { NodeNeeds } from './providers/provider.js';

/** Told the kind and key count of each batch a loader runs (for the batch size metric). */
export type BatchObserver = (kind: ResourceKind, size: number) => void;

export interface LoaderOptions {
  naive?: boolean;
  onBatch?: BatchObserver | undefined;
}

/** Fetches several objects of one cloud region; IDs the cloud does not know are absent, failed ones hold an Error. */
type Fetch<T> = (cloud: BoundCloud, region: string, nativeIds: string[]) => Promise<Map<string, T | Error>>;
type BatchFn<T> = (keys: readonly string[]) => Promise<Array<T | null | Error>>;

/** The fields a detail answer always fills; an object missing one of them is partial. */
const NODE_FIELDS = ['hostname', 'status', 'state', 'machineType', 'imageId', 'networks', 'userData', 'disks', 'createdAt', 'hyperNodeId'] as const;
const HYPERNODE_FIELDS = ['hostname', 'status', 'state', 'machineType', 'fileSystemMountEnabled', 'createdAt', 'clusterId', 'nodes'] as const;
const HYPERCLUSTER_FIELDS = ['name', 'type', 'status', 'state', 'networks', 'createdAt'] as const;

const isComplete = <T>(fields: readonly (keyof T)[]) => (item: T) => fields.every((field) => item[field] !== undefined);

/**
 * A DataLoader that answers first from what the request holds, when `held` gives it. Priming is only recording what
 * is held: a list of a thousand items makes no promise and no cache entry per item, only the IDs read later do.
 */
export class HeldFirstLoader<T> {
  constructor(
    private readonly loader: DataLoader<string, T | null>,
    private readonly held: (id: string) => T | undefined,
  ) {}

  load(id: string): Promise<T | null> {
    const held = this.held(id);
    return held === undefined ? this.loader.load(id) : Promise.resolve(held);
  }

  loadMany(ids: readonly string[]): Promise<Array<T | null | Error>> {
    return Promise.all(ids.map((id) => this.load(id).catch((error: unknown) => (error instanceof Error ? error : new Error(String(error))))));
  }

  /** Forgets the answer of a load made earlier. */
  clear(id: string): void {
    this.loader.clear(id);
  }
}

export class ResourceLoader<T extends ResourceRef> {
  /** Whatever the request holds for an ID, else the cloud's answer. */
  readonly known: HeldFirstLoader<T>;
  /** The whole object: what the request holds only when it is whole, else the cloud's answer. */
  readonly detail: HeldFirstLoader<T>;
  /** What the request holds per ID, merged from every answer that carried it. */
  private readonly held = new Map<string, T>();

  constructor(
    private readonly kind: ResourceKind,
    complete: (item: T) => boolean,
    private readonly naive: boolean,
    fetchDetail: BatchFn<T>,
    fetchKnown?: BatchFn<T>,
  ) {
    const options = naive ? { batch: false, cache: false } : {};
    this.detail = new HeldFirstLoader(new DataLoader(fetchDetail, options), (id) => {
      const held = this.held.get(id);
      return held && complete(held) ? held : undefined;
    });
    this.known = new HeldFirstLoader(new DataLoader(fetchKnown ?? ((keys) => this.detail.loadMany(keys)), options), (id) => this.held.get(id));
  }

  /** Records an object the request now holds, merged with what it held of it; a whole object also answers detail loads. */
  prime(item: T): void {
    if (this.naive) return;
    this.held.set(item.id, mergeDefined(this.held.get(item.id), item));
  }

  /** Drops what the request holds for `id`, after a change to it: the next read asks the cloud. */
  forget(id: string): void {
    this.held.delete(id);
    this.known.clear(id);
    this.detail.clear(id);
  }

  /** What the request already holds for `id`, without a call. */
  peek(id: string): T | undefined {
    return this.held.get(id);
  }

  /**
   * The object an ID that the cloud gave us refers to (a node's hypernode, a hypernode's cluster). It exists, so
   * it is answered at once with what is held (at least its ID); its resolvers fetch other fields when asked.
   */
  ref(id: string): T | Promise<T | null> {
    if (this.naive) return this.detail.load(id);
    if (this.held.has(id)) return this.held.get(id)!;
    const { provider, region, nativeId } = parseId(id, this.kind);
    return { id, provider, region, nativeId } as T;
  }
}

/** The newer answer wins where it has a value; the older fills what the newer left out. */
function mergeDefined<T extends object>(older: T | undefined, newer: T): T {
  if (!older) return newer;
  // Object.assign, not a spread: on Node 20 a spread copy that is then written to is slow and large (see adapter.ts).
  const merged = Object.assign({}, older) as Record<string, unknown>;
  const fields = newer as Record<string, unknown>;
  for (const field in fields) {
    const value = fields[field];
    if (value !== undefined && Object.hasOwn(fields, field)) merged[field] = value;
  }
  return merged as T;
}

/** `make()` on the first call, its value on every later one. */
function lazy<T>(make: () => T): () => T {
  let value: T | undefined;
  return () => (value ??= make());
}

/** What either asks for. */
function mergeNeeds(a: NodeNeeds | undefined, b: NodeNeeds | undefined): NodeNeeds {
  return { disks: Boolean(a?.disks || b?.disks), userData: Boolean(a?.userData || b?.userData) };
}

export interface Loaders {
  hyperNodes: ResourceLoader<HyperNodeModel>;
  nodes: ResourceLoader<NodeModel>;
  hyperClusters: ResourceLoader<HyperClusterModel>;
  /** The nodes of a hypernode, carrying at least what `needs` names. */
  nodesOf(hyperNode: HyperNodeModel, needs: NodeNeeds): Promise<NodeModel[]>;
}

export function createLoaders(clouds: Clouds, options: LoaderOptions = {}): Loaders {
  const naive = options.naive ?? false;

  const batch =
    <T extends ResourceRef>(kind: ResourceKind, fetch: Fetch<T>, onLoaded: (item: T) => void): BatchFn<T> =>
    async (keys) => {
      options.onBatch?.(kind, keys.length);
      const groups = new Map<string, { parsed: ParsedId; nativeIds: string[] }>();
      // Each key parsed once: where it goes (its cloud region) and what it is there (its native ID).
      const placed = keys.map((key) => {
        const parsed = parseId(key, kind);
        return { parsed, groupKey: `${parsed.provider}:${parsed.region}` };
      });
      for (const { parsed, groupKey } of placed) {
        const group = groups.get(groupKey) ?? { parsed, nativeIds: [] };
        group.nativeIds.push(parsed.nativeId);
        groups.set(groupKey, group);
      }
      const answers = new Map<string, T | Error>();
      const failures = new Map<string, Error>();
      await Promise.all(
        [...groups].map(async ([groupKey, { parsed, nativeIds }]) => {
          try {
            const found = await fetch(clouds.forId(parsed), parsed.region, nativeIds);
            for (const [nativeId, item] of found) {
              if (!(item instanceof Error)) onLoaded(item);
              answers.set(`${groupKey}:${nativeId}`, item);
            }
          } catch (error) {
            failures.set(groupKey, error instanceof Error ? error : new Error(String(error)));
          }
        }),
      );
      return placed.map(({ parsed, groupKey }) => failures.get(groupKey) ?? answers.get(`${groupKey}:${parsed.nativeId}`) ?? null);
    };

  /** One call per ID, in parallel within the request's bound; a failure stays with its own ID. */
  const eachOf =
    <T>(get: (cloud: BoundCloud, region: string, nativeId: string) => Promise<T | null>): Fetch<T> =>
    async (cloud, region, nativeIds) => {
      const found = new Map<string, T | Error>();
      await Promise.all(
        nativeIds.map(async (nativeId) => {
          try {
            const item = await get(cloud, region, nativeId);
            if (item) found.set(nativeId, item);
          } catch (error) {
            found.set(nativeId, error instanceof Error ? error : new Error(String(error)));
          }
        }),
      );
      return found;
    };

  const primeHyperNode = (item: HyperNodeModel): void => {
    loaders.hyperNodes.prime(item);
    for (const node of item.nodes ?? []) loaders.nodes.prime(node);
  };

  /** What each pending `nodesOf` key needs of its nodes, merged per batch. */
  const nodeNeedsWanted = new Map<string, NodeNeeds>();
  /** The cluster of each pending `nodesOf` key as its parent gave it (a shared list item is not primed). */
  const clusterOfWanted = new Map<string, string | null>();
  const nodesOfLoader = lazy(() => new DataLoader<string, HyperNodeModel | null>(
    batch<HyperNodeModel>(
      'hypernode',
      async (cloud, region, nativeIds) => {
        let needs: NodeNeeds = {};
        const refs = nativeIds.map((nativeId) => {
          const id = globalId(cloud.name, region, 'hypernode', nativeId);
          needs = mergeNeeds(needs, nodeNeedsWanted.get(id));
          nodeNeedsWanted.delete(id);
          const clusterId = loaders.hyperNodes.peek(id)?.clusterId ?? clusterOfWanted.get(id);
          clusterOfWanted.delete(id);
          return { nativeId, clusterNativeId: clusterId ? parseId(clusterId, 'hypercluster').nativeId : null };
        });
        return cloud.getHyperNodeNodes(region, refs, needs);
      },
      primeHyperNode,
    ),
  ));

  const hyperNodes = lazy(
    () =>
      new ResourceLoader<HyperNodeModel>(
        'hypernode',
        isComplete<HyperNodeModel>(HYPERNODE_FIELDS),
        naive,
        batch('hypernode', eachOf((c, r, id) => c.getHyperNode(r, id)), primeHyperNode),
        batch('hypernode', (c, r, ids) => c.getHyperNodes(r, ids), primeHyperNode),
      ),
  );
  const nodes = lazy(
    () =>
      new ResourceLoader<NodeModel>(
        'node',
        isComplete<NodeModel>(NODE_FIELDS),
        naive,
        batch('node', (c, r, ids) => c.getNodes(r, ids), (item) => loaders.nodes.prime(item)),
      ),
  );
  const hyperClusters = lazy(
    () =>
      new ResourceLoader<HyperClusterModel>(
        'hypercluster',
        isComplete<HyperClusterModel>(HYPERCLUSTER_FIELDS),
        naive,
        batch('hypercluster', eachOf((c, r, id) => c.getHyperCluster(r, id)), (item) => loaders.hyperClusters.prime(item)),
      ),
  );

  const loaders: Loaders = {
    get hyperNodes() {
      return hyperNodes();
    },
    get nodes() {
      return nodes();
    },
    get hyperClusters() {
      return hyperClusters();
    },
    async nodesOf(hyperNode, needs) {
      const held = hyperNode.nodes ?? loaders.hyperNodes.peek(hyperNode.id)?.nodes;
      if (held) return held;
      if (naive) return (await loaders.hyperNodes.detail.load(hyperNode.id))?.nodes ?? [];
      nodeNeedsWanted.set(hyperNode.id, mergeNeeds(nodeNeedsWanted.get(hyperNode.id), needs));
      if (hyperNode.clusterId !== undefined) clusterOfWanted.set(hyperNode.id, hyperNode.clusterId);
      return (await nodesOfLoader().load(hyperNode.id))?.nodes ?? [];
    },
  };
  return loaders;
}
