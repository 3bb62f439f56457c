/** Fleet views: every node listed, filtered and counted, from a snapshot shared by every caller. */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { STACK_TOKEN, startStack, type GraphQLAnswer, type Stack } from '../helpers/stack.js';
import { simulatedNodes, type ExpectedNode } from '../helpers/fleet-model.js';
import { alibabaNodeState } from '../../src/providers/alibaba/states.js';
import { huaweiSupernodeState } from '../../src/providers/huawei/states.js';

const NODE_FIELDS = 'id provider region state machineType zoneId hyperNode { id }';
const PAGE = /* GraphQL */ `query ($filter: NodeFilter, $after: String) {
  allNodes(filter: $filter, first: 100, after: $after) {
    totalCount asOf
    nodes { ${NODE_FIELDS} }
    pageInfo { hasNextPage endCursor }
  }
}`;

interface NodeRow {
  id: string;
  provider: string;
  region: string;
  state: string;
  machineType: string | null;
  zoneId: string | null;
  hyperNode: { id: string } | null;
}

interface Page {
  allNodes: { totalCount: number; asOf: string; nodes: NodeRow[]; pageInfo: { hasNextPage: boolean; endCursor: string | null } };
}

/** Every node `allNodes` lists for `filter`, page after page. */
async function listAll(stack: Stack, filter?: Record<string, unknown>): Promise<{ nodes: NodeRow[]; totalCount: number; pages: number }> {
  const nodes: NodeRow[] = [];
  let after: string | null = null;
  let totalCount = -1;
  let pages = 0;
  do {
    const answer: GraphQLAnswer<Page> = await stack.query<Page>(PAGE, { filter, after });
    expect(answer.errors).toBeUndefined();
    const page: Page['allNodes'] = answer.data!.allNodes;
    totalCount = page.totalCount;
    nodes.push(...page.nodes);
    after = page.pageInfo.hasNextPage ? page.pageInfo.endCursor : null;
    pages += 1;
    expect(pages).toBeLessThan(100);
  } while (after);
  return { nodes, totalCount, pages };
}

const ids = (rows: Array<{ id: string }>) => rows.map((r) => r.id).sort();

function stackEnv(ttl: string) {
  return { env: { GATEWAY_FLEET_TTL_MS: ttl, GATEWAY_API_KEYS: `stack=${STACK_TOKEN}:read+write+secrets,reader=reader-key-0123456789abcdef0123:read` } };
}

