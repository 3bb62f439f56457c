/**
 * Fleet walks cost the fewest calls the clouds' APIs allow, once per TTL for every caller; filters go to the cloud
 * where it filters; one caller going away does not fail the walk the others wait for.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { startStack, type Stack } from '../helpers/stack.js';

const COUNTS = '{ nodeCounts(groupBy: [PROVIDER, STATE]) { provider state count asOf } }';

/**
 * The walk of the default test fleet, and why it is the minimum. Alibaba has no node list across clusters: per
 * region 1 ListClusters page (2 clusters, up to 100 a page) to learn the clusters, 1 ListClusterNodes page per
 * cluster (each under 100 nodes, the largest page), 1 ListFreeNodes page for the nodes in no cluster. Huawei per
 * region: 1 ListDevServers page (every server, standalone ones too, up to 1024 a page) and 1 ListHyperInstances
 * page, the only answer that names each supernode's hyper cluster. 2 Alibaba and 2 Huawei regions: 12 calls.
 */
const WALK = {
  alibaba: { ListClusters: 2, ListClusterNodes: 4, ListFreeNodes: 2 },
  huawei: { ListDevServers: 2, ListHyperInstances: 2 },
};

function minimalWalk(stack: Stack) {
  let clusters = 0;
  let clusterPages = 0;
  let freePages = 0;
  for (const fleet of stack.alibaba.fleet.values()) {
    clusters += Math.ceil(fleet.clusters.length / 100);
    for (const c of fleet.clusters) clusterPages += Math.ceil(fleet.hyperNodes.filter((h) => h.ClusterId === c.ClusterId).reduce((n, h) => n + h.Nodes.length, 0) / 100);
    freePages += Math.max(1, Math.ceil(fleet.freeNodes.length / 100));
  }
  let servers = 0;
  let supernodes = 0;
  for (const fleet of stack.huawei.fleet.values()) {
    servers += Math.max(1, Math.ceil(fleet.allServers().length / 1024));
    supernodes += Math.max(1, Math.ceil(fleet.supernodes.length / 1024));
  }
  return { alibaba: { ListClusters: clusters, ListClusterNodes: clusterPages, ListFreeNodes: freePages }, huawei: { ListDevServers: servers, ListHyperInstances: supernodes } };
}

const calls = (stack: Stack) => ({ alibaba: stack.alibaba.calls.snapshot(), huawei: stack.huawei.calls.snapshot() });

