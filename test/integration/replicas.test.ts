/**
 * Three gateway replicas over one Redis and the simulators, the way a load balancer spreads one client's requests:
 * a clientToken runs its mutation once whichever replica answers, a principal's rate limit is one budget, and a
 * Redis outage refuses token-carrying mutations (coded, with no cloud call) instead of risking a duplicate.
 */
import { createHash } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { redisServer, startRedis, type TestRedis } from '../helpers/redis.js';
import { STACK_TOKEN, startReplica, startStack, type Replica, type Stack } from '../helpers/stack.js';

const CREATE = /* GraphQL */ `
  mutation ($input: CreateHyperClusterInput!) {
    createHyperCluster(input: $input) { hyperCluster { id provider region name } }
  }
`;

describe.runIf(redisServer.available)('replicas sharing one Redis', () => {
  let redis: TestRedis;
  let stack: Stack;
  let replicas: Array<Pick<Replica, 'query' | 'queryAs' | 'admin'>>;
  const extra: Replica[] = [];

  const start = async (env: Record<string, string>) => {
    const s = await startStack({ env: { GATEWAY_REDIS_URL: redis.url, GATEWAY_REDIS_TIMEOUT_MS: '2000', ...env } });
    const others = [startReplica(s.config), startReplica(s.config)];
    extra.push(...others);
    await Promise.all([s.runtime, ...others.map((o) => o.runtime)].map((r) => r.shared!.connection.ready(10_000)));
    return { stack: s, replicas: [s, ...others] };
  };

  beforeAll(async () => {
    redis = await startRedis();
    ({ stack, replicas } = await start({ GATEWAY_RATE_LIMIT_PER_SECOND: '0' }));
    // The create takes a while, so the 20 requests overlap it.
    stack.huawei.faults.set({ operations: { CreateHyperCluster: { latencyMs: 400 } } });
  }, 60_000);
  afterAll(async () => {
    await Promise.all(extra.map((r) => r.stop()));
    await stack?.stop();
    await redis?.stop();
  });

  it('20 concurrent identical creates with one token over 3 replicas: 1 upstream create, 20 identical answers', async () => {
    stack.resetCalls();
    const input = { provider: 'HUAWEI', name: 'replicated-1', clientToken: 'replicas-token-1' };
    const answers = await Promise.all(Array.from({ length: 20 }, (_, i) => replicas[i % 3]!.query(CREATE, { input })));
    expect(answers.map((a) => a.errors)).toEqual(Array(20).fill(undefined));
    expect(new Set(answers.map((a) => JSON.stringify(a.data))).size).toBe(1);
    expect(stack.huawei.calls.get('CreateHyperCluster')).toBe(1);
  }, 60_000);

  it('a persisted query registered through one replica runs by its hash on another', async () => {
    const query = '{ hyperClusters(first: 1) { nodes { id } } }';
    const extensions = { persistedQuery: { version: 1, sha256Hash: createHash('sha256').update(query).digest('hex') } };
    const send = async (yoga: Stack['yoga'], body: Record<string, unknown>) => {
      const response = await yoga.fetch('http://gateway/graphql', {
        method: 'POST',
        headers: { 'content-type': 'application/json', accept: 'application/json', authorization: `Bearer ${STACK_TOKEN}` },
        body: JSON.stringify(body),
      });
      return (await response.json()) as { data?: unknown; errors?: Array<{ message: string }> };
    };
    expect((await send(extra[0]!.yoga, { extensions })).errors?.[0]?.message).toBe('PersistedQueryNotFound');
    const registered = await send(stack.yoga, { query, extensions });
    expect(registered.errors).toBeUndefined();
    expect(await send(extra[1]!.yoga, { extensions })).toEqual(registered);
  }, 60_000);

  it('with Redis stopped mid-run: at most 1 create, only coded refusals; readiness says so; then it recovers by itself', async () => {
    stack.resetCalls();
    const input = { provider: 'HUAWEI', name: 'replicated-2', clientToken: 'replicas-token-2' };
    const answers = Promise.all(Array.from({ length: 20 }, (_, i) => replicas[i % 3]!.query(CREATE, { input })));
    await sleep(100);
    await redis.stop();
    try {
      const settled = await answers;
      expect(stack.huawei.calls.get('CreateHyperCluster')).toBeLessThanOrEqual(1);
      for (const answer of settled) {
        if (answer.errors === undefined) expect(answer.data).toMatchObject({ createHyperCluster: { hyperCluster: { name: 'replicated-2' } } });
        else expect(answer.errors.map((e) => e.extensions?.['code'])).toEqual(['STORE_UNAVAILABLE']);
      }
      // A new token while Redis is down: refused, and nothing reaches the cloud.
      stack.resetCalls();
      const refused = await replicas[1]!.query(CREATE, { input: { provider: 'HUAWEI', name: 'replicated-3', clientToken: 'replicas-token-3' } });
      expect(refused.errors?.[0]?.extensions).toMatchObject({ code: 'STORE_UNAVAILABLE' });
      expect(stack.upstreamCalls()).toBe(0);
      // Reads keep working.
      expect((await replicas[2]!.query('{ hyperClusters(first: 1) { nodes { id } } }')).errors).toBeUndefined();
      const readiness = await replicas[0]!.admin('/readiness');
      expect(readiness.status).toBe(503);
      expect(await readiness.json()).toMatchObject({ ready: false, redis: 'down' });
      const metrics = await (await replicas[1]!.admin('/metrics')).text();
      expect(metrics).toMatch(/gateway_store_errors_total\{store="idempotency",operation="claim"\} [1-9]/);
    } finally {
      await redis.start();
    }
    await Promise.all([stack.runtime, ...extra.map((r) => r.runtime)].map((r) => r.shared!.connection.ready(15_000)));
    const again = await replicas[1]!.query(CREATE, { input: { provider: 'HUAWEI', name: 'replicated-3', clientToken: 'replicas-token-3' } });
    expect(again.errors).toBeUndefined();
    expect(await (await replicas[0]!.admin('/readiness')).json()).toMatchObject({ redis: 'up' });
  }, 60_000);
});

