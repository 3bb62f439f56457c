/**
 * What internal tools need of mutations: dry runs (validated, authorized, the calls reported, none made), every
 * input problem at once, a duplicate name as a CONFLICT on its field, and one audit line per mutation.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
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
});
