/**
 * Subscriptions over 3 replicas sharing one Redis: one replica (the lease holder) polls each watched object and the
 * others' subscribers hear its events through Redis pub/sub; a holder that dies is replaced once its lease expires;
 * while Redis is down every replica polls for its own subscribers, and sharing comes back by itself.
 */
import { setTimeout as sleep } from 'node:timers/promises';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sse, type LiveStream } from '../helpers/live.js';
import { redisServer, startRedis, type TestRedis } from '../helpers/redis.js';
import { STACK_TOKEN, startReplica, startStack, type Replica, type Stack } from '../helpers/stack.js';
import { capturedLog } from '../helpers/captured-log.js';

const NODES_CHANGED = 'subscription ($ids: [ID!]!) { nodesChanged(ids: $ids) { id state } }';
const TASK_UPDATED = 'subscription ($id: ID!) { taskUpdated(id: $id) { id state } }';
const REBOOT = 'mutation ($ids: [ID!]!) { rebootNodes(input: { ids: $ids }) { tasks { id } failures { code } } }';

type Gateway = Pick<Replica, 'yoga' | 'runtime' | 'query'>;
type NodeEvent = { nodesChanged: { id: string; state: string } };

async function until(condition: () => boolean | Promise<boolean>, what: string, timeoutMs = 30_000): Promise<void> {
  const end = Date.now() + timeoutMs;
  while (!(await condition())) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await sleep(20);
  }
}

const subscribe = <T>(replica: Gateway, query: string, variables: Record<string, unknown>): Promise<LiveStream<T>> =>
  sse<T>('http://gateway', STACK_TOKEN, query, variables, (url, init) => replica.yoga.fetch(url, init));

/** Reads a node stream until it tells `state`. */
async function untilState(stream: LiveStream<NodeEvent>, state: string): Promise<void> {
  for (;;) {
    const event = await stream.next(30_000);
    if (event === null) throw new Error(`stream ended before ${state}`);
    expect(event.errors).toBeUndefined();
    if (event.data?.nodesChanged.state === state) return;
  }
}

