/**
 * Slow, throttling and failing clouds: each injected fault ends retried-and-succeeded, as a partial answer with a
 * coded error, or as a fast coded failure; never as an uncoded error or a 500.
 */
import { z } from 'zod';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { AlibabaClient } from '../../src/providers/alibaba/client.js';
import { ALIBABA_KEY, SEED, startStack, type GraphQLAnswer, type Stack } from '../helpers/stack.js';

/** The raw answer, unchecked: these tests read what the simulator sends. */
const ANY = z.any();

const SEED_HOSTNAME = `{ hyperNode(id: "${SEED.hyperNodeId}") { hostname } }`;

function huaweiServer(stack: Stack, region = 'cn-north-4') {
  const server = stack.huawei.fleet.get(region)!.standaloneServers[0]!;
  return { id: `huawei:${region}:node:${server.id}`, name: server.name };
}

/** The answer's errors must all be coded; an HTTP 200 either way. */
function expectCoded(answer: GraphQLAnswer): void {
  expect(answer.status).toBe(200);
  for (const error of answer.errors ?? []) expect(error.extensions?.code).toMatch(/^[A-Z_]+$/);
}

describe('faults that a retry cures', () => {
  let stack: Stack;
  beforeAll(async () => {
    stack = await startStack({ env: { GATEWAY_UPSTREAM_CALL_TIMEOUT_MS: '250' } });
  });
  afterAll(() => stack.stop());
  beforeEach(() => stack.resetCalls());
  afterEach(() => {
    stack.alibaba.faults.reset();
    stack.huawei.faults.reset();
  });

  for (const fault of ['error', 'reset', 'truncated', 'stall'] as const) {
    it(`retries an Alibaba read after a ${fault} and answers in full`, async () => {
      stack.alibaba.faults.set({ [`${fault}Rate`]: 1, maxFaults: 1 });
      const answer = await stack.query(SEED_HOSTNAME);
      expect({ status: answer.status, data: answer.data, errors: answer.errors }).toEqual({ status: 200, data: { hyperNode: { hostname: SEED.hostname } }, errors: undefined });
      expect(stack.alibaba.faults.injected.snapshot()).toEqual({ [fault]: 1 });
      expect(stack.alibaba.calls.snapshot()).toEqual({ ListHyperNodes: 2 });
    });
  }

  it("waits out Alibaba's Throttling.User for as long as x-ratelimit-user-api says, then answers", async () => {
    stack.alibaba.faults.set({ throttleRate: 1, maxFaults: 1, throttleWaitMs: 150 });
    const started = Date.now();
    const answer = await stack.query(SEED_HOSTNAME);
    expect(Date.now() - started).toBeGreaterThanOrEqual(145);
    expect(answer.data).toEqual({ hyperNode: { hostname: SEED.hostname } });
    expect(stack.alibaba.calls.get('ListHyperNodes')).toBe(2);
  });

  it("retries Huawei's 429 APIG.0308 and its 5xx", async () => {
    const server = huaweiServer(stack);
    stack.huawei.faults.set({ operations: { ShowDevServer: { throttleRate: 0.5, errorRate: 0.5 } }, maxFaults: 2 });
    const answer = await stack.query(`{ node(id: "${server.id}") { name } }`);
    expect({ status: answer.status, data: answer.data, errors: answer.errors }).toEqual({ status: 200, data: { node: { name: server.name } }, errors: undefined });
    expect(stack.huawei.faults.injected.total()).toBe(2);
    expect(stack.huawei.calls.snapshot()).toEqual({ ShowDevServer: 3 });
  });

  it('lets a request wait on many calls at once without a listener warning', async () => {
    const warnings: string[] = [];
    const onWarning = (warning: Error) => warnings.push(warning.name);
    process.on('warning', onWarning);
    try {
      const ids = stack.alibaba.fleet.get('cn-wulanchabu')!.hyperNodes.slice(0, 3).flatMap((h) => h.Nodes.map((n) => `alibaba:cn-wulanchabu:node:${n.NodeId}`));
      const answer = await stack.query<{ nodes: unknown[] }>('query ($ids: [ID!]!) { nodes(ids: $ids) { id } }', { ids });
      expect(ids.length).toBeGreaterThan(11);
      expect(answer.data!.nodes).toHaveLength(ids.length);
      await new Promise((resolve) => setImmediate(resolve));
      expect(warnings).toEqual([]);
    } finally {
      process.off('warning', onWarning);
    }
  });

  it('counts every retry in /metrics by cloud, region, operation and reason', async () => {
    stack.alibaba.faults.set({ errorRate: 1, maxFaults: 1 });
    await stack.query(SEED_HOSTNAME);
    const metrics = await (await stack.admin('/metrics')).text();
    expect(metrics).toMatch(
      /gateway_upstream_retries_total\{provider="ALIBABA",region="cn-wulanchabu",operation="ListHyperNodes",reason="UPSTREAM_UNAVAILABLE"\} [1-9]/,
    );
    expect(metrics).toMatch(/gateway_upstream_calls_total\{provider="ALIBABA",region="cn-wulanchabu",operation="ListHyperNodes",status="503"\} [1-9]/);
  });
});