describe.runIf(redisServer.available)('one rate limit across replicas', () => {
  it('10/s over 3 replicas admits about 10/s in all, not 10/s each', async () => {
    const redis = await startRedis();
    const stack = await startStack({ env: { GATEWAY_REDIS_URL: redis.url, GATEWAY_RATE_LIMIT_PER_SECOND: '10', GATEWAY_RATE_LIMIT_BURST: '1' } });
    const others = [startReplica(stack.config), startReplica(stack.config)];
    const replicas = [stack, ...others];
    try {
      await Promise.all(replicas.map((r) => r.runtime.shared!.connection.ready(10_000)));
      let admitted = 0;
      let refused = 0;
      const started = performance.now();
      const until = started + 2_000;
      await Promise.all(
        replicas.map(async (replica) => {
          while (performance.now() < until) {
            const answer = await replica.query('{ __typename }');
            if (answer.status === 200) admitted++;
            else if (answer.status === 429) refused++;
            else throw new Error(`unexpected status ${answer.status}`);
          }
        }),
      );
      const seconds = (performance.now() - started) / 1000;
      // The burst, then the refill over the time actually spent; one bucket, whichever replica answered.
      const allowed = 1 + 10 * seconds;
      expect(refused).toBeGreaterThan(0);
      expect(admitted).toBeLessThanOrEqual(Math.ceil(allowed * 1.05) + 1);
      expect(admitted).toBeGreaterThanOrEqual(Math.floor(allowed * 0.5));
    } finally {
      await Promise.all(others.map((r) => r.stop()));
      await stack.stop();
      await redis.stop();
    }
  }, 60_000);
});

