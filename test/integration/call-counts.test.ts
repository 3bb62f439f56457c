/** Upstream calls are the cost: each query shape pinned to the fewest calls the clouds' APIs allow. */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { SEED, SEED_HUAWEI, startStack, type Stack } from '../helpers/stack.js';

const DEEP_LIST = /* GraphQL */ `{ hyperNodes(first: 20) { nodes { hostname nodes { hostname hyperNode { id } } } } }`;

describe('upstream calls per query shape', () => {
  let stack: Stack;
  beforeAll(async () => {
    stack = await startStack();
  });
  afterAll(() => stack.stop());
  beforeEach(() => stack.resetCalls());

  it('reads a hypernode with its nodes and their disks in exactly 1 call', async () => {
    const answer = await stack.query(`{ hyperNode(id: "${SEED.hyperNodeId}") { hostname nodes { hostname disks { sizeGiB } } } }`);
    expect(answer.errors).toBeUndefined();
    expect(stack.alibaba.calls.snapshot()).toEqual({ DescribeHyperNode: 1 });
  });

  it('reads the same node asked twice under two aliases in exactly 1 call', async () => {
    const answer = await stack.query(`{ a: node(id: "${SEED.nodeId}") { hostname } b: node(id: "${SEED.nodeId}") { hostname disks { sizeGiB } } }`);
    expect(answer.errors).toBeUndefined();
    expect(stack.alibaba.calls.snapshot()).toEqual({ DescribeNode: 1 });
  });

  it("answers a node's hypernode from the hypernode answer that held the node: exactly 1 call", async () => {
    const answer = await stack.query(`{ hyperNode(id: "${SEED.hyperNodeId}") { nodes { id hyperNode { hostname } } } }`);
    expect(answer.data).toEqual({ hyperNode: { nodes: [{ id: SEED.nodeId, hyperNode: { hostname: SEED.hostname } }] } });
    expect(stack.alibaba.calls.snapshot()).toEqual({ DescribeHyperNode: 1 });
  });

  it('batches three hypernodes of one region, no nodes asked, into exactly 1 ListHyperNodes call', async () => {
    const [a, b, c] = stack.alibaba.fleet.get('cn-wulanchabu')!.hyperNodes.slice(3, 6).map((h) => `alibaba:cn-wulanchabu:hypernode:${h.HyperNodeId}`);
    const answer = await stack.query(`{
      a: hyperNode(id: "${a}") { hostname machineType }
      b: hyperNode(id: "${b}") { hostname machineType }
      c: hyperNode(id: "${c}") { hostname machineType }
    }`);
    expect(answer.errors).toBeUndefined();
    expect(Object.values(answer.data!).every((h) => typeof (h as { hostname: string }).hostname === 'string')).toBe(true);
    expect(stack.alibaba.calls.snapshot()).toEqual({ ListHyperNodes: 1 });
  });

  it('reads a Huawei hyper cluster with its supernodes, their servers and volumes in one list walk', async () => {
    const answer = await stack.query(`{
      hyperCluster(id: "${SEED_HUAWEI.clusterId}") {
        name networks { subnetId }
        hyperNodes(first: 50) { nodes { name state nodes { name status disks { sizeGiB type } } } }
      }
    }`);
    expect(answer.errors).toBeUndefined();
    // One ShowHyperCluster for the cluster itself, one page of the supernode list (servers and volumes inside).
    expect(stack.huawei.calls.snapshot()).toEqual({ ShowHyperCluster: 1, ListHyperInstances: 1 });
  });

  it('reads the deep list query in 4 calls: a page, the cluster sizes, one node-list page per cluster', async () => {
    const answer = await stack.query<{ hyperNodes: { nodes: Array<{ nodes: Array<{ hostname: string; hyperNode: { id: string } }> }> } }>(DEEP_LIST);
    expect(answer.errors).toBeUndefined();
    const hyperNodes = answer.data!.hyperNodes.nodes;
    expect(hyperNodes).toHaveLength(20);
    // The answer is right: every hypernode has its own nodes, as the fleet holds them.
    const fleet = stack.alibaba.fleet.get('cn-wulanchabu')!;
    hyperNodes.forEach((h, i) => expect(h.nodes.map((n) => n.hostname)).toEqual(fleet.hyperNodes[i]!.Nodes.map((n) => n.Hostname)));
    // The 20 hypernodes sit in 2 clusters of fewer than 100 nodes. There is no node list by hypernode; the minimum
    // is 1 ListHyperNodes page, 1 ListClusters page (cluster sizes, so a walk is only taken where it is cheaper),
    // and 1 ListClusterNodes page per cluster, instead of 20 DescribeHyperNode calls.
    expect(new Set(fleet.hyperNodes.slice(0, 20).map((h) => h.ClusterId)).size).toBe(2);
    expect(stack.alibaba.calls.snapshot()).toEqual({ ListHyperNodes: 1, ListClusters: 1, ListClusterNodes: 2 });
  });

  it('describes each hypernode instead when the nodes asked need disks, which node lists lack', async () => {
    const answer = await stack.query('{ hyperNodes(provider: ALIBABA, first: 5) { nodes { nodes { disks { sizeGiB } } } } }');
    expect(answer.errors).toBeUndefined();
    expect(stack.alibaba.calls.snapshot()).toEqual({ ListHyperNodes: 1, DescribeHyperNode: 5 });
  });

  it('describes each hypernode too when the nodes asked need user data, asked through a fragment', async () => {
    const answer = await stack.query('{ hyperNodes(provider: ALIBABA, first: 5) { nodes { nodes { ...data } } } } fragment data on Node { hostname userData }');
    expect(answer.errors).toBeUndefined();
    expect(stack.alibaba.calls.snapshot()).toEqual({ ListHyperNodes: 1, DescribeHyperNode: 5 });
  });

  it('reads many Huawei servers by ID from one list page rather than one call each', async () => {
    const servers = stack.huawei.fleet.get('cn-north-4')!.allServers().slice(0, 30);
    const answer = await stack.query<{ nodes: Array<{ name: string }> }>('query ($ids: [ID!]!) { nodes(ids: $ids) { name } }', {
      ids: servers.map((s) => `huawei:cn-north-4:node:${s.id}`),
    });
    expect(answer.data!.nodes.map((n) => n.name)).toEqual(servers.map((s) => s.name));
    expect(stack.huawei.calls.snapshot()).toEqual({ ListDevServers: 1 });
  });
});

