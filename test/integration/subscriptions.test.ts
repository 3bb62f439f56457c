import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startApp, type RunningGateway } from '../../src/app.js';
import { loadConfig } from '../../src/config.js';
import { createLogger } from '../../src/logger.js';
import { sse, wsClient, wsSubscribe } from '../helpers/live.js';

const KEY = 'live-key-with-every-scope-000000';
const READ_KEY = 'live-key-read-only-0000000000000';

const REBOOT = /* GraphQL */ `
  mutation ($ids: [ID!]!) { rebootNodes(input: { ids: $ids }) { tasks { id kind state } failures { nodeId code providerCode } } }
`;
const FOLLOW = /* GraphQL */ `
  subscription ($id: ID!) { taskUpdated(id: $id) { id kind state status message finishedAt steps { name state } nodes { id } } }
`;
type TaskEvent = { taskUpdated: { id: string; kind: string; state: string; status: string | null; message: string | null; finishedAt: string | null; steps: Array<{ name: string; state: string }>; nodes: Array<{ id: string }> } };

describe('subscriptions over real HTTP', () => {
  let app: RunningGateway;
  beforeAll(async () => {
    const config = loadConfig({
      PORT: '0',
      HOST: '127.0.0.1',
      LOG_LEVEL: 'silent',
      GATEWAY_API_KEYS: `all=${KEY}:read+write+secrets,reader=${READ_KEY}:read`,
      GATEWAY_WATCH_INTERVAL_MS: '100',
    });
    app = await startApp(config, createLogger('silent'));
    app.simulators!.alibaba.actionDurationMs = 600;
    app.simulators!.huawei.actionDurationMs = 600;
  });
  afterAll(() => app.stop());

  const post = async <T>(query: string, variables: Record<string, unknown>, token = KEY) => {
    const response = await fetch(`${app.url}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
      body: JSON.stringify({ query, variables }),
    });
    return (await response.json()) as { data?: T; errors?: unknown[] };
  };
  const alibabaNode = (index: number) => {
    const [region, fleet] = [...app.simulators!.alibaba.fleet][0]!;
    const node = fleet.hyperNodes[index]!.Nodes[0]!;
    node.OperatingState = 'Using';
    return `alibaba:${region}:node:${node.NodeId}`;
  };
  const huaweiNode = (index: number) => {
    const [region, fleet] = [...app.simulators!.huawei.fleet][0]!;
    const server = fleet.allServers()[index]!;
    server.status = 'RUNNING';
    return `huawei:${region}:node:${server.id}`;
  };
  const reboot = async (id: string) => {
    const answer = await post<{ rebootNodes: { tasks: Array<{ id: string }>; failures: unknown[] } }>(REBOOT, { ids: [id] });
    expect(answer.errors).toBeUndefined();
    expect(answer.data!.rebootNodes.failures).toEqual([]);
    return answer.data!.rebootNodes.tasks[0]!.id;
  };

  it('follows an Alibaba reboot over SSE until SUCCEEDED, and a fresh request reads the same task', async () => {
    const node = alibabaNode(2);
    const taskId = await reboot(node);
    const stream = await sse<TaskEvent>(app.url, KEY, FOLLOW, { id: taskId });
    const events = (await stream.rest()).map((e) => e.data!.taskUpdated);
    expect(events.length).toBeGreaterThan(1);
    expect(events.at(-1)).toMatchObject({ id: taskId, kind: 'REBOOT', state: 'SUCCEEDED', status: 'execution_success', nodes: [{ id: node }] });
    expect(events.at(-1)!.finishedAt).not.toBeNull();
    expect(events.at(-1)!.steps.map((s) => [s.name, s.state])).toEqual([['check_node', 'SUCCEEDED'], ['reboot_node', 'SUCCEEDED']]);
    expect(events.slice(0, -1).every((e) => e.state === 'PENDING' || e.state === 'RUNNING')).toBe(true);
    const fresh = await post<{ task: { state: string } }>('query ($id: ID!) { task(id: $id) { state } }', { id: taskId });
    expect(fresh.data).toEqual({ task: { state: 'SUCCEEDED' } });
  });

  it('follows a Huawei reboot over WebSocket until SUCCEEDED', async () => {
    const node = huaweiNode(1);
    const taskId = await reboot(node);
    const client = wsClient(app.url, KEY);
    try {
      const events = (await wsSubscribe<TaskEvent>(client, FOLLOW, { id: taskId }).rest()).map((e) => e.data!.taskUpdated);
      expect(events[0]).toMatchObject({ id: taskId, state: 'RUNNING', status: 'REBOOTING' });
      expect(events.at(-1)).toMatchObject({ id: taskId, kind: 'REBOOT', state: 'SUCCEEDED', status: 'RUNNING', steps: [{ name: node, state: 'SUCCEEDED' }] });
    } finally {
      await client.dispose();
    }
  });
});
