/**
 * A retried clientToken never creates twice. The simulator carries out a create (or a stop) after the gateway's
 * deadline: the first answer is UPSTREAM_TIMEOUT, and a retry with the same token reconciles by reading the cloud —
 * OUTCOME_UNKNOWN while the cloud shows nothing, the found result once it does — and never calls the mutation again.
 */
import { setTimeout as sleep } from 'node:timers/promises';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { startStack, type Stack } from '../helpers/stack.js';

const CREATE = 'mutation ($input: CreateHyperClusterInput!) { createHyperCluster(input: $input) { hyperCluster { id name type } } }';
const STOP = `mutation ($input: NodeOperationInput!) {
  stopNodes(input: $input) { nodes { id state } tasks { id provider region } failures { nodeId code message } }
}`;
const DEADLINE_MS = 600;
/** The cloud carries the call out this long after receiving it: after the gateway gave up. */
const LATE_MS = 1_200;

describe('a mutation the cloud completes after the deadline', () => {
  let stack: Stack;
  beforeAll(async () => {
    stack = await startStack({
      env: { GATEWAY_REQUEST_TIMEOUT_MS: String(DEADLINE_MS), GATEWAY_UPSTREAM_CALL_TIMEOUT_MS: String(DEADLINE_MS) },
      huawei: { actionDurationMs: 100 },
    });
  });
  afterAll(() => stack.stop());
  beforeEach(() => {
    stack.resetCalls();
    stack.huawei.faults.reset();
  });

  it('createHyperCluster: retried with its token, finds the cluster by name and never creates a second', async () => {
    stack.huawei.faults.set({ operations: { CreateHyperCluster: { latencyMs: LATE_MS } } });
    const input = { provider: 'HUAWEI', region: 'cn-north-4', name: 'late-create-1', clientToken: 'late-create-token-1' };
    const first = await stack.query(CREATE, { input });
    expect(first.errors?.[0]?.extensions?.code).toBe('UPSTREAM_TIMEOUT');

    // Before the cloud has done it: nothing shows, and nothing is created.
    const early = await stack.query(CREATE, { input });
    expect(early.errors?.[0]?.extensions?.code).toBe('OUTCOME_UNKNOWN');
    expect(early.errors?.[0]?.message).toMatch(/late-create-1/);

    await sleep(LATE_MS + 200);
    const later = await stack.query<{ createHyperCluster: { hyperCluster: { id: string; name: string } } }>(CREATE, { input });
    expect(later.errors).toBeUndefined();
    const cluster = stack.huawei.fleet.get('cn-north-4')!.hyperClusters.filter((c) => c.name === 'late-create-1');
    expect(cluster).toHaveLength(1);
    expect(later.data!.createHyperCluster.hyperCluster).toEqual({ id: `huawei:cn-north-4:hypercluster:${cluster[0]!.id}`, name: 'late-create-1', type: 'HPS' });

    // Settled now: the same token answers the same result without another call of any kind.
    stack.resetCalls();
    const again = await stack.query(CREATE, { input });
    expect(again.data).toEqual(later.data);
    expect(stack.huawei.calls.snapshot()).toEqual({});
    expect(stack.huawei.calls.get('CreateHyperCluster')).toBe(0);
  });

  it('counts one CreateHyperCluster call across the first request and every retry', async () => {
    stack.huawei.faults.set({ operations: { CreateHyperCluster: { latencyMs: LATE_MS } } });
    const input = { provider: 'HUAWEI', region: 'cn-north-4', name: 'late-create-2', clientToken: 'late-create-token-2' };
    await stack.query(CREATE, { input });
    await stack.query(CREATE, { input });
    await sleep(LATE_MS + 200);
    await stack.query(CREATE, { input });
    expect(stack.huawei.calls.get('CreateHyperCluster')).toBe(1);
  });

  it('stopNodes: a stop of unknown outcome is OUTCOME_UNKNOWN per node; a retry reads the node and answers it stopped', async () => {
    const server = stack.huawei.fleet.get('cn-north-4')!.standaloneServers[2]!;
    const id = `huawei:cn-north-4:node:${server.id}`;
    stack.huawei.faults.set({ operations: { StopDevServer: { latencyMs: LATE_MS } } });
    const input = { ids: [id], clientToken: 'late-stop-token-1' };
    const first = await stack.query<{ stopNodes: { failures: Array<{ code: string }> } }>(STOP, { input });
    expect(first.data!.stopNodes.failures).toEqual([{ nodeId: id, code: 'OUTCOME_UNKNOWN', message: expect.stringMatching(/same clientToken/) }]);

    await sleep(LATE_MS + 300);
    const retried = await stack.query(STOP, { input });
    expect(retried.errors).toBeUndefined();
    expect(retried.data).toEqual({ stopNodes: { nodes: [{ id, state: 'STOPPED' }], tasks: [], failures: [] } });
    expect(stack.huawei.calls.get('StopDevServer')).toBe(1);
  });
});