describe('the naive reference (loaders off)', () => {
  it('makes at least 5 times as many calls on the deep list query', async () => {
    const naive = await startStack({ env: { GATEWAY_LOADERS: 'off' } });
    try {
      const answer = await naive.query(DEEP_LIST);
      expect(answer.errors).toBeUndefined();
      expect(naive.upstreamCalls()).toBeGreaterThanOrEqual(5 * 4);
    } finally {
      await naive.stop();
    }
  });
});

describe('parallel upstream calls, bounded per cloud', () => {
  let stack: Stack;
  beforeAll(async () => {
    stack = await startStack({ env: { GATEWAY_UPSTREAM_CONCURRENCY: '10' } });
  });
  afterAll(() => stack.stop());

  const timed = async (document: string, variables?: Record<string, unknown>) => {
    const started = performance.now();
    const answer = await stack.query(document, variables);
    expect(answer.errors).toBeUndefined();
    return performance.now() - started;
  };

  it('asks two clouds at once: both calls are in flight together, not one after the other', async () => {
    stack.alibaba.faults.set({ latencyMs: 300 });
    stack.huawei.faults.set({ latencyMs: 300 });
    let together = false;
    const watch = setInterval(() => {
      if (stack.alibaba.faults.inFlight > 0 && stack.huawei.faults.inFlight > 0) together = true;
    }, 5);
    try {
      const elapsed = await timed(`{ a: hyperNode(id: "${SEED.hyperNodeId}") { hostname } h: hyperCluster(id: "${SEED_HUAWEI.clusterId}") { name } }`);
      expect(together).toBe(true);
      expect(elapsed).toBeGreaterThanOrEqual(300);
    } finally {
      clearInterval(watch);
      stack.alibaba.faults.reset();
      stack.huawei.faults.reset();
    }
  });

  it('reads 100 nodes of one region in about 10 rounds of 10 calls, not 100 rounds', async () => {
    const ids = [...stack.alibaba.fleet.get('cn-wulanchabu')!.nodeById.keys()].slice(0, 100).map((id) => `alibaba:cn-wulanchabu:node:${id}`);
    expect(ids).toHaveLength(100);
    stack.alibaba.faults.set({ latencyMs: 50 });
    stack.resetCalls();
    try {
      const elapsed = await timed('query ($ids: [ID!]!) { nodes(ids: $ids) { hostname } }', { ids });
      expect(stack.alibaba.calls.snapshot()).toEqual({ DescribeNode: 100 });
      // The bound, counted where the calls arrive: never more than 10 in flight, and 10 at once while calls are left
      // (one by one would be 1). Rounds of 50 ms: at least 10 of them, however fast the machine.
      expect(stack.alibaba.faults.peakInFlight).toBe(10);
      expect(elapsed).toBeGreaterThanOrEqual(10 * 50);
    } finally {
      stack.alibaba.faults.reset();
    }
  });
});