describe.runIf(redisServer.available)('subscriptions across replicas', () => {
  let redis: TestRedis;
  let probe: Redis;
  let stack: Stack;
  let replicas: Gateway[];
  const extra: Replica[] = [];
  const log = capturedLog('info');

  const holders = (among = replicas) => among.filter((r) => r.yoga.live.hub.holding.nodes > 0);
  const runningHuaweiNodes = async (count: number) => {
    const answer = await stack.query<{ allNodes: { nodes: Array<{ id: string }> } }>(`{ allNodes(filter: { provider: HUAWEI, state: [RUNNING] }, first: ${count}) { nodes { id } } }`);
    expect(answer.errors).toBeUndefined();
    return answer.data!.allNodes.nodes.map((n) => n.id);
  };
  /** Subscribers on the replicas listen on Redis (SUBSCRIBE acknowledged) and exactly one replica holds the lease. */
  const settled = async (nodeId: string, among = replicas) => {
    const channel = `${stack.config.redis!.prefix}events:node:${nodeId}`;
    await until(async () => {
      const [, listeners] = (await probe.pubsub('NUMSUB', channel)) as [string, number];
      return Number(listeners) === among.length && holders(among).length === 1;
    }, 'one lease holder and every replica listening');
    // One full round of the holder after taking the lease, so that it has seen the node as it is.
    const hub = holders(among)[0]!.yoga.live.hub;
    const rounds = hub.rounds;
    await until(() => hub.rounds >= rounds + 2, 'two rounds of the holder');
  };
  const reboot = async (through: Gateway, nodeId: string) => {
    const answer = await through.query<{ rebootNodes: { tasks: Array<{ id: string }>; failures: unknown[] } }>(REBOOT, { ids: [nodeId] });
    expect(answer.errors).toBeUndefined();
    expect(answer.data!.rebootNodes.failures).toEqual([]);
    return answer.data!.rebootNodes.tasks[0]!.id;
  };

  beforeAll(async () => {
    redis = await startRedis();
    probe = new Redis(redis.port, '127.0.0.1', { maxRetriesPerRequest: 1 });
    probe.on('error', () => undefined); // refused while the test has Redis stopped
    stack = await startStack({
      logger: log.logger,
      // Long enough that a 100 ms watcher sees the reboot under way.
      huawei: { actionDurationMs: 1_500 },
      env: {
        GATEWAY_REDIS_URL: redis.url,
        GATEWAY_REDIS_TIMEOUT_MS: '2000',
        GATEWAY_WATCH_INTERVAL_MS: '100',
        // The lease lasts 2 intervals and a round's deadline: a dead holder is replaced within about 2 s.
        GATEWAY_REQUEST_TIMEOUT_MS: '1500',
        GATEWAY_RATE_LIMIT_PER_SECOND: '0',
      },
    });
    const others = [startReplica(stack.config, { logger: log.logger }), startReplica(stack.config, { logger: log.logger })];
    extra.push(...others);
    replicas = [stack, ...others];
    await Promise.all(replicas.map((r) => r.runtime.shared!.connection.ready(10_000)));
  }, 60_000);
  afterAll(async () => {
    probe?.disconnect();
    for (const r of [stack, ...extra]) await r?.yoga.live.close();
    await Promise.all(extra.map((r) => r.stop()));
    await stack?.stop();
    await redis?.stop();
  });

  it('subscribers on B and C get the events of a reboot started through A; one replica polls the node', async () => {
    const [nodeId] = await runningHuaweiNodes(1);
    const [b, c] = [replicas[1]!, replicas[2]!];
    const streams = await Promise.all([subscribe<NodeEvent>(b, NODES_CHANGED, { ids: [nodeId] }), subscribe<NodeEvent>(c, NODES_CHANGED, { ids: [nodeId] })]);
    try {
      await settled(nodeId!, [b, c]);
      expect(replicas[0]!.yoga.live.hub.counts.nodes).toBe(0);
      const taskId = await reboot(replicas[0]!, nodeId!);
      // The task's subscriber on C: its events come from whichever replica holds the task's lease.
      const task = await subscribe<{ taskUpdated: { id: string; state: string } }>(c, TASK_UPDATED, { id: taskId });
      await Promise.all(streams.map((s) => untilState(s, 'REBOOTING')));
      await Promise.all(streams.map((s) => untilState(s, 'RUNNING')));
      const told = await task.rest(30_000);
      expect(told.map((t) => t.errors)).toEqual(told.map(() => undefined));
      expect(told.at(-1)!.data!.taskUpdated).toEqual({ id: taskId, state: 'SUCCEEDED' });
    } finally {
      for (const s of streams) s.close();
    }
    await until(() => replicas.every((r) => r.yoga.live.hub.counts.nodes === 0), 'watchers released');
  }, 90_000);

  it('subscribers spread over 3 replicas watching one node make one replica’s worth of upstream reads per round', async () => {
    const [nodeId] = await runningHuaweiNodes(1);
    // What one replica's rounds cost, alone (no Redis): its own gateway over the same clouds.
    const alone = startReplica({ ...stack.config, redis: null });
    const perRound = async (gateways: Gateway[], subscribers: number) => {
      const streams = await Promise.all(Array.from({ length: subscribers }, (_, i) => subscribe<NodeEvent>(gateways[i % gateways.length]!, NODES_CHANGED, { ids: [nodeId] })));
      try {
        await until(() => gateways.every((g) => g.yoga.live.hub.counts.nodes === 1) && holders(gateways).length === 1, 'one holder');
        const hubs = gateways.map((g) => g.yoga.live.hub);
        const holder = holders(gateways)[0]!.yoga.live.hub;
        await until(() => holder.rounds >= 2, 'a first round');
        // Past the first rounds, which read the node's details (and learn its cluster).
        await sleep(300);
        stack.resetCalls();
        const before = hubs.map((h) => h.rounds);
        await until(() => holder.rounds >= before[hubs.indexOf(holder)]! + 10, 'ten rounds of the holder');
        const calls = stack.upstreamCalls();
        const holderRounds = holder.rounds - before[hubs.indexOf(holder)]!;
        const allRounds = hubs.reduce((n, h, i) => n + h.rounds - before[i]!, 0);
        return { calls, holderRounds, allRounds };
      } finally {
        for (const s of streams) s.close();
        await until(() => gateways.every((g) => g.yoga.live.hub.counts.nodes === 0), 'watchers released');
      }
    };
    try {
      const one = await perRound([alone], 1);
      const oneReplica = one.calls / one.holderRounds;
      expect(oneReplica).toBeGreaterThan(0);
      const shared = await perRound(replicas, 12);
      // Every replica ran rounds, but only the holder read the cloud: one replica's worth per round (a round in
      // flight at either end of a window may add or take its calls), not three.
      expect(shared.allRounds).toBeGreaterThanOrEqual(shared.holderRounds + 10);
      expect(shared.calls).toBeLessThanOrEqual(oneReplica * (shared.holderRounds + 2));
      expect(shared.calls).toBeGreaterThanOrEqual(oneReplica * (shared.holderRounds - 2));
      expect(shared.calls).toBeLessThan(oneReplica * shared.allRounds * 0.6);
    } finally {
      await alone.yoga.live.close();
      await alone.stop();
    }
  }, 90_000);

  it('when the lease holder dies, another replica takes the node over and its subscribers keep getting events', async () => {
    const [, nodeId] = await runningHuaweiNodes(2);
    const mortal = [startReplica(stack.config, { logger: log.logger })];
    await mortal[0]!.runtime.shared!.connection.ready(10_000);
    const survivors = [replicas[1]!, replicas[2]!];
    // The replica to die subscribes first, so that it takes the lease.
    const doomed = await subscribe<NodeEvent>(mortal[0]!, NODES_CHANGED, { ids: [nodeId] });
    await until(() => mortal[0]!.yoga.live.hub.holding.nodes === 1, 'the doomed replica holds the lease');
    const streams = await Promise.all(survivors.map((r) => subscribe<NodeEvent>(r, NODES_CHANGED, { ids: [nodeId] })));
    try {
      await settled(nodeId!, [mortal[0]!, ...survivors]);
      expect(holders([mortal[0]!, ...survivors])).toEqual([mortal[0]]);
      // Dies without a word: Redis first (no release), then everything else.
      await mortal[0]!.stop();
      await mortal[0]!.yoga.live.close();
      doomed.close();
      // The node stops while nobody watches it: the next holder's first read differs from what the dead holder saw
      // (kept beside the lease), so it is told, not taken as the state to compare with.
      const stopped = await replicas[0]!.query<{ stopNodes: { failures: unknown[] } }>('mutation ($ids: [ID!]!) { stopNodes(input: { ids: $ids }) { failures { code } } }', { ids: [nodeId] });
      expect(stopped.errors).toBeUndefined();
      expect(holders(survivors)).toEqual([]);
      await until(() => holders(survivors).length === 1, 'a survivor takes the lease once it expires');
      await Promise.all(streams.map((s) => untilState(s, 'STOPPED')));
      await settled(nodeId!, survivors);
      const started = await replicas[0]!.query<{ startNodes: { failures: unknown[] } }>('mutation ($ids: [ID!]!) { startNodes(input: { ids: $ids }) { failures { code } } }', { ids: [nodeId] });
      expect(started.data?.startNodes.failures).toEqual([]);
      await Promise.all(streams.map((s) => untilState(s, 'RUNNING')));
    } finally {
      for (const s of streams) s.close();
    }
    await until(() => survivors.every((r) => r.yoga.live.hub.counts.nodes === 0), 'watchers released');
  }, 90_000);

  it('Redis stopped mid-subscription: every replica polls for its own subscribers (logged once), then sharing comes back', async () => {
    const [, , nodeId] = await runningHuaweiNodes(3);
    const streams = await Promise.all(replicas.map((r) => subscribe<NodeEvent>(r, NODES_CHANGED, { ids: [nodeId] })));
    const unreachable = () => log.records().filter((l) => l['msg'] === 'watch leases unreachable; this replica watches every object its subscribers want until they are back').length;
    const reachable = () => log.records().filter((l) => l['msg'] === 'watch leases reachable again; one replica watches each object').length;
    try {
      await settled(nodeId!);
      const [downBefore, upBefore] = [unreachable(), reachable()];
      await redis.stop();
      await until(() => replicas.every((r) => r.yoga.live.hub.watchingAlone), 'every replica watching alone');
      // Several rounds without Redis: still one line per replica.
      const rounds = replicas.map((r) => r.yoga.live.hub.rounds);
      await until(() => replicas.every((r, i) => r.yoga.live.hub.rounds >= rounds[i]! + 3), 'three rounds without Redis');
      expect(unreachable() - downBefore).toBe(3);
      await reboot(replicas[0]!, nodeId!);
      await Promise.all(streams.map((s) => untilState(s, 'REBOOTING')));
      await Promise.all(streams.map((s) => untilState(s, 'RUNNING')));
      expect(unreachable() - downBefore).toBe(3);
      const metrics = await (await extra[0]!.admin('/metrics')).text();
      expect(metrics).toMatch(/gateway_store_errors_total\{store="watch-leases",operation="claim"\} [1-9]/);

      await redis.start();
      await Promise.all(replicas.map((r) => r.runtime.shared!.connection.ready(15_000)));
      await until(() => replicas.every((r) => !r.yoga.live.hub.watchingAlone), 'leases reachable again');
      expect(reachable() - upBefore).toBe(3);
      await settled(nodeId!);
      stack.resetCalls();
      await reboot(replicas[1]!, nodeId!);
      await Promise.all(streams.map((s) => untilState(s, 'REBOOTING')));
      await Promise.all(streams.map((s) => untilState(s, 'RUNNING')));
      expect(holders().length).toBe(1);
    } finally {
      for (const s of streams) s.close();
    }
    await until(() => replicas.every((r) => r.yoga.live.hub.counts.nodes === 0), 'watchers released');
  }, 120_000);
});