describe('fleet walk call counts (snapshot on)', () => {
  let stack: Stack;
  beforeEach(async () => {
    stack = await startStack({ env: { GATEWAY_FLEET_TTL_MS: '60000' } });
  });

  it('costs exactly the walk on a cold snapshot, and 0 calls for a repeat within the TTL', async () => {
    try {
      expect(minimalWalk(stack)).toEqual(WALK);
      const first = await stack.query(COUNTS);
      expect(first.errors).toBeUndefined();
      expect(calls(stack)).toEqual(WALK);
      stack.resetCalls();
      const again = await stack.query(COUNTS);
      expect(again.data).toEqual(first.data);
      // allNodes and other filters read the same snapshot.
      await stack.query('{ allNodes(filter: { state: [ERROR] }, first: 100) { totalCount nodes { id state } } }');
      await stack.query('{ nodeCounts(filter: { standalone: true }, groupBy: [REGION, MACHINE_TYPE, HYPER_CLUSTER]) { count } }');
      expect(stack.upstreamCalls()).toBe(0);
    } finally {
      await stack.stop();
    }
  });

  it('serves 50 concurrent identical requests on a cold snapshot with one walk', async () => {
    try {
      stack.alibaba.faults.set({ latencyMs: 30 });
      stack.huawei.faults.set({ latencyMs: 30 });
      const answers = await Promise.all(Array.from({ length: 50 }, () => stack.query(COUNTS)));
      expect(answers.every((a) => a.errors === undefined)).toBe(true);
      expect(new Set(answers.map((a) => JSON.stringify(a.data))).size).toBe(1);
      expect(calls(stack)).toEqual(WALK);
    } finally {
      await stack.stop();
    }
  });

  it("does not fail the others' walk when the caller that started it goes away", async () => {
    try {
      stack.alibaba.faults.set({ latencyMs: 300 });
      stack.huawei.faults.set({ latencyMs: 300 });
      const leaving = new AbortController();
      const first = Promise.resolve(
        stack.yoga.fetch('http://gateway/graphql', {
          method: 'POST',
          headers: { 'content-type': 'application/json', authorization: `Bearer ${'stack-key-with-every-scope-0123456789'}` },
          body: JSON.stringify({ query: COUNTS }),
          signal: leaving.signal,
        }),
      ).then(
        async (response: Response) => (await response.json()) as { errors?: Array<{ extensions?: { code?: string } }> },
        () => ({ aborted: true }),
      );
      await new Promise((resolve) => setTimeout(resolve, 50));
      const second = stack.query<{ nodeCounts: Array<{ count: number }> }>(COUNTS);
      await new Promise((resolve) => setTimeout(resolve, 50));
      leaving.abort();
      const [left, stayed] = await Promise.all([first, second]);
      expect(stayed.errors).toBeUndefined();
      expect(stayed.data!.nodeCounts.reduce((n, r) => n + r.count, 0)).toBeGreaterThan(300);
      expect(left).toBeDefined();
      expect(calls(stack)).toEqual(WALK);
    } finally {
      await stack.stop();
    }
  });

  it("leaves the other regions' rows when a region fails, with an error naming its provider and region", async () => {
    try {
      stack.huawei.faults.set({ operations: { ListDevServers: { errorRate: 1 } } });
      const answer = await stack.query<{ nodeCounts: Array<{ provider: string; count: number }> }>(COUNTS);
      expect(answer.data!.nodeCounts.length).toBeGreaterThan(0);
      expect(answer.data!.nodeCounts.every((r) => r.provider === 'ALIBABA')).toBe(true);
      const where = answer.errors!.map((e) => [e.extensions?.code, e.extensions?.provider, e.extensions?.region, e.path]);
      expect(where).toEqual([
        ['UPSTREAM_UNAVAILABLE', 'HUAWEI', 'cn-north-4', ['nodeCounts']],
        ['UPSTREAM_UNAVAILABLE', 'HUAWEI', 'cn-southwest-2', ['nodeCounts']],
      ]);
      // A failed walk is not kept: once the cloud answers, the next read walks it.
      stack.huawei.faults.reset();
      const healed = await stack.query<{ nodeCounts: Array<{ provider: string }> }>(COUNTS);
      expect(healed.errors).toBeUndefined();
      expect(healed.data!.nodeCounts.some((r) => r.provider === 'HUAWEI')).toBe(true);
    } finally {
      await stack.stop();
    }
  });
});

