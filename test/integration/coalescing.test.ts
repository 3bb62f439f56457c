/** Identical upstream reads in flight at once, from any requests, share one call; mutations never do. */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { SEED, SEED_HUAWEI, startStack, type Stack } from '../helpers/stack.js';

const CREATE = 'mutation ($input: CreateHyperClusterInput!) { createHyperCluster(input: $input) { hyperCluster { id } } }';

describe('coalescing of upstream reads across requests', () => {
  let stack: Stack;
  beforeAll(async () => {
    // Latency keeps the first call in flight while the others arrive.
    stack = await startStack({ alibaba: { faults: { latencyMs: 300 } }, huawei: { faults: { latencyMs: 300 } } });
  });
  afterAll(() => stack.stop());
  beforeEach(() => stack.resetCalls());

  it('answers 50 concurrent identical requests with 1 upstream call, counted in the coalesced-reads metric', async () => {
    const document = `{ hyperNode(id: "${SEED.hyperNodeId}") { hostname nodes { hostname disks { sizeGiB } } } }`;
    const answers = await Promise.all(Array.from({ length: 50 }, () => stack.query(document)));
    expect(answers.every((a) => a.errors === undefined)).toBe(true);
    expect(new Set(answers.map((a) => JSON.stringify(a.data))).size).toBe(1);
    expect((answers[0]!.data as { hyperNode: { hostname: string } }).hyperNode.hostname).toBe(SEED.hostname);
    expect(stack.alibaba.calls.snapshot()).toEqual({ DescribeHyperNode: 1 });
    const metrics = await (await stack.admin('/metrics')).text();
    expect(metrics).toContain('gateway_upstream_coalesced_reads_total{provider="ALIBABA",region="cn-wulanchabu",operation="DescribeHyperNode"} 49');
  });

  it('shares Huawei reads too, and keeps different parameters apart', async () => {
    const cluster = `{ hyperCluster(id: "${SEED_HUAWEI.clusterId}") { name } }`;
    const [a, b, c] = await Promise.all([stack.query(cluster), stack.query(cluster), stack.query(`{ hyperNode(id: "${SEED.hyperNodeId}") { hostname } }`)]);
    expect([a, b, c].map((x) => x.errors)).toEqual([undefined, undefined, undefined]);
    expect(stack.huawei.calls.snapshot()).toEqual({ ShowHyperCluster: 1 });
    expect(stack.alibaba.calls.snapshot()).toEqual({ ListHyperNodes: 1 });
  });

  it('never shares a mutation: two identical creations in flight make two calls', async () => {
    const input = { provider: 'HUAWEI', name: 'coalesce-never', subnetId: SEED_HUAWEI.subnetId, type: 'HPS' };
    const answers = await Promise.all([stack.query(CREATE, { input }), stack.query(CREATE, { input })]);
    expect(answers.every((a) => a.status === 200)).toBe(true);
    expect(stack.huawei.calls.snapshot().CreateHyperCluster).toBe(2);
  });

  it('reads afresh once the shared call has answered: nothing older than the call is served', async () => {
    const document = `{ hyperNode(id: "${SEED.hyperNodeId}") { hostname } }`;
    await stack.query(document);
    await stack.query(document);
    expect(stack.alibaba.calls.snapshot()).toEqual({ ListHyperNodes: 2 });
  });
});

describe('with GATEWAY_UPSTREAM_COALESCE=off', () => {
  let stack: Stack;
  beforeAll(async () => {
    stack = await startStack({ env: { GATEWAY_UPSTREAM_COALESCE: 'off' }, alibaba: { faults: { latencyMs: 200 } } });
  });
  afterAll(() => stack.stop());

  it('gives each request its own call', async () => {
    const document = `{ hyperNode(id: "${SEED.hyperNodeId}") { hostname nodes { hostname disks { sizeGiB } } } }`;
    const answers = await Promise.all(Array.from({ length: 5 }, () => stack.query(document)));
    expect(answers.every((a) => a.errors === undefined)).toBe(true);
    expect(stack.alibaba.calls.snapshot()).toEqual({ DescribeHyperNode: 5 });
  });
});
