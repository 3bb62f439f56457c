/**
 * Idempotency records are bounded in count and bytes: beyond a bound the oldest finished records go first, then those
 * of unknown outcome; running claims never. A flood of distinct tokens keeps memory within the bound.
 */
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config/index.js';
import { UpstreamError } from '../../src/errors.js';
import { MemoryIdempotencyStore, runIdempotent } from '../../src/mutations/idempotency.js';

const TTL = 60_000;
const done = (result: unknown) => ({ fingerprint: 'f', outcome: 'done' as const, result });

describe('the in-memory idempotency store', () => {
  it('holds at most maxRecords, evicting the oldest finished records first', async () => {
    const store = new MemoryIdempotencyStore({ maxRecords: 3 });
    await store.claim('unknown', 'f', TTL);
    await store.complete('unknown', { fingerprint: 'f', outcome: 'unknown', result: undefined }, TTL);
    await store.claim('running', 'f', TTL);
    for (const key of ['a', 'b']) {
      await store.claim(key, 'f', TTL);
      await store.complete(key, done(key), TTL);
    }
    expect(store.usage.records).toBe(3);
    // 'a' (finished, oldest) went first; the running claim and the unknown record stay.
    expect((await store.claim('a', 'f', TTL)).kind).toBe('claimed');
    expect((await store.claim('running', 'f', TTL)).kind).toBe('busy');
    expect(await store.claim('unknown', 'f', TTL)).toMatchObject({ kind: 'done', record: { outcome: 'unknown' } });
    expect(store.usage.records).toBe(3);
  });

  it('evicts records of unknown outcome only when no finished one is left, and never a running claim', async () => {
    const store = new MemoryIdempotencyStore({ maxRecords: 2 });
    await store.claim('u1', 'f', TTL);
    await store.complete('u1', { fingerprint: 'f', outcome: 'unknown', result: undefined }, TTL);
    await store.claim('r1', 'f', TTL);
    // No finished record to evict: the one of unknown outcome goes.
    await store.claim('r2', 'f', TTL);
    expect(store.usage.records).toBe(2);
    // Both places are running claims now: a new claim gives way rather than evict one.
    await expect(store.claim('r3', 'f', TTL)).rejects.toMatchObject({ code: 'RATE_LIMITED' });
    expect((await store.claim('r1', 'f', TTL)).kind).toBe('busy');
    await store.release('r1');
    expect((await store.claim('u1', 'f', TTL)).kind).toBe('claimed');
  });

  it('holds at most maxBytes of records', async () => {
    const store = new MemoryIdempotencyStore({ maxBytes: 100_000 });
    for (let i = 0; i < 200; i++) {
      await store.claim(`k${i}`, 'f', TTL);
      await store.complete(`k${i}`, done('x'.repeat(5_000)), TTL);
    }
    expect(store.usage.bytes).toBeLessThanOrEqual(100_000);
    expect(store.usage.records).toBeLessThan(20);
    expect((await store.claim('k199', 'f', TTL)).kind).toBe('done');
  });

  it('keeps memory bounded under a flood of distinct tokens through runIdempotent', async () => {
    setFlagsFromString('--expose-gc');
    const gc = runInNewContext('gc') as () => void;
    const store = new MemoryIdempotencyStore({ maxRecords: 1_000, maxBytes: 4 * 1024 * 1024 });
    const result = { failures: Array.from({ length: 20 }, (_, i) => ({ nodeId: `alibaba:cn-beijing:node:e01-${i}`, code: 'NOT_FOUND', message: 'x'.repeat(100) })) };
    const flood = async (from: number, count: number) => {
      for (let i = from; i < from + count; i++) {
        await runIdempotent({ store, principal: 'api-key:attacker', mutation: 'rebootNodes', clientToken: `t-${i}`, input: { ids: [i] }, run: async () => result });
      }
    };
    await flood(0, 2_000);
    gc();
    const before = process.memoryUsage().heapUsed;
    await flood(2_000, 10_000);
    gc();
    const grown = process.memoryUsage().heapUsed - before;
    expect(store.usage.records).toBeLessThanOrEqual(1_000);
    expect(store.usage.bytes).toBeLessThanOrEqual(4 * 1024 * 1024);
    // 10,000 records of ~3 KB of JSON each would be over 30 MB; bounded, the heap grows by far less than that.
    expect(grown).toBeLessThan(12 * 1024 * 1024);
  });

  it('is sized by GATEWAY_IDEMPOTENCY_MAX_RECORDS and GATEWAY_IDEMPOTENCY_MAX_BYTES', () => {
    expect(loadConfig({}).idempotency).toEqual({ maxRecords: 50_000, maxBytes: 32 * 1024 * 1024 });
    expect(loadConfig({ GATEWAY_IDEMPOTENCY_MAX_RECORDS: '10', GATEWAY_IDEMPOTENCY_MAX_BYTES: '100000' }).idempotency).toEqual({ maxRecords: 10, maxBytes: 100_000 });
    expect(() => loadConfig({ GATEWAY_IDEMPOTENCY_MAX_RECORDS: '0' })).toThrow(/GATEWAY_IDEMPOTENCY_MAX_RECORDS/);
  });
});

describe('runIdempotent after an outcome the cloud did not tell', () => {
  const unknown = () => new UpstreamError('UPSTREAM_TIMEOUT', 'no answer', { provider: 'HUAWEI', region: 'cn-north-4', failure: 'timeout', outcomeUnknown: true });
  const call = (store: MemoryIdempotencyStore, run: () => Promise<string>, reconcile?: () => Promise<string>) =>
    runIdempotent({ store, principal: 'p', mutation: 'createHyperCluster', clientToken: 't', input: { name: 'n' }, run, reconcile });

  it('keeps the record, reconciles on retry, and never runs the mutation again', async () => {
    const store = new MemoryIdempotencyStore();
    let runs = 0;
    const run = async () => {
      runs += 1;
      throw unknown();
    };
    await expect(call(store, run)).rejects.toMatchObject({ code: 'UPSTREAM_TIMEOUT' });
    await expect(call(store, run)).rejects.toMatchObject({ code: 'OUTCOME_UNKNOWN' });
    expect(await call(store, run, async () => 'found')).toBe('found');
    expect(await call(store, run, async () => 'never asked')).toBe('found');
    expect(runs).toBe(1);
  });

  it('releases the token when the cloud surely did nothing (a refusal, a connection refused)', async () => {
    const store = new MemoryIdempotencyStore();
    let runs = 0;
    const refused = async () => {
      runs += 1;
      throw new UpstreamError('UPSTREAM_UNAVAILABLE', 'refused', { provider: 'HUAWEI', region: 'cn-north-4', failure: 'unreachable', outcomeUnknown: false });
    };
    await expect(call(store, refused)).rejects.toMatchObject({ code: 'UPSTREAM_UNAVAILABLE' });
    expect(await call(store, async () => 'created')).toBe('created');
    expect(runs).toBe(1);
  });
});
