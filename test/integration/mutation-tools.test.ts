/**
 * What internal tools need of mutations: dry runs (validated, authorized, the calls reported, none made), every
 * input problem at once, a duplicate name as a CONFLICT on its field, and one audit line per mutation.
 */
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { createLogger } from '../../src/logger.js';
import { ALIBABA_KEY, HUAWEI_KEY, SEED, SEED_HUAWEI, STACK_TOKEN, startStack, type Stack } from '../helpers/stack.js';

const OPERATION = (name: 'rebootNodes' | 'stopNodes' | 'startNodes') => /* GraphQL */ `
  mutation ($input: NodeOperationInput!) {
    ${name}(input: $input) {
      nodes { id }
      tasks { id }
      failures { nodeId code }
      plannedCalls { provider region operation targetIds note }
    }
  }
`;
const CREATE = /* GraphQL */ `
  mutation ($input: CreateHyperClusterInput!) {
    createHyperCluster(input: $input) { hyperCluster { id name } plannedCalls { provider region operation targetIds } }
  }
`;

interface AuditLine {
  audit: true;
  principal: string;
  mutation: string;
  targetIds: string[];
  clientToken: string | null;
  dryRun: boolean;
  outcome: string;
  code?: string;
  taskIds: string[];
}

describe('mutations for internal tools', () => {
  let stack: Stack;
  const lines: string[] = [];
  const audits = () => lines.map((line) => JSON.parse(line) as Record<string, unknown>).filter((l): l is AuditLine & Record<string, unknown> => l['audit'] === true);
  beforeAll(async () => {
    stack = await startStack({
      env: { GATEWAY_API_KEYS: `stack=${STACK_TOKEN}:read+write+secrets,reader=reader-key-0000000000:read` },
      logger: createLogger('info', { write: (line: string) => void lines.push(line) }),
    });
  });
  afterAll(() => stack.stop());
  beforeEach(() => {
    stack.resetCalls();
    lines.length = 0;
  });
  afterEach(() => vi.restoreAllMocks());

  const alibabaNode = (hyperNode: number) => `alibaba:cn-wulanchabu:node:${stack.alibaba.fleet.get('cn-wulanchabu')!.hyperNodes[hyperNode]!.Nodes[0]!.NodeId}`;
  const huaweiNode = (index: number) => `huawei:cn-north-4:node:${stack.huawei.fleet.get('cn-north-4')!.allServers()[index]!.id}`;

  it('dryRun on a node operation reports the calls it would make, makes none, changes nothing and spends no token', async () => {
    const ids = [alibabaNode(2), huaweiNode(1), huaweiNode(2)];
    const dry = await stack.query<{ rebootNodes: Record<string, unknown> }>(OPERATION('rebootNodes'), { input: { ids, dryRun: true, clientToken: 'dry-1' } });
    expect(dry.errors).toBeUndefined();
    expect(dry.data?.rebootNodes).toEqual({
      nodes: [],
      tasks: [],
      failures: [],
      plannedCalls: [
        { provider: 'ALIBABA', region: 'cn-wulanchabu', operation: 'RebootNodes', targetIds: [ids[0]], note: expect.stringMatching(/per cluster/) },
        { provider: 'HUAWEI', region: 'cn-north-4', operation: 'RebootDevServer', targetIds: [ids[1]], note: null },
        { provider: 'HUAWEI', region: 'cn-north-4', operation: 'RebootDevServer', targetIds: [ids[2]], note: null },
      ],
    });
    expect(stack.upstreamCalls()).toBe(0);

    // The same token then runs for real: the dry run did not spend it.
    const real = await stack.query<{ rebootNodes: { nodes: unknown[]; plannedCalls: unknown } }>(OPERATION('rebootNodes'), { input: { ids, clientToken: 'dry-1' } });
    expect(real.errors).toBeUndefined();
    expect(real.data?.rebootNodes.nodes).toHaveLength(3);
    expect(real.data?.rebootNodes.plannedCalls).toBeNull();
    expect(stack.alibaba.calls.get('RebootNodes')).toBe(1);
  });

  it('dryRun tells what fails without asking the cloud (no start API on Alibaba)', async () => {
    const ids = [alibabaNode(3), huaweiNode(3)];
    const dry = await stack.query<{ startNodes: { failures: unknown[]; plannedCalls: Array<{ operation: string }> } }>(OPERATION('startNodes'), { input: { ids, dryRun: true } });
    expect(dry.data?.startNodes.failures).toEqual([{ nodeId: ids[0], code: 'UNSUPPORTED_BY_PROVIDER' }]);
    expect(dry.data?.startNodes.plannedCalls.map((c) => c.operation)).toEqual(['StartDevServer']);
    expect(stack.upstreamCalls()).toBe(0);
  });

  it('dryRun on createHyperCluster validates and reports the call, creating nothing', async () => {
    const dry = await stack.query<{ createHyperCluster: unknown }>(CREATE, { input: { provider: 'HUAWEI', name: 'dry-cluster', subnetId: SEED_HUAWEI.subnetId, dryRun: true } });
    expect(dry.data?.createHyperCluster).toEqual({
      hyperCluster: null,
      plannedCalls: [{ provider: 'HUAWEI', region: 'cn-north-4', operation: 'CreateHyperCluster', targetIds: [] }],
    });
    expect(stack.upstreamCalls()).toBe(0);
    expect(stack.huawei.fleet.get('cn-north-4')!.hyperClusters.some((c) => c.name === 'dry-cluster')).toBe(false);
    const alibaba = await stack.query(CREATE, { input: { provider: 'ALIBABA', name: 'dry-cluster', dryRun: true } });
    expect(alibaba.errors?.[0]?.extensions).toMatchObject({ code: 'UNSUPPORTED_BY_PROVIDER' });
  });

  it('dryRun is still authorized: a read-only key is FORBIDDEN', async () => {
    const refused = await stack.queryAs('reader-key-0000000000', OPERATION('stopNodes'), { input: { ids: [huaweiNode(4)], dryRun: true } });
    expect(refused.errors?.[0]?.extensions).toMatchObject({ code: 'FORBIDDEN' });
    expect(stack.upstreamCalls()).toBe(0);
  });

  it('reports every input problem at once, each with its field, with or without dryRun', async () => {
    for (const dryRun of [false, true]) {
      const create = await stack.query(CREATE, { input: { provider: 'HUAWEI', region: 'ap-southeast-1', name: 'bad name!', subnetId: 'subnet-1', clientToken: 'a b', dryRun } });
      expect(create.data ?? null).toBeNull();
      expect(create.errors?.map((e) => [e.extensions?.['code'], e.extensions?.['field'], e.path])).toEqual([
        ['BAD_USER_INPUT', 'input.region', ['createHyperCluster']],
        ['BAD_USER_INPUT', 'input.name', ['createHyperCluster']],
        ['BAD_USER_INPUT', 'input.subnetId', ['createHyperCluster']],
        ['BAD_USER_INPUT', 'input.clientToken', ['createHyperCluster']],
      ]);
      const reboot = await stack.query(OPERATION('rebootNodes'), { input: { ids: [SEED.nodeId, 'bogus', SEED.hyperNodeId, SEED.nodeId], dryRun } });
      expect(reboot.errors?.map((e) => e.extensions?.['field'])).toEqual(['input.ids[1]', 'input.ids[2]', 'input.ids[3]']);
    }
    expect(stack.upstreamCalls()).toBe(0);
  });

  it("answers Huawei's duplicate name (ModelArts.6409) as CONFLICT on input.name", async () => {
    const taken = await stack.query(CREATE, { input: { provider: 'HUAWEI', name: SEED_HUAWEI.name } });
    expect(taken.errors).toHaveLength(1);
    expect(taken.errors?.[0]?.extensions).toMatchObject({ code: 'CONFLICT', field: 'input.name', providerCode: 'ModelArts.6409', provider: 'HUAWEI' });
    expect(taken.errors?.[0]?.message).toMatch(/^input\.name: .*already has a hyper cluster named "test-hps--1107"/);
  });

  it('writes one audit line per mutation: principal, mutation, targets, token, outcome, task IDs, and no secret', async () => {
    const ids = [alibabaNode(5), huaweiNode(5)];
    await stack.query(OPERATION('stopNodes'), { input: { ids, clientToken: 'audit-1' } });
    await stack.query(OPERATION('stopNodes'), { input: { ids, dryRun: true } });
    await stack.query(OPERATION('stopNodes'), { input: { ids: ['bogus'] } });
    await stack.queryAs('reader-key-0000000000', OPERATION('stopNodes'), { input: { ids } });
    const created = await stack.query<{ createHyperCluster: { hyperCluster: { id: string } } }>(CREATE, { input: { provider: 'HUAWEI', name: 'audited-cluster' } });

    const [stop, dry, bad, forbidden, create, ...rest] = audits();
    expect(rest).toEqual([]);
    expect(stop).toMatchObject({ principal: 'api-key:stack', mutation: 'stopNodes', targetIds: ids, clientToken: 'audit-1', dryRun: false, outcome: 'done' });
    expect(stop!.taskIds).toHaveLength(2); // Alibaba's TaskId, and the task the gateway follows for Huawei
    expect(dry).toMatchObject({ mutation: 'stopNodes', dryRun: true, outcome: 'planned', taskIds: [] });
    expect(bad).toMatchObject({ mutation: 'stopNodes', targetIds: ['bogus'], outcome: 'refused', code: 'BAD_USER_INPUT' });
    expect(forbidden).toMatchObject({ principal: 'api-key:reader', mutation: 'stopNodes', outcome: 'refused', code: 'FORBIDDEN' });
    expect(create).toMatchObject({ mutation: 'createHyperCluster', targetIds: [created.data!.createHyperCluster.hyperCluster.id], outcome: 'done' });
    const text = lines.join('\n');
    for (const secret of [STACK_TOKEN, 'reader-key-0000000000', ALIBABA_KEY.accessKeySecret, HUAWEI_KEY.sk]) expect(text).not.toContain(secret);
  });
  describe('an unexpected error inside a node operation', () => {
    const unexpectedLines = () =>
      lines.map((line) => JSON.parse(line) as Record<string, unknown>).filter((l) => l['msg'] === 'node operation failed unexpectedly; answered INTERNAL_SERVER_ERROR');

    it('is logged once with the request ID, while the caller sees a masked, coded failure per node', async () => {
      const huawei = stack.runtime.providers.get('HUAWEI');
      // A bug of the provider's own (no cloud answer carries it), standing in for any uncoded error.
      vi.spyOn(huawei, 'actOnNodes').mockRejectedValueOnce(new TypeError("Cannot read properties of undefined (reading 'server')"));
      const ids = [huaweiNode(3), huaweiNode(4)];
      const answer = await stack.query<{ rebootNodes: { failures: Array<{ nodeId: string; code: string }> } }>(OPERATION('rebootNodes'), { input: { ids } });
      expect(answer.errors).toBeUndefined();
      expect(answer.data!.rebootNodes.failures).toEqual(ids.map((nodeId) => ({ nodeId, code: 'INTERNAL_SERVER_ERROR' })));
      expect(JSON.stringify(answer)).not.toContain('reading');
      const logged = unexpectedLines();
      expect(logged).toHaveLength(1);
      expect(logged[0]).toMatchObject({ level: 50, component: 'mutations', requestId: answer.headers.get('x-request-id'), action: 'reboot', nodeIds: ids });
      expect((logged[0]!['err'] as { message: string }).message).toMatch(/reading 'server'/);
      const all = lines.join('\n');
      for (const secret of [ALIBABA_KEY.accessKeySecret, HUAWEI_KEY.sk, STACK_TOKEN]) expect(all).not.toContain(secret);
    });

    it('is logged too when the provider masks it per node itself (a node whose lookup failed uncoded)', async () => {
      const alibaba = stack.runtime.providers.get('ALIBABA');
      const id = alibabaNode(5);
      const nativeId = id.split(':')[3]!;
      vi.spyOn(alibaba, 'getNodes').mockResolvedValueOnce(new Map([[nativeId, new RangeError('index out of range')]]));
      const answer = await stack.query<{ rebootNodes: { failures: Array<{ nodeId: string; code: string }> } }>(OPERATION('rebootNodes'), { input: { ids: [id] } });
      expect(answer.data!.rebootNodes.failures).toEqual([{ nodeId: id, code: 'INTERNAL_SERVER_ERROR' }]);
      const logged = unexpectedLines();
      expect(logged).toHaveLength(1);
      expect(logged[0]).toMatchObject({ requestId: answer.headers.get('x-request-id'), nodeIds: [id], err: { message: 'index out of range' } });
    });

    it('is not logged for a coded failure, which is the caller’s answer', async () => {
      const answer = await stack.query<{ startNodes: { failures: Array<{ code: string }> } }>(OPERATION('startNodes'), { input: { ids: [alibabaNode(6)] } });
      expect(answer.data!.startNodes.failures).toEqual([expect.objectContaining({ code: 'UNSUPPORTED_BY_PROVIDER' })]);
      expect(unexpectedLines()).toHaveLength(0);
    });
  });
});
