/** The shared snapshot: fresh within the TTL, served stale up to twice it while one refresh runs, dropped by mutations. */
import { describe, expect, it } from 'vitest';
import { Clouds } from '../../src/clouds.js';
import { UpstreamError } from '../../src/errors.js';
import { FleetSnapshots } from '../../src/fleet/snapshots.js';
import { MemoryFleetStore } from '../../src/fleet/store.js';
import type { NodeModel } from '../../src/model.js';
import type { CallOptions, CloudProvider } from '../../src/providers/provider.js';
import { ProviderRegistry } from '../../src/providers/registry.js';
import { checkedItems, checkedToken, MAX_INVENTORY_PAGES, walkTokenPages } from '../../src/providers/walk.js';

const node = (n: number): NodeModel => ({ id: `huawei:cn-north-4:node:n${String(n).padStart(3, '0')}`, provider: 'HUAWEI', nativeId: `n${n}`, region: 'cn-north-4' });

/** A cloud whose walks the test finishes by hand, recording the signal each walk got. */
function manualCloud() {
  const pending: Array<{ resolve: (nodes: NodeModel[]) => void; reject: (e: Error) => void; options: CallOptions }> = [];
  const provider = {
    name: 'HUAWEI',
    regions: ['cn-north-4'],
    walkNodes: (_region: string, _filter: unknown, options: CallOptions) =>
      new Promise<NodeModel[]>((resolve, reject) => pending.push({ resolve, reject, options })),
  } as unknown as CloudProvider;
  /** A reader whose own calls (with sharing off) carry `signal`. */
  const reader = (signal = new AbortController().signal) => ({ signal, clouds: new Clouds(new ProviderRegistry([provider]), () => ({ signal })) });
  return { provider, pending, reader };
}

function setup(ttlMs = 1_000) {
  let now = 1_000_000;
  const store = new MemoryFleetStore(() => now);
  const snapshots = new FleetSnapshots({
    store,
    ttlMs,
    upstream: { requestTimeoutMs: 10_000, concurrencyPerProvider: 4, retry: { maxAttempts: 1, baseDelayMs: 1, maxDelayMs: 1, budgetPerRequest: 0 } },
    now: () => now,
  });
  const cloud = manualCloud();
  const read = (signal?: AbortSignal) => snapshots.inventory('nodes', cloud.provider, 'cn-north-4', {}, cloud.reader(signal));
  const tick = () => new Promise((resolve) => setImmediate(resolve));
  return { snapshots, cloud, read, tick, advance: (ms: number) => (now += ms), now: () => now };
}

