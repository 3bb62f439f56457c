import { setTimeout as sleep } from 'node:timers/promises';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { SEED, SEED_HUAWEI, startStack, type Stack } from '../helpers/stack.js';

const CREATE = /* GraphQL */ `
  mutation ($input: CreateHyperClusterInput!) {
    createHyperCluster(input: $input) { hyperCluster { id provider region name type networks { subnetId isDefault } } }
  }
`;
const DELETE = 'mutation ($input: DeleteHyperClusterInput!) { deleteHyperCluster(input: $input) { deletedId } }';
const OPERATION = (name: 'rebootNodes' | 'stopNodes' | 'startNodes') => /* GraphQL */ `
  mutation ($input: NodeOperationInput!) {
    ${name}(input: $input) {
      nodes { id status state }
      tasks { id provider region taskId: nativeId kind state nodes { id } }
      failures { nodeId code providerCode }
    }
  }
`;

type Payload = {
  nodes: Array<{ id: string; status: string; state: string }>;
  tasks: Array<{ id: string; provider: string; region: string; taskId: string; kind: string; state: string; nodes: Array<{ id: string }> }>;
  failures: Array<{ nodeId: string; code: string; providerCode: string | null }>;
};

describe('mutations', () => {
  let stack: Stack;
  beforeAll(async () => {
    stack = await startStack();
  });
  afterAll(() => stack.stop());
  beforeEach(() => {
    stack.resetCalls();
    stack.huawei.requests.clear();
    stack.alibaba.requests.clear();
  });

  const alibabaNode = (region: string, hyperNode: number, node = 0) => {
    const h = stack.alibaba.fleet.get(region)!.hyperNodes[hyperNode]!;
    return { id: `alibaba:${region}:node:${h.Nodes[node]!.NodeId}`, clusterId: h.ClusterId, record: h.Nodes[node]! };
  };
  const huaweiServer = (index: number) => {
    const server = stack.huawei.fleet.get('cn-north-4')!.allServers()[index]!;
    return { id: `huawei:cn-north-4:node:${server.id}`, record: server };
  };

  describe('createHyperCluster and deleteHyperCluster', () => {
    it('creates a Huawei hyper cluster exactly as CreateHyperCluster documents it, lists it, and deletes it', async () => {
      const created = await stack.query<{ createHyperCluster: { hyperCluster: { id: string } } }>(CREATE, {
        input: { provider: 'HUAWEI', name: 'test-hps--1108', subnetId: SEED_HUAWEI.subnetId, type: 'HPS' },
      });
      expect(created.errors).toBeUndefined();
      expect(created.data!.createHyperCluster.hyperCluster).toMatchObject({
        provider: 'HUAWEI',
        region: 'cn-north-4',
        name: 'test-hps--1108',
        type: 'HPS',
        networks: [{ subnetId: SEED_HUAWEI.subnetId, isDefault: true }],
      });
      const [sent] = stack.huawei.requests.of('CreateHyperCluster');
      expect(sent!.method).toBe('POST');
      expect(sent!.path).toBe(`/v1/${stack.huawei.projectIds['cn-north-4']}/dev-servers/hyper-clusters`);
      expect(JSON.parse(sent!.body)).toEqual({ name: 'test-hps--1108', hyper_cluster_subnet_id: SEED_HUAWEI.subnetId, type: 'HPS' });

      const id = created.data!.createHyperCluster.hyperCluster.id;
      const listed = await stack.query<{ hyperClusters: { nodes: Array<{ id: string }> } }>('{ hyperClusters(provider: HUAWEI, region: "cn-north-4", first: 100) { nodes { id } } }');
      expect(listed.data!.hyperClusters.nodes.map((c) => c.id)).toContain(id);

      const deleted = await stack.query(DELETE, { input: { id } });
      expect(deleted).toMatchObject({ data: { deleteHyperCluster: { deletedId: id } } });
      expect(stack.huawei.requests.of('DeleteHyperCluster').map((r) => r.query.type)).toEqual(['HPS']);
      expect((await stack.query(`{ hyperCluster(id: "${id}") { id } }`)).data).toEqual({ hyperCluster: null });
    });

    it('sends only the name when that is all it is given', async () => {
      await stack.query(CREATE, { input: { provider: 'HUAWEI', region: 'cn-southwest-2', name: 'just-a-name' } });
      expect(JSON.parse(stack.huawei.requests.of('CreateHyperCluster')[0]!.body)).toEqual({ name: 'just-a-name' });
    });

    it('answers UNSUPPORTED_BY_PROVIDER for Alibaba with no upstream call', async () => {
      const answer = await stack.query(CREATE, { input: { provider: 'ALIBABA', name: 'lingjun-new' } });
      expect(answer.errors?.[0]?.extensions).toMatchObject({ code: 'UNSUPPORTED_BY_PROVIDER', provider: 'ALIBABA' });
      const deleted = await stack.query(DELETE, { input: { id: SEED.clusterId } });
      expect(deleted.errors?.[0]?.extensions).toMatchObject({ code: 'UNSUPPORTED_BY_PROVIDER' });
      expect(stack.upstreamCalls()).toBe(0);
    });

    it('answers NOT_FOUND when deleting a hyper cluster that does not exist, and the cloud error when it is in use', async () => {
      const missing = await stack.query(DELETE, { input: { id: 'huawei:cn-north-4:hypercluster:00000000-0000-4000-8000-000000000000' } });
      expect(missing.errors?.[0]?.extensions).toMatchObject({ code: 'NOT_FOUND', field: 'input.id' });
      const inUse = await stack.query(DELETE, { input: { id: SEED_HUAWEI.clusterId } });
      expect(inUse.errors?.[0]?.extensions).toMatchObject({ code: 'UPSTREAM_ERROR', providerCode: 'ModelArts.6410' });
    });
  });

  describe('node operations', () => {
    it('reboots a mix of clouds, regions and clusters: one RebootNodes per cluster, one action per Huawei server', async () => {
      const a1 = alibabaNode('cn-wulanchabu', 2);
      const a2 = alibabaNode('cn-wulanchabu', 3);
      const a3 = alibabaNode('cn-wulanchabu', 15);
      const b1 = alibabaNode('cn-beijing', 1);
      const h1 = huaweiServer(0);
      const h2 = huaweiServer(1);
      expect(a1.clusterId).toBe(a2.clusterId);
      expect(a3.clusterId).not.toBe(a1.clusterId);
      const ids = [a1.id, h1.id, a2.id, b1.id, a3.id, h2.id];
      // Long enough that the payload's fresh reads find the reboots under way however loaded the machine is.
      stack.alibaba.actionDurationMs = stack.huawei.actionDurationMs = 3_000;
      const answer = await stack.query<{ rebootNodes: Payload }>(OPERATION('rebootNodes'), { input: { ids } }).finally(() => {
        stack.alibaba.actionDurationMs = stack.huawei.actionDurationMs = 300;
      });
      expect(answer.errors).toBeUndefined();
      const payload = answer.data!.rebootNodes;
      expect(payload.failures).toEqual([]);
      expect(payload.nodes.map((n) => n.id)).toEqual(ids);
      expect(payload.nodes.map((n) => n.state)).toEqual(['UPDATING', 'REBOOTING', 'UPDATING', 'UPDATING', 'UPDATING', 'REBOOTING']);
      expect(payload.tasks.map((t) => [t.provider, t.region, t.nodes.map((n) => n.id)])).toEqual([
        ['ALIBABA', 'cn-wulanchabu', [a1.id, a2.id]],
        ['ALIBABA', 'cn-wulanchabu', [a3.id]],
        ['HUAWEI', 'cn-north-4', [h1.id, h2.id]],
        ['ALIBABA', 'cn-beijing', [b1.id]],
      ].sort((x, y) => ids.indexOf((x[2] as string[])[0]!) - ids.indexOf((y[2] as string[])[0]!)));
      expect(payload.tasks.filter((t) => t.provider === 'ALIBABA').every((t) => /^i[0-9a-f]{22}$/.test(t.taskId!))).toBe(true);

      const reboots = stack.alibaba.requests.of('RebootNodes').map((r) => Object.fromEntries(new URLSearchParams(r.body)));
      expect(reboots).toHaveLength(3);
      expect(reboots).toContainEqual({ ClusterId: a1.clusterId, Nodes: JSON.stringify([a1.record.NodeId, a2.record.NodeId]), IgnoreFailedNodeTasks: 'true' });
      expect(stack.huawei.calls.get('RebootDevServer')).toBe(2);

      await sleep(3_100);
      const later = await stack.query<{ nodes: Array<{ state: string }> }>('query ($ids: [ID!]!) { nodes(ids: $ids) { state } }', { ids });
      expect(later.data!.nodes.map((n) => n.state)).toEqual(['RUNNING', 'RUNNING', 'RUNNING', 'RUNNING', 'RUNNING', 'RUNNING']);
    }, 30_000);

    it('reports a node the cloud does not know as a failure of its own, and acts on the others', async () => {
      const known = alibabaNode('cn-beijing', 4);
      const ids = [known.id, 'alibaba:cn-beijing:node:e01-cn-beijing-missing', 'huawei:cn-north-4:node:00000000-0000-4000-8000-000000000000'];
      const answer = await stack.query<{ stopNodes: Payload }>(OPERATION('stopNodes'), { input: { ids } });
      expect(answer.errors).toBeUndefined();
      const payload = answer.data!.stopNodes;
      expect(payload.nodes.map((n) => [n.id, n.status])).toEqual([[known.id, 'ClusterNodeStopping']]);
      expect(payload.failures).toEqual([
        { nodeId: ids[1], code: 'NOT_FOUND', providerCode: null },
        { nodeId: ids[2], code: 'NOT_FOUND', providerCode: 'ModelArts.6404' },
      ]);
      const [stop] = stack.alibaba.requests.of('StopNodes').map((r) => Object.fromEntries(new URLSearchParams(r.body)));
      expect(stop).toEqual({ Nodes: JSON.stringify([known.record.NodeId]), IgnoreFailedNodeTasks: 'true' });
    });

    it('starts Huawei servers, and answers UNSUPPORTED_BY_PROVIDER per Alibaba node with no call', async () => {
      const h = huaweiServer(5);
      h.record.status = 'STOPPED'; // only a stopped server may be started
      const a = alibabaNode('cn-beijing', 6);
      const answer = await stack.query<{ startNodes: Payload }>(OPERATION('startNodes'), { input: { ids: [a.id, h.id] } });
      const payload = answer.data!.startNodes;
      expect(payload.nodes.map((n) => [n.id, n.status])).toEqual([[h.id, 'STARTING']]);
      expect(payload.failures).toEqual([{ nodeId: a.id, code: 'UNSUPPORTED_BY_PROVIDER', providerCode: null }]);
      expect(stack.alibaba.calls.total()).toBe(0);
    });
  });

  describe('validation before any upstream call', () => {
    const node = () => alibabaNode('cn-wulanchabu', 1).id;
    it.each([
      ['a name outside ^[-_.a-zA-Z0-9]{1,64}$', CREATE, () => ({ provider: 'HUAWEI', name: 'bad name!' }), 'input.name'],
      ['a 65-character name', CREATE, () => ({ provider: 'HUAWEI', name: 'a'.repeat(65) }), 'input.name'],
      ['a subnet that is not a UUID', CREATE, () => ({ provider: 'HUAWEI', name: 'ok', subnetId: 'subnet-1' }), 'input.subnetId'],
      ['an upper-case UUID subnet', CREATE, () => ({ provider: 'HUAWEI', name: 'ok', subnetId: SEED_HUAWEI.subnetId.toUpperCase() }), 'input.subnetId'],
      ['a region not served', CREATE, () => ({ provider: 'HUAWEI', region: 'ap-southeast-1', name: 'ok' }), 'input.region'],
      ['a client token with spaces', CREATE, () => ({ provider: 'HUAWEI', name: 'ok', clientToken: 'a b' }), 'input.clientToken'],
      ['a malformed cluster ID', DELETE, () => ({ id: 'huawei:cn-north-4:hypercluster' }), 'input.id'],
      ['a node ID to delete', DELETE, () => ({ id: node() }), 'input.id'],
      ['no node IDs', OPERATION('rebootNodes'), () => ({ ids: [] }), 'input.ids'],
      ['a repeated node ID', OPERATION('rebootNodes'), () => ({ ids: [node(), SEED.nodeId, node()] }), 'input.ids[2]'],
      ['a hypernode ID among nodes', OPERATION('stopNodes'), () => ({ ids: [node(), SEED.hyperNodeId] }), 'input.ids[1]'],
      ['a node in a region not served', OPERATION('startNodes'), () => ({ ids: ['huawei:ap-southeast-1:node:x1'] }), 'input.ids[0]'],
    ])('refuses %s with BAD_USER_INPUT naming the field', async (_, document, input, field) => {
      const answer = await stack.query(document, { input: input() });
      expect(answer.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field });
      expect(answer.errors?.[0]?.message).toContain(field);
      expect(stack.upstreamCalls()).toBe(0);
    });

    it('refuses 101 node IDs with the operation-wide ID cap', async () => {
      const answer = await stack.query(OPERATION('rebootNodes'), { input: { ids: Array.from({ length: 101 }, (_, i) => `alibaba:cn-wulanchabu:node:e01-n${i}`) } });
      expect(answer.errors?.[0]?.extensions).toMatchObject({ code: 'OPERATION_LIMIT_EXCEEDED', limit: 'ids' });
      expect(stack.upstreamCalls()).toBe(0);
    });

    it('refuses a type other than HPS or ECS before execution', async () => {
      const answer = await stack.query(CREATE, { input: { provider: 'HUAWEI', name: 'ok', type: 'GPU' } });
      expect(answer.errors?.[0]?.message).toMatch(/type/);
      expect(stack.upstreamCalls()).toBe(0);
    });
  });

  describe('idempotency', () => {
    it('returns the first result for a reused client token, with no second upstream call', async () => {
      const input = { provider: 'HUAWEI', name: 'idem-1', clientToken: 'token-idem-1' };
      const first = await stack.query(CREATE, { input });
      const second = await stack.query(CREATE, { input: { clientToken: 'token-idem-1', name: 'idem-1', provider: 'HUAWEI' } });
      expect(first.errors).toBeUndefined();
      expect(second.data).toEqual(first.data);
      expect(stack.huawei.calls.get('CreateHyperCluster')).toBe(1);
    });

    it('makes one upstream call for two concurrent identical requests, both answered alike', async () => {
      const input = { ids: [huaweiServer(7).id, alibabaNode('cn-beijing', 9).id], clientToken: 'concurrent-reboot' };
      const [a, b] = await Promise.all([stack.query(OPERATION('rebootNodes'), { input }), stack.query(OPERATION('rebootNodes'), { input })]);
      expect(a.errors).toBeUndefined();
      expect((a.data as { rebootNodes: Payload }).rebootNodes.tasks).toEqual((b.data as { rebootNodes: Payload }).rebootNodes.tasks);
      expect(stack.huawei.calls.get('RebootDevServer')).toBe(1);
      expect(stack.alibaba.calls.get('RebootNodes')).toBe(1);
    });

    it('refuses a reused token with a different input, and lets a failed first attempt be retried', async () => {
      await stack.query(CREATE, { input: { provider: 'HUAWEI', name: 'idem-2', clientToken: 'token-idem-2' } });
      const other = await stack.query(CREATE, { input: { provider: 'HUAWEI', name: 'idem-3', clientToken: 'token-idem-2' } });
      expect(other.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'input.clientToken' });
      expect(stack.huawei.calls.get('CreateHyperCluster')).toBe(1);

      const taken = { provider: 'HUAWEI', name: SEED_HUAWEI.name, clientToken: 'token-idem-4' };
      const refused = await stack.query(CREATE, { input: taken });
      expect(refused.errors?.[0]?.extensions).toMatchObject({ code: 'CONFLICT', field: 'input.name', providerCode: 'ModelArts.6409' });
      await stack.query(CREATE, { input: taken });
      expect(stack.huawei.calls.get('CreateHyperCluster')).toBe(3);
    });
  });
});