describe('allNodes over the shared snapshot', () => {
  let stack: Stack;
  let fleet: ExpectedNode[];
  beforeAll(async () => {
    stack = await startStack(stackEnv('60000'));
    fleet = simulatedNodes(stack.alibaba, stack.huawei);
  });
  afterAll(() => stack.stop());

  it('lists the whole simulated fleet, node by node, free Alibaba nodes and standalone Huawei servers included', async () => {
    const { nodes, totalCount } = await listAll(stack);
    expect(totalCount).toBe(fleet.length);
    expect(nodes).toHaveLength(fleet.length);
    expect(new Set(nodes.map((n) => n.id)).size).toBe(fleet.length);
    const byId = new Map(nodes.map((n) => [n.id, n]));
    for (const expected of fleet) {
      const got = byId.get(expected.id);
      expect(got, expected.id).toBeDefined();
      expect({ ...got, hyperNode: got!.hyperNode?.id ?? null }).toEqual({
        id: expected.id,
        provider: expected.provider,
        region: expected.region,
        state: expected.state,
        machineType: expected.machineType,
        zoneId: expected.zoneId,
        hyperNode: expected.hyperNodeId,
      });
    }
    // The fleet the issue speaks of: nodes in no hypernode on both clouds.
    expect(nodes.filter((n) => n.provider === 'ALIBABA' && !n.hyperNode).length).toBeGreaterThan(0);
    expect(nodes.filter((n) => n.provider === 'HUAWEI' && !n.hyperNode).length).toBeGreaterThan(0);
  });

  it('answers a repeat within the TTL with no upstream call, and says how old its data is', async () => {
    await stack.query('{ allNodes(first: 1) { totalCount } }');
    stack.resetCalls();
    const before = Date.now();
    const answer = await stack.query<Page>('{ allNodes(first: 5) { totalCount asOf nodes { id } pageInfo { hasNextPage endCursor } } }');
    expect(stack.upstreamCalls()).toBe(0);
    const asOf = Date.parse(answer.data!.allNodes.asOf);
    expect(asOf).toBeLessThanOrEqual(before);
    expect(before - asOf).toBeLessThan(60_000 * 2);
  });

  it('keeps userData guarded by its scope on snapshot data', async () => {
    const answer = await stack.queryAs<{ allNodes: { nodes: Array<{ id: string; userData: string | null }> } }>(
      'reader-key-0123456789abcdef0123',
      '{ allNodes(filter: { provider: ALIBABA }, first: 2) { nodes { id userData } } }',
    );
    expect(answer.data!.allNodes.nodes.map((n) => n.userData)).toEqual([null, null]);
    expect(answer.errors!.map((e) => e.extensions?.code)).toEqual(['FORBIDDEN', 'FORBIDDEN']);
  });

  it('drops what a mutation changed: a stopped node shows as stopping or stopped on the next read', async () => {
    const target = fleet.find((n) => n.provider === 'ALIBABA' && n.state === 'RUNNING' && n.hyperClusterId)!;
    const filter = { region: target.region, state: ['STOPPING', 'STOPPED'] };
    const before = await listAll(stack, filter);
    expect(ids(before.nodes)).not.toContain(target.id);
    const stopped = await stack.query('mutation ($ids: [ID!]!) { stopNodes(input: { ids: $ids }) { failures { code } } }', { ids: [target.id] });
    expect(stopped.errors).toBeUndefined();
    const after = await listAll(stack, filter);
    expect(ids(after.nodes)).toContain(target.id);
  });
});

/** The filter table: each field alone and in combination, against filtering the simulators' fleet in the test. */
function filterCases(fleet: ExpectedNode[]): Array<[string, Record<string, unknown>, (n: ExpectedNode) => boolean]> {
  const alibabaNode = fleet.find((n) => n.provider === 'ALIBABA' && n.hyperNodeId)!;
  const huaweiNode = fleet.find((n) => n.provider === 'HUAWEI' && n.hyperClusterId)!;
  const huaweiFlavor = fleet.find((n) => n.provider === 'HUAWEI' && !n.hyperNodeId)!.machineType!;
  return [
    ['provider', { provider: 'HUAWEI' }, (n) => n.provider === 'HUAWEI'],
    ['region', { region: 'cn-beijing' }, (n) => n.region === 'cn-beijing'],
    ['state, one', { state: ['RUNNING'] }, (n) => n.state === 'RUNNING'],
    ['state, several', { state: ['STOPPED', 'ERROR', 'AVAILABLE'] }, (n) => ['STOPPED', 'ERROR', 'AVAILABLE'].includes(n.state)],
    ['machineType', { machineType: alibabaNode.machineType }, (n) => n.machineType === alibabaNode.machineType],
    ['machineType (Huawei flavor)', { machineType: huaweiFlavor }, (n) => n.machineType === huaweiFlavor],
    ['zoneId', { zoneId: alibabaNode.zoneId }, (n) => n.zoneId === alibabaNode.zoneId],
    ['hyperNodeId', { hyperNodeId: alibabaNode.hyperNodeId }, (n) => n.hyperNodeId === alibabaNode.hyperNodeId],
    ['hyperClusterId (Alibaba)', { hyperClusterId: alibabaNode.hyperClusterId }, (n) => n.hyperClusterId === alibabaNode.hyperClusterId],
    ['hyperClusterId (Huawei)', { hyperClusterId: huaweiNode.hyperClusterId }, (n) => n.hyperClusterId === huaweiNode.hyperClusterId],
    ['standalone', { standalone: true }, (n) => n.hyperNodeId === null],
    ['not standalone', { standalone: false }, (n) => n.hyperNodeId !== null],
    ['provider + standalone', { provider: 'HUAWEI', standalone: true }, (n) => n.provider === 'HUAWEI' && n.hyperNodeId === null],
    ['state + machineType', { state: ['RUNNING'], machineType: alibabaNode.machineType }, (n) => n.state === 'RUNNING' && n.machineType === alibabaNode.machineType],
    [
      'region + state + standalone',
      { region: 'cn-wulanchabu', state: ['AVAILABLE', 'STOPPED', 'RECOVERING'], standalone: true },
      (n) => n.region === 'cn-wulanchabu' && ['AVAILABLE', 'STOPPED', 'RECOVERING'].includes(n.state) && n.hyperNodeId === null,
    ],
    ['hyperClusterId + state', { hyperClusterId: alibabaNode.hyperClusterId, state: ['RUNNING'] }, (n) => n.hyperClusterId === alibabaNode.hyperClusterId && n.state === 'RUNNING'],
    ['provider + zoneId (none on Huawei)', { provider: 'HUAWEI', zoneId: alibabaNode.zoneId }, () => false],
  ];
}

