/**
 * The Redis event bus and watch leases against a real redis-server: what comes off a channel is hostile (another
 * writer may publish anything), a replica's own events reach its listeners once, channels are held only while
 * listened to; a lease has one holder, is renewed and released only by it, and hands what was seen to the next.
 */
import { setTimeout as sleep } from 'node:timers/promises';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createLogger } from '../../src/logger.js';
import type { NodeModel } from '../../src/model.js';
import { connectRedis, type RedisConnection } from '../../src/redis/connection.js';
import { encodeEvent, MAX_EVENT_BYTES } from '../../src/subscriptions/event-schema.js';
import { RedisEventBus } from '../../src/subscriptions/redis-bus.js';
import { RedisWatchLeases } from '../../src/subscriptions/redis-leases.js';
import { redisServer, startRedis, type TestRedis } from '../helpers/redis.js';

const PREFIX = 'events-test:';
const NODE_ID = 'huawei:cn-north-4:node:server-1';
const node = (state: NodeModel['state'], id = NODE_ID): NodeModel => ({ id, provider: 'HUAWEI', nativeId: id.split(':')[3]!, region: 'cn-north-4', status: state, state });

async function until(condition: () => boolean | Promise<boolean>, timeoutMs = 10_000): Promise<void> {
  const end = Date.now() + timeoutMs;
  while (!(await condition())) {
    if (Date.now() > end) throw new Error('timed out');
    await sleep(10);
  }
}