describe('mutations and scopes', () => {
  it('needs the write scope: a read key is FORBIDDEN and nothing is called', async () => {
    const stack = await startStack({ env: { GATEWAY_API_KEYS: 'reader=read-only-key-0000:read,tools=tools-key-000000:read+write,other=other-key-000000:read+write' } });
    try {
      const ids = [`huawei:cn-north-4:node:${stack.huawei.fleet.get('cn-north-4')!.allServers()[2]!.id}`];
      const refused = await stack.queryAs('read-only-key-0000', OPERATION('rebootNodes'), { input: { ids } });
      expect(refused.errors?.[0]?.extensions).toMatchObject({ code: 'FORBIDDEN' });
      expect(refused.data ?? null).toBeNull();
      expect(stack.upstreamCalls()).toBe(0);

      // Idempotency records are per principal: the same token from two callers runs twice.
      const input = { ids, clientToken: 'shared-token' };
      await stack.queryAs('tools-key-000000', OPERATION('rebootNodes'), { input });
      await stack.queryAs('tools-key-000000', OPERATION('rebootNodes'), { input });
      await stack.queryAs('other-key-000000', OPERATION('rebootNodes'), { input });
      expect(stack.huawei.calls.get('RebootDevServer')).toBe(2);
    } finally {
      await stack.stop();
    }
  });
});