describe.runIf(redisServer.available)('one fleet snapshot across replicas', () => {
  const COUNTS = '{ nodeCounts(groupBy: [PROVIDER, STATE]) { provider state count } }';
  const STOPPED = 'query ($region: String) { allNodes(filter: { region: $region, state: [STOPPING, STOPPED] }, first: 100) { nodes { id } } }';

  it('one walk per region for 3 replicas, and a mutation on one is seen in the next fleet read on another', async () => {
    const redis = await startRedis();
    const stack = await startStack({ env: { GATEWAY_REDIS_URL: redis.url, GATEWAY_FLEET_TTL_MS: '60000', GATEWAY_RATE_LIMIT_PER_SECOND: '0' } });
    const others = [startReplica(stack.config), startReplica(stack.config)];
    const replicas = [stack, ...others];
    try {
      await Promise.all(replicas.map((r) => r.runtime.shared!.connection.ready(10_000)));
      // What one replica's walk of the whole fleet costs: a gateway of its own, no Redis.
      const alone = startReplica({ ...stack.config, redis: null });
      stack.resetCalls();
      expect((await alone.query(COUNTS)).errors).toBeUndefined();
      const oneWalk = stack.upstreamCalls();
      await alone.stop();
      expect(oneWalk).toBeGreaterThan(0);

      stack.resetCalls();
      const counts = await Promise.all(replicas.map((r) => r.query(COUNTS)));
      expect(counts.map((c) => c.errors)).toEqual([undefined, undefined, undefined]);
      expect(new Set(counts.map((c) => JSON.stringify(c.data))).size).toBe(1);
      expect(stack.upstreamCalls()).toBe(oneWalk);

      const running = await replicas[0]!.query<{ allNodes: { nodes: Array<{ id: string; region: string }> } }>(
        '{ allNodes(filter: { provider: ALIBABA, state: [RUNNING] }, first: 1) { nodes { id region } } }',
      );
      const target = running.data!.allNodes.nodes[0]!;
      const before = await replicas[1]!.query<{ allNodes: { nodes: Array<{ id: string }> } }>(STOPPED, { region: target.region });
      expect(before.data!.allNodes.nodes.map((n) => n.id)).not.toContain(target.id);
      stack.resetCalls();
      const stopped = await replicas[0]!.query('mutation ($ids: [ID!]!) { stopNodes(input: { ids: $ids }) { failures { code } } }', { ids: [target.id] });
      expect(stopped.errors).toBeUndefined();
      const after = await replicas[1]!.query<{ allNodes: { nodes: Array<{ id: string }> } }>(STOPPED, { region: target.region });
      expect(after.data!.allNodes.nodes.map((n) => n.id)).toContain(target.id);
    } finally {
      await Promise.all(others.map((r) => r.stop()));
      await stack.stop();
      await redis.stop();
    }
  }, 60_000);
});

describe.runIf(redisServer.available)('tasks across replicas', () => {
  it('a task started through one replica answers on another, and a subscriber there gets its events to the end', async () => {
    const redis = await startRedis();
    const stack = await startStack({ env: { GATEWAY_REDIS_URL: redis.url, GATEWAY_WATCH_INTERVAL_MS: '100', GATEWAY_RATE_LIMIT_PER_SECOND: '0' } });
    const other = startReplica(stack.config);
    try {
      await Promise.all([stack, other].map((r) => r.runtime.shared!.connection.ready(10_000)));
      const running = await stack.query<{ allNodes: { nodes: Array<{ id: string }> } }>(
        '{ allNodes(filter: { provider: HUAWEI, state: [RUNNING] }, first: 1) { nodes { id } } }',
      );
      const nodeId = running.data!.allNodes.nodes[0]!.id;
      // Huawei's server actions have no task of the cloud's: the record this replica keeps is the task.
      const rebooted = await stack.query<{ rebootNodes: { tasks: Array<{ id: string }> } }>(
        'mutation ($ids: [ID!]!) { rebootNodes(input: { ids: $ids }) { tasks { id } } }',
        { ids: [nodeId] },
      );
      const taskId = rebooted.data!.rebootNodes.tasks[0]!.id;
      const read = await other.query<{ task: { id: string; nodes: Array<{ id: string }> } | null }>('query ($id: ID!) { task(id: $id) { id nodes { id } } }', { id: taskId });
      expect(read.errors).toBeUndefined();
      expect(read.data!.task).toEqual({ id: taskId, nodes: [{ id: nodeId }] });

      const response = await other.yoga.fetch('http://gateway/graphql', {
        method: 'POST',
        headers: { 'content-type': 'application/json', accept: 'text/event-stream', authorization: `Bearer ${STACK_TOKEN}` },
        body: JSON.stringify({ query: 'subscription ($id: ID!) { taskUpdated(id: $id) { id state } }', variables: { id: taskId } }),
      });
      expect(response.status).toBe(200);
      const reader = response.body!.getReader();
      let text = '';
      const decoder = new TextDecoder();
      while (!text.includes('event: complete')) {
        const { value, done } = await reader.read();
        if (done) break;
        text += decoder.decode(value);
      }
      expect(text).toContain(`"id":"${taskId}"`);
      expect(text).toContain('"state":"SUCCEEDED"');
    } finally {
      await other.stop();
      await stack.stop();
      await redis.stop();
    }
  }, 60_000);
});