describe.runIf(redisServer.available)('Redis event bus and watch leases', () => {
  let redis: TestRedis;
  let raw: Redis;
  const connections: RedisConnection[] = [];
  const buses: RedisEventBus[] = [];
  const connect = async () => {
    const connection = connectRedis({ url: new URL(redis.url), prefix: PREFIX, timeoutMs: 1_000, rateLimitOnFailure: 'allow' }, createLogger('silent'));
    connections.push(connection);
    await connection.ready(5_000);
    return connection;
  };
  const busOf = async (dropped: string[] = []) => {
    const bus = new RedisEventBus(await connect(), { logger: createLogger('silent'), onDropped: (reason) => dropped.push(reason) });
    buses.push(bus);
    return bus;
  };
  const listeners = async (channel: string) => Number(((await raw.pubsub('NUMSUB', channel)) as [string, number])[1]);
  /** Collects what a listener hears, in the background. */
  const collect = <T>(events: AsyncIterableIterator<T>) => {
    const heard: T[] = [];
    void (async () => {
      for await (const event of events) heard.push(event);
    })();
    return heard;
  };

  beforeAll(async () => {
    redis = await startRedis();
    raw = new Redis(redis.port, '127.0.0.1');
  }, 30_000);
  afterAll(async () => {
    raw?.disconnect();
    await Promise.all(buses.map((b) => b.close()));
    await Promise.all(connections.map((c) => c.close()));
    await redis?.stop();
  });

  it('drops and counts hostile messages; a valid one from another replica gets through', async () => {
    const dropped: string[] = [];
    const bus = await busOf(dropped);
    const events = bus.nodes(NODE_ID);
    const heard = collect(events);
    const channel = `${PREFIX}events:node:${NODE_ID}`;
    await until(async () => (await listeners(channel)) === 1);
    const hostile = [
      'not json {',
      JSON.stringify({ v: 1, origin: 'other', event: { ...node('RUNNING'), state: 'ON_FIRE' } }), // not a state of the model
      JSON.stringify({ v: 2, origin: 'other', event: node('RUNNING') }), // unknown envelope
      JSON.stringify({ v: 1, origin: 'other', event: { ...node('RUNNING'), id: 'not:a:global:id:at-all' } }),
      JSON.stringify({ v: 1, origin: 'other', event: node('RUNNING', 'huawei:cn-north-4:node:server-2') }), // another node's event on this channel
      JSON.stringify({ v: 1, origin: 'other', event: { ...node('RUNNING'), clusterId: 'javascript:alert(1)' } }),
      JSON.stringify({ v: 1, origin: 'other', event: { ...node('RUNNING'), disks: 'lots' } }),
      encodeEvent('other', { ...node('RUNNING'), userData: 'x'.repeat(MAX_EVENT_BYTES) }), // too big
      JSON.stringify([1, 2, 3]),
    ];
    for (const message of hostile) await raw.publish(channel, message);
    await raw.publish(channel, encodeEvent('another-replica', { ...node('STOPPING'), extra: 'dropped field' } as NodeModel));
    await until(() => heard.length === 1);
    expect(heard).toEqual([node('STOPPING')]);
    expect(dropped.sort()).toEqual(['invalid', 'invalid', 'invalid', 'invalid', 'invalid', 'invalid', 'not_json', 'too_large', 'wrong_object']);
    await events.return!();
  });

  it("tells a replica's own event to its listeners once, and the other replica's listeners through Redis", async () => {
    const [a, b] = [await busOf(), await busOf()];
    const id = 'huawei:cn-north-4:node:server-3';
    const [onA, onB] = [a.nodes(id), b.nodes(id)];
    const [heardA, heardB] = [collect(onA), collect(onB)];
    await until(async () => (await listeners(`${PREFIX}events:node:${id}`)) === 2);
    a.publishNode(node('REBOOTING', id));
    await until(() => heardB.length === 1);
    await sleep(200); // time for the copy coming back from Redis, which must be skipped
    expect(heardA).toEqual([node('REBOOTING', id)]);
    expect(heardB).toEqual([node('REBOOTING', id)]);
    await Promise.all([onA.return!(), onB.return!()]);
  });

  it("keeps a node's user data off Redis: local listeners hear it, other replicas and the channel do not", async () => {
    const [a, b] = [await busOf(), await busOf()];
    const id = 'huawei:cn-north-4:node:server-5';
    const channel = `${PREFIX}events:node:${id}`;
    const [onA, onB] = [a.nodes(id), b.nodes(id)];
    const [heardA, heardB] = [collect(onA), collect(onB)];
    const wire = raw.duplicate();
    const onWire: string[] = [];
    wire.on('message', (_: string, message: string) => onWire.push(message));
    await wire.subscribe(channel);
    await until(async () => (await listeners(channel)) === 3);
    a.publishNode({ ...node('REBOOTING', id), userData: '#!/bin/sh\nexport TOKEN=secret-boot-token' });
    await until(() => heardB.length === 1 && onWire.length === 1);
    expect(heardA[0]!.userData).toContain('secret-boot-token');
    expect(heardB[0]!.userData).toBeUndefined();
    expect(onWire[0]).not.toContain('secret-boot-token');
    wire.disconnect();
    await Promise.all([onA.return!(), onB.return!()]);
  });

  it('listens on a channel only while someone listens locally', async () => {
    const bus = await busOf();
    const id = 'huawei:cn-north-4:node:server-4';
    const channel = `${PREFIX}events:node:${id}`;
    const first = bus.nodes(id);
    const second = bus.nodes(id);
    collect(first);
    collect(second);
    await until(async () => (await listeners(channel)) === 1);
    await first.return!();
    await sleep(100);
    expect(await listeners(channel)).toBe(1);
    await second.return!();
    await until(async () => (await listeners(channel)) === 0);
    expect(bus.listening).toEqual([]);
  });

  it('a lease has one holder, which renews and releases it; the next holder gets what was seen', async () => {
    const [a, b] = [new RedisWatchLeases(await connect()), new RedisWatchLeases(await connect())];
    const key = 'node:huawei:cn-north-4:node:server-5';
    expect(await a.claim([key], 10_000)).toEqual(new Map([[key, { held: true, taken: true }]]));
    expect(await b.claim([key], 10_000)).toEqual(new Map([[key, { held: false, taken: false }]]));
    expect(await a.claim([key], 10_000)).toEqual(new Map([[key, { held: true, taken: false }]]));
    await a.remember(new Map([[key, 'seen-by-a']]), 10_000);
    // Only the holder writes what was seen, and only the holder releases.
    await b.remember(new Map([[key, 'seen-by-b']]), 10_000);
    await b.release([key]);
    expect(await b.claim([key], 10_000)).toEqual(new Map([[key, { held: false, taken: false }]]));
    await a.release([key]);
    expect(await b.claim([key], 10_000)).toEqual(new Map([[key, { held: true, taken: true, seen: 'seen-by-a' }]]));
    // A holder that stops renewing loses the lease when it expires.
    const other = 'task:huawei:cn-north-4:task:t-1';
    expect((await a.claim([other], 150)).get(other)).toEqual({ held: true, taken: true });
    expect((await b.claim([other], 150)).get(other)).toEqual({ held: false, taken: false });
    await sleep(300);
    expect((await b.claim([other], 150)).get(other)).toEqual({ held: true, taken: true });
  });

  it('a claim while Redis is unreachable throws (and is counted), so that the watcher falls back to watching alone', async () => {
    const errors: string[] = [];
    const connection = await connect();
    const leases = new RedisWatchLeases(connection, { onError: (operation) => errors.push(operation) });
    await connection.close();
    await expect(leases.claim(['node:x'], 1_000)).rejects.toThrow();
    await leases.release(['node:x']); // never throws
    expect(errors).toEqual(['claim', 'release']);
  });

  it("a claim fails while the replica's event bus does not listen, so that it keeps watching for its own subscribers", async () => {
    let hearing = false;
    const leases = new RedisWatchLeases(await connect(), { hearing: () => hearing });
    await expect(leases.claim(['node:y'], 1_000)).rejects.toThrow(/not listening/);
    hearing = true;
    expect(await leases.claim(['node:y'], 1_000)).toEqual(new Map([['node:y', { held: true, taken: true }]]));
  });
});