describe('filters pushed down to the cloud (snapshot off)', () => {
  let stack: Stack;
  beforeAll(async () => {
    stack = await startStack({ env: { GATEWAY_FLEET_TTL_MS: '0' } });
  });
  afterAll(() => stack.stop());
  beforeEach(() => {
    stack.resetCalls();
    stack.alibaba.requests.clear();
    stack.huawei.requests.clear();
  });

  const form = (body: string) => Object.fromEntries(new URLSearchParams(body));

  it('sends states to ListClusterNodes and ListFreeNodes as OperatingStates.N, so only matching nodes cross the wire', async () => {
    const answer = await stack.query<{ allNodes: { totalCount: number } }>(
      '{ allNodes(filter: { provider: ALIBABA, region: "cn-wulanchabu", state: [STOPPED] }) { totalCount } }',
    );
    expect(answer.errors).toBeUndefined();
    const lists = [...stack.alibaba.requests.of('ListClusterNodes'), ...stack.alibaba.requests.of('ListFreeNodes')];
    expect(lists.length).toBe(3);
    for (const request of lists) {
      const params = form(request.body);
      expect([params['OperatingStates.1'], params['OperatingStates.2']].sort()).toEqual(['ClusterNodeStopped', 'UnusedNodeStopped']);
      expect(params.MaxResults).toBe('100');
    }
    const fleet = stack.alibaba.fleet.get('cn-wulanchabu')!;
    const stoppedInClusters = fleet.hyperNodes.flatMap((h) => h.Nodes).filter((n) => n.OperatingState === 'ClusterNodeStopped').length;
    const stoppedFree = fleet.freeNodes.filter((n) => n.OperatingState === 'UnusedNodeStopped').length;
    expect(answer.data!.allNodes.totalCount).toBe(stoppedInClusters + stoppedFree);
    expect(stack.huawei.calls.total()).toBe(0);
  });

  it('sends the machine type to ListFreeNodes, and walks only the cluster asked for', async () => {
    const fleet = stack.alibaba.fleet.get('cn-beijing')!;
    const free = fleet.freeNodes[0]!;
    await stack.query('query ($t: String) { allNodes(filter: { region: "cn-beijing", machineType: $t }) { totalCount } }', { t: free.MachineType });
    expect(form(stack.alibaba.requests.of('ListFreeNodes')[0]!.body).MachineType).toBe(free.MachineType);
    stack.resetCalls();
    const cluster = fleet.clusters[1]!;
    const answer = await stack.query<{ allNodes: { totalCount: number } }>('query ($c: ID) { allNodes(filter: { hyperClusterId: $c }) { totalCount } }', {
      c: `alibaba:cn-beijing:hypercluster:${cluster.ClusterId}`,
    });
    expect(stack.alibaba.calls.snapshot()).toEqual({ ListClusterNodes: 1 });
    expect(stack.huawei.calls.total()).toBe(0);
    expect(answer.data!.allNodes.totalCount).toBe(fleet.hyperNodes.filter((h) => h.ClusterId === cluster.ClusterId).reduce((n, h) => n + h.Nodes.length, 0));
  });

  it('asks no Alibaba list at all for a state no Alibaba word has', async () => {
    const answer = await stack.query<{ allNodes: { totalCount: number } }>('{ allNodes(filter: { state: [DELETED] }) { totalCount } }');
    expect(answer.errors).toBeUndefined();
    expect(stack.alibaba.calls.total()).toBe(0);
    expect(stack.huawei.calls.snapshot()).toEqual({ ListDevServers: 2, ListHyperInstances: 2 });
  });

  it('sends hypernode filters to ListHyperNodes: OperatingStates as JSON in the query, the rest in the body', async () => {
    const fleet = stack.alibaba.fleet.get('cn-wulanchabu')!;
    const sample = fleet.hyperNodes[3]!;
    const answer = await stack.query<{ hyperNodes: { totalCount: number; nodes: Array<{ id: string }> } }>(
      'query ($f: HyperNodeFilter) { hyperNodes(filter: $f, first: 100) { totalCount asOf nodes { id } } }',
      { f: { region: 'cn-wulanchabu', state: ['RUNNING'], machineType: sample.MachineType, zoneId: sample.ZoneId, hpnZone: sample.HpnZone } },
    );
    expect(answer.errors).toBeUndefined();
    const request = stack.alibaba.requests.of('ListHyperNodes')[0]!;
    expect(JSON.parse(request.query.OperatingStates!)).toEqual(['Using']);
    expect(form(request.body)).toMatchObject({ MachineType: sample.MachineType, ZoneId: sample.ZoneId, HpnZone: sample.HpnZone });
    const expected = fleet.hyperNodes.filter(
      (h) => h.OperatingState === 'Using' && h.MachineType === sample.MachineType && h.ZoneId === sample.ZoneId && h.HpnZone === sample.HpnZone,
    );
    expect(answer.data!.hyperNodes.nodes.map((h) => h.id).sort()).toEqual(expected.map((h) => `alibaba:cn-wulanchabu:hypernode:${h.HyperNodeId}`).sort());
    expect(answer.data!.hyperNodes.totalCount).toBe(expected.length);
  });

  it('filters Huawei supernodes in the gateway, whose lists filter nothing', async () => {
    const fleet = stack.huawei.fleet.get('cn-north-4')!;
    const cluster = fleet.hyperClusters.find((c) => c.type === 'HPS')!;
    const answer = await stack.query<{ hyperNodes: { totalCount: number; nodes: Array<{ id: string }> } }>(
      'query ($c: ID) { hyperNodes(filter: { hyperClusterId: $c, state: [RUNNING] }, first: 100) { totalCount nodes { id } } }',
      { c: `huawei:cn-north-4:hypercluster:${cluster.id}` },
    );
    const expected = fleet.supernodes.filter((s) => s.hps_cluster_id === cluster.id && s.status === 'ACTIVE').map((s) => `huawei:cn-north-4:hypernode:${s.id}`);
    expect(answer.data!.hyperNodes.nodes.map((h) => h.id).sort()).toEqual(expected.sort());
    expect(answer.data!.hyperNodes.totalCount).toBe(expected.length);
    expect(Object.keys(stack.huawei.requests.of('ListHyperInstances')[0]!.query).sort()).toEqual(['limit', 'offset', 'sort_dir', 'sort_key']);
  });
});