describe.each([
  ['with the snapshot', '60000'],
  ['with the snapshot off (GATEWAY_FLEET_TTL_MS=0)', '0'],
])('NodeFilter %s', (_, ttl) => {
  let stack: Stack;
  let fleet: ExpectedNode[];
  beforeAll(async () => {
    stack = await startStack(stackEnv(ttl));
    fleet = simulatedNodes(stack.alibaba, stack.huawei);
  });
  afterAll(() => stack.stop());

  it('selects exactly what filtering the full fleet selects, field by field and combined', async () => {
    for (const [name, filter, predicate] of filterCases(fleet)) {
      const expected = fleet.filter(predicate).map((n) => n.id).sort();
      // Every case but the one that matches nothing selects some of the fleet, not all of it.
      if (!name.includes('none on Huawei')) expect(expected.length, name).toBeGreaterThan(0);
      if (!name.includes('none on Huawei')) expect(expected.length, name).toBeLessThan(fleet.length);
      const { nodes, totalCount } = await listAll(stack, filter);
      expect(ids(nodes), name).toEqual(expected);
      expect(totalCount, name).toBe(expected.length);
      const counts = await stack.query<{ nodeCounts: Array<{ count: number }> }>('query ($f: NodeFilter) { nodeCounts(filter: $f, groupBy: []) { count } }', { f: filter });
      expect(counts.data!.nodeCounts, name).toEqual([{ count: expected.length }]);
    }
  });

  it('counts what allNodes lists, one row per group in a stable order', async () => {
    const answer = await stack.query<{ nodeCounts: Array<{ provider: string; region: string | null; state: string; count: number; asOf: string; machineType: string | null }> }>(
      '{ nodeCounts(groupBy: [PROVIDER, STATE]) { provider region state machineType count asOf } }',
    );
    expect(answer.errors).toBeUndefined();
    const rows = answer.data!.nodeCounts;
    const expected = new Map<string, number>();
    for (const n of fleet) expected.set(`${n.provider}/${n.state}`, (expected.get(`${n.provider}/${n.state}`) ?? 0) + 1);
    expect(new Map(rows.map((r) => [`${r.provider}/${r.state}`, r.count]))).toEqual(expected);
    expect(rows.every((r) => r.region === null && r.machineType === null && !Number.isNaN(Date.parse(r.asOf)))).toBe(true);
    // Clouds in their order, then states in the enum's order.
    const order = ['CREATING', 'STARTING', 'RUNNING', 'AVAILABLE', 'STOPPING', 'STOPPED', 'REBOOTING', 'UPDATING', 'RECOVERING', 'DELETING', 'DELETED', 'ERROR', 'UNKNOWN'];
    const keys = rows.map((r) => [r.provider === 'ALIBABA' ? 0 : 1, order.indexOf(r.state)]);
    expect(keys).toEqual([...keys].sort((a, b) => a[0]! - b[0]! || a[1]! - b[1]!));
    for (const row of rows.slice(0, 3)) {
      const listed = await listAll(stack, { provider: row.provider, state: [row.state] });
      expect(listed.nodes).toHaveLength(row.count);
    }
  });

  it('refuses a filter that cannot match, naming the field, before any call', async () => {
    stack.resetCalls();
    const cases: Array<[Record<string, unknown>, string]> = [
      [{ region: 'mars-north-1' }, 'filter.region'],
      [{ provider: 'HUAWEI', region: 'cn-wulanchabu' }, 'filter.region'],
      [{ hyperNodeId: 'not-an-id' }, 'filter.hyperNodeId'],
      [{ hyperNodeId: 'alibaba:cn-wulanchabu:node:e01-x' }, 'filter.hyperNodeId'],
      [{ hyperClusterId: 'alibaba:ap-south-9:hypercluster:i1' }, 'filter.hyperClusterId'],
      [{ provider: 'HUAWEI', hyperClusterId: 'alibaba:cn-wulanchabu:hypercluster:i1' }, 'filter.hyperClusterId'],
      [{ state: [] }, 'filter.state'],
      [{ machineType: '' }, 'filter.machineType'],
      [{ zoneId: 'z'.repeat(500) }, 'filter.zoneId'],
      [{ standalone: true, hyperNodeId: 'alibaba:cn-wulanchabu:hypernode:e01-cn-zvp2tgykr08' }, 'filter.standalone'],
    ];
    for (const [filter, field] of cases) {
      for (const document of ['query ($f: NodeFilter) { allNodes(filter: $f) { totalCount } }', 'query ($f: NodeFilter) { nodeCounts(filter: $f, groupBy: [STATE]) { count } }']) {
        const answer = await stack.query(document, { f: filter });
        expect(answer.errors?.[0]?.extensions, JSON.stringify(filter)).toMatchObject({ code: 'BAD_USER_INPUT', field });
      }
    }
    const cursor = await stack.query('{ allNodes(after: "bm9wZQ") { totalCount } }');
    expect(cursor.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'after' });
    expect(stack.upstreamCalls()).toBe(0);
  });
});