describe('faults that end in a coded error', () => {
  let stack: Stack;
  beforeAll(async () => {
    stack = await startStack({ env: { GATEWAY_RETRY_MAX_ATTEMPTS: '3', GATEWAY_BREAKER_MIN_CALLS: '100' } });
  });
  afterAll(() => stack.stop());
  beforeEach(() => stack.resetCalls());
  afterEach(() => {
    stack.alibaba.faults.reset();
    stack.huawei.faults.reset();
  });

  it('answers the other cloud and a coded error for a cloud sending malformed JSON, without retrying it', async () => {
    stack.huawei.faults.set({ malformedRate: 1 });
    const answer = await stack.query<{ hyperNodes: { nodes: Array<{ provider: string }> } }>('{ hyperNodes(first: 100) { nodes { provider } } }');
    expectCoded(answer);
    expect(answer.data!.hyperNodes.nodes.length).toBe(48);
    expect(answer.data!.hyperNodes.nodes.every((n) => n.provider === 'ALIBABA')).toBe(true);
    expect(answer.errors!.map((e) => [e.path, e.extensions?.code, e.extensions?.provider, e.extensions?.region])).toEqual([
      [['hyperNodes'], 'UPSTREAM_ERROR', 'HUAWEI', 'cn-north-4'],
      [['hyperNodes'], 'UPSTREAM_ERROR', 'HUAWEI', 'cn-southwest-2'],
    ]);
    expect(stack.huawei.calls.snapshot()).toEqual({ ListHyperInstances: 2 });
  });

  it('keeps a lookup by ID that failed to its own slot: the other IDs of its region keep their nodes', async () => {
    const fleet = stack.alibaba.fleet.get('cn-wulanchabu')!;
    const ids = fleet.hyperNodes.slice(1, 3).map((h) => `alibaba:cn-wulanchabu:node:${h.Nodes[0]!.NodeId}`);
    // One DescribeNode answer is malformed (never retried); the other lookup of the same region is answered.
    stack.alibaba.faults.set({ operations: { DescribeNode: { malformedRate: 1 } }, maxFaults: 1 });
    const answer = await stack.query<{ nodes: Array<{ id: string } | null> }>('query ($ids: [ID!]!) { nodes(ids: $ids) { id } }', { ids });
    expectCoded(answer);
    expect(stack.alibaba.calls.snapshot()).toEqual({ DescribeNode: 2 });
    expect(answer.errors?.map((e) => [e.extensions?.code, e.path?.length])).toEqual([['UPSTREAM_ERROR', 2]]);
    const failedSlot = answer.errors![0]!.path![1] as number;
    expect(answer.data!.nodes[1 - failedSlot]).toEqual({ id: ids[1 - failedSlot] });
    expect(answer.data!.nodes[failedSlot]).toBeNull();
  });

  it('gives up after GATEWAY_RETRY_MAX_ATTEMPTS on a cloud that keeps failing, with UPSTREAM_UNAVAILABLE at the path', async () => {
    stack.alibaba.faults.set({ errorRate: 1 });
    const answer = await stack.query(SEED_HOSTNAME);
    expectCoded(answer);
    expect(answer.data).toEqual({ hyperNode: null });
    expect(answer.errors![0]).toMatchObject({
      path: ['hyperNode'],
      extensions: { code: 'UPSTREAM_UNAVAILABLE', provider: 'ALIBABA', region: 'cn-wulanchabu', providerCode: 'ServiceUnavailable' },
    });
    expect(stack.alibaba.calls.get('ListHyperNodes')).toBe(3);
  });

  it('fails fast with UPSTREAM_THROTTLED when the wait asked for ends past the deadline', async () => {
    stack.alibaba.faults.set({ throttleRate: 1, throttleWaitMs: 60_000 });
    const started = Date.now();
    const answer = await stack.query(SEED_HOSTNAME);
    expect(Date.now() - started).toBeLessThan(1_000);
    expect(answer.errors![0]).toMatchObject({ path: ['hyperNode'], extensions: { code: 'UPSTREAM_THROTTLED', providerCode: 'Throttling.User' } });
    expect(stack.alibaba.calls.get('ListHyperNodes')).toBe(1);
  });

  it('spends at most GATEWAY_RETRY_BUDGET retries per request, across all its calls', async () => {
    const budgeted = await startStack({ env: { GATEWAY_RETRY_BUDGET: '1', GATEWAY_BREAKER_MIN_CALLS: '100' } });
    try {
      budgeted.huawei.faults.set({ errorRate: 1 });
      const [a, b] = [huaweiServer(budgeted, 'cn-north-4'), huaweiServer(budgeted, 'cn-southwest-2')];
      const answer = await budgeted.query(`{ a: node(id: "${a.id}") { name } b: node(id: "${b.id}") { name } }`);
      expectCoded(answer);
      expect(answer.errors).toHaveLength(2);
      expect(budgeted.huawei.calls.get('ShowDevServer')).toBe(3);
    } finally {
      await budgeted.stop();
    }
  });

  it('never retries a call its caller did not declare idempotent', async () => {
    stack.alibaba.faults.set({ errorRate: 1 });
    const client = new AlibabaClient({ credentials: ALIBABA_KEY, endpoint: new URL(stack.alibaba.url) }, stack.runtime.transport);
    const call = client.call('cn-wulanchabu', 'ListClusters', { idempotent: false, answer: ANY }, { signal: AbortSignal.timeout(5_000) });
    await expect(call).rejects.toMatchObject({ code: 'UPSTREAM_UNAVAILABLE' });
    expect(stack.alibaba.calls.get('ListClusters')).toBe(1);
  });
});