describe('FleetSnapshots', () => {
  it('walks once for concurrent cold readers, then serves the snapshot within the TTL', async () => {
    const { cloud, read, tick, advance } = setup();
    const readers = [read(), read(), read()];
    await tick();
    expect(cloud.pending).toHaveLength(1);
    cloud.pending[0]!.resolve([node(2), node(1)]);
    const answers = await Promise.all(readers);
    expect(answers[0]!.items.map((n) => n.nativeId)).toEqual(['n1', 'n2']);
    advance(999);
    await read();
    expect(cloud.pending).toHaveLength(1);
  });

  it('serves an expired snapshot while one refresh runs, but never one twice the TTL old', async () => {
    const { cloud, read, tick, advance } = setup();
    const cold = read();
    await tick();
    cloud.pending[0]!.resolve([node(1)]);
    const first = await cold;
    advance(1_500);
    // Stale but within 2×TTL: answered at once from the old walk, and one refresh starts.
    expect(await read()).toBe(first);
    expect(await read()).toBe(first);
    expect(cloud.pending).toHaveLength(2);
    cloud.pending[1]!.resolve([node(1), node(3)]);
    await tick();
    expect((await read()).items).toHaveLength(2);
    // Past 2×TTL nothing old is served: the reader waits for the walk.
    advance(2_000);
    let settled = false;
    const waiting = read().then((inventory) => ((settled = true), inventory));
    await tick();
    expect(settled).toBe(false);
    expect(cloud.pending).toHaveLength(3);
    cloud.pending[2]!.resolve([node(4)]);
    expect((await waiting).items.map((n) => n.nativeId)).toEqual(['n4']);
  });

  it('gives a walk its own signal: a reader that leaves stops waiting, the walk and the other readers go on', async () => {
    const { cloud, read, tick } = setup();
    const leaving = new AbortController();
    const first = read(leaving.signal);
    const second = read();
    await tick();
    leaving.abort();
    await expect(first).rejects.toBeInstanceOf(UpstreamError);
    expect(cloud.pending[0]!.options.signal).not.toBe(leaving.signal);
    expect(cloud.pending[0]!.options.signal.aborted).toBe(false);
    cloud.pending[0]!.resolve([node(1)]);
    expect((await second).items).toHaveLength(1);
  });

  it('drops the snapshot on invalidation, and does not keep what a walk begun before it read', async () => {
    const { snapshots, cloud, read, tick } = setup();
    const cold = read();
    await tick();
    await snapshots.invalidate('HUAWEI', 'cn-north-4');
    // A reader after the invalidation waits for a new walk, which starts only once the one in flight is done.
    const after = read();
    await tick();
    expect(cloud.pending).toHaveLength(1);
    cloud.pending[0]!.resolve([node(1)]);
    await cold;
    await tick();
    expect(cloud.pending).toHaveLength(2);
    cloud.pending[1]!.resolve([node(1), node(2)]);
    expect((await after).items).toHaveLength(2);
    await snapshots.invalidate('HUAWEI', 'cn-north-4');
    const again = read();
    await tick();
    expect(cloud.pending).toHaveLength(3);
    cloud.pending[2]!.resolve([]);
    await again;
  });

  it('keeps no failed walk: the next reader walks again', async () => {
    const { cloud, read, tick } = setup();
    const failing = read();
    await tick();
    cloud.pending[0]!.reject(new UpstreamError('UPSTREAM_UNAVAILABLE', 'down', { provider: 'HUAWEI', region: 'cn-north-4' }));
    await expect(failing).rejects.toBeInstanceOf(UpstreamError);
    const retry = read();
    await tick();
    expect(cloud.pending).toHaveLength(2);
    cloud.pending[1]!.resolve([node(1)]);
    expect((await retry).items).toHaveLength(1);
  });

  it('walks for each reader with its own call options when the TTL is 0', async () => {
    const { cloud, tick } = setup();
    const snapshots = new FleetSnapshots({
      store: new MemoryFleetStore(),
      ttlMs: 0,
      upstream: { requestTimeoutMs: 10_000, concurrencyPerProvider: 4, retry: { maxAttempts: 1, baseDelayMs: 1, maxDelayMs: 1, budgetPerRequest: 0 } },
    });
    const signal = new AbortController().signal;
    const reads = [1, 2].map(() => snapshots.inventory('nodes', cloud.provider, 'cn-north-4', { states: ['ERROR'] }, cloud.reader(signal)));
    await tick();
    expect(cloud.pending).toHaveLength(2);
    expect(cloud.pending[0]!.options.signal).toBe(signal);
    cloud.pending.forEach((p) => p.resolve([]));
    await Promise.all(reads);
  });
});

describe('hostile list answers', () => {
  const target = { provider: 'ALIBABA' as const, region: 'cn-wulanchabu', operation: 'ListClusterNodes' };
  const code = (run: () => unknown) => {
    try {
      run();
      return null;
    } catch (error) {
      return error instanceof UpstreamError ? error.code : 'OTHER';
    }
  };

  it('refuses item lists that are not lists of objects with IDs, and tokens that are not strings', () => {
    expect(code(() => checkedItems({ Nodes: 'x' }, 'Nodes', 'NodeId', target))).toBe('UPSTREAM_ERROR');
    expect(code(() => checkedItems({ Nodes: [{ NodeId: 'a' }, { Hostname: 'b' }] }, 'Nodes', 'NodeId', target))).toBe('UPSTREAM_ERROR');
    expect(code(() => checkedItems({ Nodes: [{ NodeId: 7 }] }, 'Nodes', 'NodeId', target))).toBe('UPSTREAM_ERROR');
    expect(code(() => checkedItems({ Nodes: [null] }, 'Nodes', 'NodeId', target))).toBe('UPSTREAM_ERROR');
    expect(code(() => checkedItems([], 'Nodes', 'NodeId', target))).toBe('UPSTREAM_ERROR');
    expect(checkedItems({}, 'Nodes', 'NodeId', target)).toEqual([]);
    expect(code(() => checkedToken({ NextToken: { a: 1 } }, 'NextToken', target))).toBe('UPSTREAM_ERROR');
    expect(checkedToken({ NextToken: '' }, 'NextToken', target)).toBeNull();
  });

  it('stops a token chain that never ends', async () => {
    let pages = 0;
    const endless = walkTokenPages(target, async () => ({ items: [pages], next: `t${++pages}` }));
    await expect(endless).rejects.toMatchObject({ code: 'UPSTREAM_ERROR' });
    expect(pages).toBe(MAX_INVENTORY_PAGES);
  });
});