describe('hyperNodes(filter:) over the snapshot', () => {
  let stack: Stack;
  beforeAll(async () => {
    stack = await startStack(stackEnv('60000'));
  });
  afterAll(() => stack.stop());

  interface Expected {
    id: string;
    state: string;
    machineType: string | null;
    zoneId: string | null;
    hpnZone: string | null;
    clusterId: string | null;
    provider: string;
    region: string;
  }
  const expectedHyperNodes = (): Expected[] => [
    ...[...stack.alibaba.fleet].flatMap(([region, fleet]) =>
      fleet.hyperNodes.map((h) => ({
        id: `alibaba:${region}:hypernode:${h.HyperNodeId}`,
        state: alibabaNodeState(h.OperatingState),
        machineType: h.MachineType,
        zoneId: h.ZoneId,
        hpnZone: h.HpnZone,
        clusterId: `alibaba:${region}:hypercluster:${h.ClusterId}`,
        provider: 'ALIBABA',
        region,
      })),
    ),
    ...[...stack.huawei.fleet].flatMap(([region, fleet]) =>
      fleet.supernodes.map((s) => ({
        id: `huawei:${region}:hypernode:${s.id}`,
        state: huaweiSupernodeState(s.status ?? null),
        machineType: new Set((s.servers ?? []).map((v) => v.flavor)).size === 1 ? s.servers![0]!.flavor! : null,
        zoneId: null,
        hpnZone: null,
        clusterId: s.hps_cluster_id ? `huawei:${region}:hypercluster:${s.hps_cluster_id}` : null,
        provider: 'HUAWEI',
        region,
      })),
    ),
  ];

  async function listHyperNodes(filter?: Record<string, unknown>) {
    const found: string[] = [];
    let after: string | null = null;
    let totalCount = -1;
    do {
      const answer: GraphQLAnswer<{ hyperNodes: { totalCount: number; asOf: string; nodes: Array<{ id: string }>; pageInfo: { hasNextPage: boolean; endCursor: string } } }> =
        await stack.query('query ($f: HyperNodeFilter, $after: String) { hyperNodes(filter: $f, first: 7, after: $after) { totalCount asOf nodes { id } pageInfo { hasNextPage endCursor } } }', {
          f: filter,
          after,
        });
      expect(answer.errors).toBeUndefined();
      found.push(...answer.data!.hyperNodes.nodes.map((n) => n.id));
      totalCount = answer.data!.hyperNodes.totalCount;
      after = answer.data!.hyperNodes.pageInfo.hasNextPage ? answer.data!.hyperNodes.pageInfo.endCursor : null;
    } while (after);
    return { found, totalCount };
  }

  it('selects what filtering the simulators’ hypernodes selects, with totalCount, page after page', async () => {
    const all = expectedHyperNodes();
    const sample = all.find((h) => h.provider === 'ALIBABA' && h.state === 'RUNNING')!;
    const huaweiCluster = all.find((h) => h.provider === 'HUAWEI')!.clusterId!;
    const cases: Array<[Record<string, unknown> | undefined, (h: Expected) => boolean]> = [
      [undefined, () => true],
      [{ provider: 'HUAWEI' }, (h) => h.provider === 'HUAWEI'],
      [{ region: 'cn-beijing' }, (h) => h.region === 'cn-beijing'],
      [{ state: ['RUNNING'] }, (h) => h.state === 'RUNNING'],
      [{ state: ['CREATING', 'ERROR'] }, (h) => ['CREATING', 'ERROR'].includes(h.state)],
      [{ machineType: sample.machineType }, (h) => h.machineType === sample.machineType],
      [{ zoneId: sample.zoneId }, (h) => h.zoneId === sample.zoneId],
      [{ hpnZone: sample.hpnZone }, (h) => h.hpnZone === sample.hpnZone],
      [{ hyperClusterId: sample.clusterId }, (h) => h.clusterId === sample.clusterId],
      [{ hyperClusterId: huaweiCluster, state: ['RUNNING'] }, (h) => h.clusterId === huaweiCluster && h.state === 'RUNNING'],
      [{ state: ['RUNNING'], machineType: sample.machineType, hpnZone: sample.hpnZone }, (h) => h.state === 'RUNNING' && h.machineType === sample.machineType && h.hpnZone === sample.hpnZone],
    ];
    for (const [filter, predicate] of cases) {
      const expected = all.filter(predicate).map((h) => h.id).sort();
      expect(expected.length, JSON.stringify(filter)).toBeGreaterThan(0);
      const { found, totalCount } = await listHyperNodes(filter);
      expect([...found].sort(), JSON.stringify(filter)).toEqual(expected);
      expect(totalCount).toBe(expected.length);
    }
  });

  it('refuses a hypernode filter that cannot match, before any call', async () => {
    stack.resetCalls();
    for (const [filter, field] of [
      [{ region: 'nowhere-1' }, 'filter.region'],
      [{ hyperClusterId: 'huawei:cn-north-4:hypernode:x' }, 'filter.hyperClusterId'],
      [{ state: [] }, 'filter.state'],
      [{ hpnZone: '' }, 'filter.hpnZone'],
    ] as const) {
      const answer = await stack.query('query ($f: HyperNodeFilter) { hyperNodes(filter: $f) { totalCount } }', { f: filter });
      expect(answer.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field });
    }
    const deprecated = await stack.query('{ hyperNodes(region: "nowhere-1") { totalCount } }');
    expect(deprecated.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'region' });
    const contradiction = await stack.query('{ hyperNodes(provider: ALIBABA, filter: { provider: HUAWEI }) { totalCount } }');
    expect(contradiction.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'filter.provider' });
    expect(stack.upstreamCalls()).toBe(0);
  });

  it("counts a cluster's hypernodes when asked", async () => {
    const fleet = stack.alibaba.fleet.get('cn-wulanchabu')!;
    const cluster = fleet.clusters[0]!;
    const answer = await stack.query<{ hyperCluster: { hyperNodes: { totalCount: number; asOf: string } } }>(
      'query ($id: ID!) { hyperCluster(id: $id) { hyperNodes(first: 2) { totalCount asOf } } }',
      { id: `alibaba:cn-wulanchabu:hypercluster:${cluster.ClusterId}` },
    );
    expect(answer.errors).toBeUndefined();
    expect(answer.data!.hyperCluster.hyperNodes.totalCount).toBe(fleet.hyperNodes.filter((h) => h.ClusterId === cluster.ClusterId).length);
  });
});