describe('the request deadline', () => {
  let stack: Stack;
  beforeAll(async () => {
    stack = await startStack({ env: { GATEWAY_REQUEST_TIMEOUT_MS: '300', GATEWAY_UPSTREAM_CALL_TIMEOUT_MS: '300' } });
  });
  afterAll(() => stack.stop());

  it('aborts a call past it and answers UPSTREAM_TIMEOUT at its path within the deadline plus 100 ms', async () => {
    stack.alibaba.faults.set({ latencyMs: 2_000 });
    const server = huaweiServer(stack);
    const started = performance.now();
    const answer = await stack.query(`{ hyperNode(id: "${SEED.hyperNodeId}") { hostname } node(id: "${server.id}") { name } }`);
    const elapsed = performance.now() - started;
    expect(elapsed).toBeLessThan(400);
    expectCoded(answer);
    expect(answer.data).toEqual({ hyperNode: null, node: { name: server.name } });
    expect(answer.errors).toHaveLength(1);
    expect(answer.errors![0]).toMatchObject({ path: ['hyperNode'], extensions: { code: 'UPSTREAM_TIMEOUT', provider: 'ALIBABA' } });
  });

  it('cuts a stalled body at the deadline too', async () => {
    stack.alibaba.faults.set({ stallRate: 1 });
    const started = performance.now();
    const answer = await stack.query(SEED_HOSTNAME);
    expect(performance.now() - started).toBeLessThan(400);
    expect(answer.errors![0]).toMatchObject({ path: ['hyperNode'], extensions: { code: 'UPSTREAM_TIMEOUT' } });
  });
});

describe('the circuit breaker per cloud region', () => {
  let stack: Stack;
  beforeAll(async () => {
    stack = await startStack({ env: { GATEWAY_BREAKER_MIN_CALLS: '3', GATEWAY_BREAKER_COOLDOWN_MS: '300', GATEWAY_RETRY_MAX_ATTEMPTS: '1' } });
  });
  afterAll(() => stack.stop());

  const breakerGauge = async (region: string) => {
    const metrics = await (await stack.admin('/metrics')).text();
    return new RegExp(`gateway_breaker_state\\{provider="HUAWEI",region="${region}"\\} (\\d)`).exec(metrics)?.[1];
  };

  it('opens after repeated failures, answers at once without calling, probes half-open and closes on success', async () => {
    const north = huaweiServer(stack, 'cn-north-4');
    const southwest = huaweiServer(stack, 'cn-southwest-2');
    const ask = (id: string) => stack.query(`{ node(id: "${id}") { name } }`);
    stack.huawei.faults.set({ errorRate: 1 });
    for (let i = 0; i < 3; i++) expect((await ask(north.id)).errors![0]!.extensions!.code).toBe('UPSTREAM_UNAVAILABLE');
    expect(stack.huawei.calls.get('ShowDevServer')).toBe(3);
    expect(await breakerGauge('cn-north-4')).toBe('2');

    stack.huawei.faults.reset();
    stack.resetCalls();
    const open = await ask(north.id);
    expectCoded(open);
    expect(open.data).toEqual({ node: null });
    expect(open.errors![0]).toMatchObject({ path: ['node'], extensions: { code: 'UPSTREAM_UNAVAILABLE', provider: 'HUAWEI', region: 'cn-north-4' } });
    expect(stack.huawei.calls.total()).toBe(0);

    // The other region of the same cloud has a breaker of its own.
    expect((await ask(southwest.id)).data).toEqual({ node: { name: southwest.name } });
    expect(await breakerGauge('cn-southwest-2')).toBe('0');

    await new Promise((resolve) => setTimeout(resolve, 320));
    expect((await ask(north.id)).data).toEqual({ node: { name: north.name } });
    expect(await breakerGauge('cn-north-4')).toBe('0');
    expect(stack.runtime.breakers.state('HUAWEI', 'cn-north-4')).toBe('closed');
  });

  it('does not count throttling or missing resources against the cloud', async () => {
    stack.huawei.faults.set({ throttleRate: 1 });
    const north = huaweiServer(stack, 'cn-north-4');
    for (let i = 0; i < 4; i++) await stack.query(`{ node(id: "${north.id}") { name } }`);
    stack.huawei.faults.reset();
    for (let i = 0; i < 4; i++) await stack.query('{ node(id: "huawei:cn-north-4:node:00000000-0000-4000-8000-000000000000") { name } }');
    expect(stack.runtime.breakers.state('HUAWEI', 'cn-north-4')).toBe('closed');
  });
});