describe('a Huawei region of more than one page', () => {
  it('reads the first page for the total, then the remaining pages, each server once', async () => {
    const stack = await startStack({
      env: { GATEWAY_FLEET_TTL_MS: '60000' },
      alibaba: { fleet: { regions: ['cn-wulanchabu'], hyperNodesPerRegion: 2 } },
      huawei: { fleet: { regions: ['cn-north-4'], supernodesPerRegion: 400 } },
    });
    try {
      const servers = stack.huawei.fleet.get('cn-north-4')!.allServers();
      expect(servers.length).toBeGreaterThan(2 * 1024);
      const answer = await stack.query<{ allNodes: { totalCount: number } }>('{ allNodes(filter: { provider: HUAWEI }, first: 0) { totalCount } }');
      expect(answer.data!.allNodes.totalCount).toBe(servers.length);
      expect(stack.huawei.calls.snapshot()).toEqual({ ListDevServers: Math.ceil(servers.length / 1024), ListHyperInstances: 1 });
      // The pages after the first go out at once, so they may arrive in any order.
      const offsets = stack.huawei.requests.of('ListDevServers').map((r) => [r.query.offset, r.query.limit]).sort((a, b) => Number(a[0]) - Number(b[0]));
      expect(offsets).toEqual([['0', '1024'], ['1024', '1024'], ['2048', '1024']].slice(0, Math.ceil(servers.length / 1024)));
    } finally {
      await stack.stop();
    }
  });
});

describe('a hostile list answer', () => {
  it('is UPSTREAM_ERROR for its region, and the other cloud still answers', async () => {
    const { createServer } = await import('node:http');
    const answers = [
      { data: 'not a list', total: 1 },
      { data: [{ name: 'no id' }], total: 1 },
      { data: [], total: -5 },
    ];
    let next = 0;
    const hostile = createServer((_req, res) => {
      res.setHeader('content-type', 'application/json');
      res.end(JSON.stringify(answers[next % answers.length]));
    });
    await new Promise<void>((resolve) => hostile.listen(0, '127.0.0.1', resolve));
    const { port } = hostile.address() as { port: number };
    const stack = await startStack({ env: { GATEWAY_FLEET_TTL_MS: '0', HUAWEI_MODELARTS_ENDPOINT: `http://127.0.0.1:${port}` } });
    try {
      for (next = 0; next < answers.length; next++) {
        const answer = await stack.query<{ allNodes: { nodes: Array<{ provider: string }> } }>('{ allNodes(first: 100) { totalCount nodes { provider } } }');
        expect(answer.data!.allNodes.nodes.length).toBeGreaterThan(0);
        expect(answer.data!.allNodes.nodes.every((n) => n.provider === 'ALIBABA')).toBe(true);
        expect(answer.errors!.map((e) => [e.extensions?.code, e.extensions?.provider])).toEqual([
          ['UPSTREAM_ERROR', 'HUAWEI'],
          ['UPSTREAM_ERROR', 'HUAWEI'],
        ]);
      }
    } finally {
      await stack.stop();
      await new Promise((resolve) => hostile.close(resolve));
    }
  });
});

describe('hypernode lists on the snapshot', () => {
  it("read their nodes by cluster walk, and leave lookups by ID fresh", async () => {
    const stack = await startStack({ env: { GATEWAY_FLEET_TTL_MS: '60000' } });
    try {
      await stack.query('{ hyperNodes(first: 1) { totalCount } }');
      stack.resetCalls();
      const deep = await stack.query<{ hyperNodes: { nodes: Array<{ nodes: Array<{ hostname: string }> }> } }>(
        '{ hyperNodes(filter: { region: "cn-wulanchabu" }, first: 20) { nodes { hostname nodes { hostname } } } }',
      );
      expect(deep.errors).toBeUndefined();
      expect(deep.data!.hyperNodes.nodes.every((h) => h.nodes.length > 0)).toBe(true);
      // The 20 hypernodes come from the snapshot; their nodes from 1 ListClusters page and 1 ListClusterNodes page per cluster.
      expect(stack.alibaba.calls.snapshot()).toEqual({ ListClusters: 1, ListClusterNodes: 2 });
      stack.resetCalls();
      const id = `alibaba:cn-wulanchabu:hypernode:${stack.alibaba.fleet.get('cn-wulanchabu')!.hyperNodes[0]!.HyperNodeId}`;
      const both = await stack.query(`{ hyperNodes(first: 1) { nodes { id } } hyperNode(id: "${id}") { hostname } }`);
      expect(both.errors).toBeUndefined();
      expect(stack.alibaba.calls.snapshot()).toEqual({ ListHyperNodes: 1 });
    } finally {
      await stack.stop();
    }
  });
});
