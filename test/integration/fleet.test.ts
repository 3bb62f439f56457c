/** Fleet views: every node listed, filtered and counted, from a snapshot shared by every caller. */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { STACK_TOKEN, startStack, type GraphQLAnswer, type Stack } from '../helpers/stack.js';
import { simulatedNodes, type ExpectedNode } from '../helpers/fleet-model.js';

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
