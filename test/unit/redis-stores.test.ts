import { createHash } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createLogger } from '../../src/logger.js';
import { runIdempotent } from '../../src/mutations/idempotency.js';
import { RedisIdempotencyStore } from '../../src/mutations/redis-idempotency-store.js';
import { RedisRateLimitStore } from '../../src/rate-limit/redis-store.js';
import { RedisFleetStore } from '../../src/fleet/redis-store.js';
import { RedisTaskStore } from '../../src/tasks/redis-store.js';
import { connectRedis, type RedisConnection } from '../../src/redis/connection.js';
import { redisServer, startRedis, type TestRedis } from '../helpers/redis.js';

const config = (url: string, prefix = 'test:') => ({ url: new URL(url), prefix, timeoutMs: 500, rateLimitOnFailure: 'allow' as const });

describe.runIf(redisServer.available)('Redis stores', () => {
  let redis: TestRedis;
  let connections: RedisConnection[] = [];
  const connect = async (prefix?: string) => {
    const connection = connectRedis(config(redis.url, prefix), createLogger('silent'));
    connections.push(connection);
    await connection.ready(5_000);
    return connection;
  };

  beforeAll(async () => {
    redis = await startRedis();
  }, 30_000);
  afterAll(async () => {
    await Promise.all(connections.map((c) => c.close()));
    connections = [];
    await redis?.stop();
  });

  it('claims a token once across connections; the others wait and answer the first result', async () => {
    const stores = await Promise.all([1, 2, 3].map(async () => new RedisIdempotencyStore(await connect(), { leaseMs: 10_000 })));
    let runs = 0;
    const results = await Promise.all(
      Array.from({ length: 12 }, (_, i) =>
        runIdempotent({
          store: stores[i % 3]!,
          principal: 'key:a',
          mutation: 'm',
          clientToken: 'tok-1',
          input: { x: 1 },
          run: async () => {
            runs++;
            await sleep(200);
            return { id: 'made-once', at: runs };
          },
        }),
      ),
    );
    expect(runs).toBe(1);
    expect(new Set(results.map((r) => JSON.stringify(r))).size).toBe(1);
  });

  it('refuses the token with a different input, and keeps prefixes apart', async () => {
    const store = new RedisIdempotencyStore(await connect(), { leaseMs: 10_000 });
    const other = new RedisIdempotencyStore(await connect('other:'), { leaseMs: 10_000 });
    const call = (s: RedisIdempotencyStore, input: unknown) =>
      runIdempotent({ store: s, principal: 'key:a', mutation: 'm', clientToken: 'tok-2', input, run: async () => 'ran' });
    await call(store, { x: 1 });
    await expect(call(store, { x: 2 })).rejects.toMatchObject({ code: 'BAD_USER_INPUT' });
    await expect(call(other, { x: 2 })).resolves.toBe('ran');
  });

  it('a pending claim whose lease passed becomes "outcome unknown": the retry reconciles, never runs again', async () => {
    const store = new RedisIdempotencyStore(await connect(), { leaseMs: 300 });
    // A replica claims the token the way runIdempotent does, then dies before completing it.
    const key = createHash('sha256').update('key:a\nm\ndead-replica').digest('hex');
    const fingerprint = createHash('sha256').update('{}').digest('hex');
    expect(await store.claim(key, fingerprint, 60_000)).toEqual({ kind: 'claimed' });
    expect((await store.claim(key, fingerprint, 60_000)).kind).toBe('busy');
    await sleep(400);
    let ran = 0;
    const retry = (reconcile?: () => Promise<string>) =>
      runIdempotent({ store, principal: 'key:a', mutation: 'm', clientToken: 'dead-replica', input: {}, run: async () => String(++ran), reconcile });
    await expect(retry()).rejects.toMatchObject({ code: 'OUTCOME_UNKNOWN' });
    await expect(retry(async () => 'seen in the cloud')).resolves.toBe('seen in the cloud');
    await expect(retry()).resolves.toBe('seen in the cloud');
    expect(ran).toBe(0);
  });

  it('a released claim can be claimed again; a completed one keeps its result for its expiry', async () => {
    const store = new RedisIdempotencyStore(await connect(), { leaseMs: 10_000 });
    expect((await store.claim('k', 'fp', 60_000)).kind).toBe('claimed');
    await store.release('k');
    expect((await store.claim('k', 'fp', 60_000)).kind).toBe('claimed');
    await store.complete('k', { fingerprint: 'fp', outcome: 'done', result: { a: [1, 'b'] } }, 300);
    expect(await store.claim('k', 'fp', 60_000)).toEqual({ kind: 'done', record: { fingerprint: 'fp', outcome: 'done', result: { a: [1, 'b'] } } });
    await sleep(400);
    expect((await store.claim('k', 'fp', 60_000)).kind).toBe('claimed');
  });

  it('one token bucket per key across connections, refilled on Redis\' clock; cost 0 only checks', async () => {
    const stores = await Promise.all([1, 2, 3].map(async () => new RedisRateLimitStore(await connect(), { onFailure: 'deny' })));
    const rule = { burst: 5, perSecond: 1 };
    expect(await stores[0]!.take('check-only', rule, 0)).toEqual({ allowed: true });
    const verdicts = await Promise.all(Array.from({ length: 9 }, (_, i) => stores[i % 3]!.take('bucket', rule)));
    expect(verdicts.filter((v) => v.allowed)).toHaveLength(5);
    const refused = verdicts.find((v) => !v.allowed) as { allowed: false; retryAfterMs: number };
    expect(refused.retryAfterMs).toBeGreaterThan(0);
    expect(refused.retryAfterMs).toBeLessThanOrEqual(1_000);
    expect((await stores[1]!.take('bucket', rule, 0)).allowed).toBe(false);
  });

  it('fleet snapshots: one walk lease at a time, and a walk older than an invalidation is not stored', async () => {
    const a = new RedisFleetStore(await connect(), { markMs: 60_000 });
    const b = new RedisFleetStore(await connect(), { markMs: 60_000 });
    const lease = await a.lock('fleet:nodes:huawei:r1', 5_000);
    expect(lease).not.toBeNull();
    expect(await b.lock('fleet:nodes:huawei:r1', 5_000)).toBeNull();
    await lease!.release();
    const again = await b.lock('fleet:nodes:huawei:r1', 5_000);
    expect(again).not.toBeNull();
    await again!.release();

    const startedAt = Date.now() - 10;
    await b.delete('fleet:nodes:huawei:r1'); // a mutation on another replica, while a's walk runs
    await a.set('fleet:nodes:huawei:r1', { asOf: startedAt, items: [{ id: 'old' }] }, 60_000);
    expect(await b.get('fleet:nodes:huawei:r1')).toBeNull();
    await sleep(5);
    const fresh = { asOf: Date.now(), items: [{ id: 'new' }] };
    await a.set('fleet:nodes:huawei:r1', fresh, 60_000);
    const read = await b.get('fleet:nodes:huawei:r1');
    expect(read).toEqual(fresh);
    // The same snapshot read again is the object already parsed (its filtered lists stay cached); a new one is read anew.
    expect(await b.get('fleet:nodes:huawei:r1')).toBe(read);
    const newer = { asOf: Date.now() + 1, items: [{ id: 'newer' }] };
    await a.set('fleet:nodes:huawei:r1', newer, 60_000);
    expect(await b.get('fleet:nodes:huawei:r1')).toEqual(newer);
  });

  it('while Redis is down: claims refused with STORE_UNAVAILABLE, rate limits follow the policy, then recovery', async () => {
    const connection = await connect();
    const idempotency = new RedisIdempotencyStore(connection, { leaseMs: 10_000 });
    const errors: string[] = [];
    const allow = new RedisRateLimitStore(connection, { onFailure: 'allow', onError: (op) => errors.push(op) });
    const deny = new RedisRateLimitStore(connection, { onFailure: 'deny' });
    const rule = { burst: 1, perSecond: 0.001 };
    await allow.take('down', rule);
    await redis.stop();
    try {
      await expect(idempotency.claim('down-token', 'fp', 60_000)).rejects.toMatchObject({ code: 'STORE_UNAVAILABLE' });
      expect(await allow.take('down', rule)).toEqual({ allowed: true });
      expect(await deny.take('down', rule)).toEqual({ allowed: false, retryAfterMs: 1_000 });
      expect(errors).toContain('take');
      // Fleet reads go on, each replica walking for itself.
      const fleet = new RedisFleetStore(connection, { markMs: 60_000 });
      expect(await fleet.get('fleet:nodes:huawei:r1')).toBeNull();
      expect(await fleet.lock('fleet:nodes:huawei:r1', 5_000)).not.toBeNull();
      await fleet.set('fleet:nodes:huawei:r1', { asOf: Date.now(), items: [] }, 1_000);
      await fleet.delete('fleet:nodes:huawei:r1');
      // A task only Redis knows cannot be answered; a node shows no latest task rather than failing.
      const tasks = new RedisTaskStore(connection);
      await expect(tasks.get('huawei:r1:task:x')).rejects.toMatchObject({ code: 'STORE_UNAVAILABLE' });
      expect(await tasks.latestOf(['huawei:r1:node:n'])).toEqual(new Map());
    } finally {
      await redis.start();
    }
    await connection.ready(10_000);
    expect((await idempotency.claim('down-token', 'fp', 60_000)).kind).toBe('claimed');
  }, 30_000);
});
