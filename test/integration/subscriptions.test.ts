import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startApp, type RunningGateway } from '../../src/app.js';
import { loadConfig } from '../../src/config/index.js';
import { createLogger } from '../../src/logger.js';
import { startJwtIssuer, type JwtIssuer } from '../helpers/jwt-issuer.js';
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

  it('follows failing reboots until FAILED: Alibaba over WebSocket, Huawei over SSE', async () => {
    app.simulators!.alibaba.failureRate = 1;
    app.simulators!.huawei.failureRate = 1;
    try {
      const alibabaTask = await reboot(alibabaNode(3));
      const huaweiTask = await reboot(huaweiNode(2));
      const client = wsClient(app.url, KEY);
      try {
        const [overWs, overSse] = await Promise.all([
          wsSubscribe<TaskEvent>(client, FOLLOW, { id: alibabaTask }).rest(),
          sse<TaskEvent>(app.url, KEY, FOLLOW, { id: huaweiTask }).then((stream) => stream.rest()),
        ]);
        expect(overWs.at(-1)!.data!.taskUpdated).toMatchObject({ state: 'FAILED', status: 'execution_fail' });
        expect(overWs.at(-1)!.data!.taskUpdated.message).toMatch(/did not come back/);
        expect(overSse.at(-1)!.data!.taskUpdated).toMatchObject({ state: 'FAILED', status: 'REBOOT_FAILED' });
        expect(overSse.at(-1)!.data!.taskUpdated.message).toMatch(/REBOOT_FAILED/);
      } finally {
        await client.dispose();
      }
    } finally {
      app.simulators!.alibaba.failureRate = 0;
      app.simulators!.huawei.failureRate = 0;
    }
  });

  it('shows the running operation on the node in both clouds, and refuses conflicting actions with CONFLICT per node', async () => {
    const alibaba = alibabaNode(4);
    const huawei = huaweiNode(3);
    await reboot(alibaba);
    await reboot(huawei);
    const read = await post<{ nodes: Array<{ state: string; task: { kind: string; state: string } | null }> }>(
      'query ($ids: [ID!]!) { nodes(ids: $ids) { state task { kind state } } }',
      { ids: [alibaba, huawei] },
    );
    expect(read.data!.nodes.map((n) => [n.state, n.task?.kind])).toEqual([['UPDATING', 'REBOOT'], ['REBOOTING', 'REBOOT']]);
    const again = await post<{ rebootNodes: { failures: Array<{ code: string; providerCode: string }> } }>(REBOOT, { ids: [alibaba, huawei] });
    expect(again.data!.rebootNodes.failures.map((f) => [f.code, f.providerCode])).toEqual([['CONFLICT', 'IncorrectNodeStatus'], ['CONFLICT', 'ModelArts.6411']]);
  });

  it('shares one watcher among many subscribers: upstream calls per round do not grow with them, and leaving releases it', async () => {
    const node = huaweiNode(4);
    const hub = app.yoga.live.hub;
    const watchers = async () => /gateway_watchers\{kind="node"\} (\d+)/.exec(await (await fetch(`${app.adminUrl}/metrics`)).text())?.[1];
    const callsPerRound = async (subscribers: number) => {
      const streams = await Promise.all(
        Array.from({ length: subscribers }, () => sse(app.url, KEY, 'subscription ($ids: [ID!]!) { nodesChanged(ids: $ids) { id status } }', { ids: [node] })),
      );
      await until(() => hub.counts.nodes === 1);
      expect(await watchers()).toBe('1');
      const calls = () => app.simulators!.huawei.calls.get('ShowDevServer');
      await until(() => hub.rounds > 0);
      const [rounds, before] = [hub.rounds, calls()];
      await until(() => hub.rounds >= rounds + 3);
      const perRound = (calls() - before) / (hub.rounds - rounds);
      for (const stream of streams) stream.close();
      await until(() => hub.counts.nodes === 0);
      expect(await watchers()).toBe('0');
      return perRound;
    };
    const one = await callsPerRound(1);
    const many = await callsPerRound(25);
    expect(one).toBeCloseTo(1, 0);
    expect(many).toBeCloseTo(one, 0);
  });

  it('releases the watcher of a WebSocket client that goes away mid-stream', async () => {
    const hub = app.yoga.live.hub;
    const client = wsClient(app.url, KEY);
    wsSubscribe(client, 'subscription ($ids: [ID!]!) { nodesChanged(ids: $ids) { id } }', { ids: [huaweiNode(5)] });
    await until(() => hub.counts.nodes === 1 && app.yoga.live.registry.openCount === 1);
    await client.dispose(); // the socket closes with the subscription still open
    await until(() => hub.counts.nodes === 0 && app.yoga.live.registry.openCount === 0);
  });

  it('reads watched Alibaba nodes of one cluster from its node list: one ListClusters and one ListClusterNodes page per round, no DescribeNode', async () => {
    const [region, fleet] = [...app.simulators!.alibaba.fleet][0]!;
    const hyperNode = fleet.hyperNodes.find((h) => h.ClusterId && h.Nodes.length >= 4 && fleet.hyperNodes.filter((o) => o.ClusterId === h.ClusterId).reduce((n, o) => n + o.Nodes.length, 0) <= 100)!;
    const ids = hyperNode.Nodes.map((n) => `alibaba:${region}:node:${n.NodeId}`);
    const hub = app.yoga.live.hub;
    const streams = await Promise.all(Array.from({ length: 10 }, () => sse(app.url, KEY, 'subscription ($ids: [ID!]!) { nodesChanged(ids: $ids) { id } }', { ids })));
    await until(() => hub.rounds > 0 && hub.counts.nodes === ids.length);
    await new Promise((resolve) => setTimeout(resolve, 300)); // past the first round, which learns each node's cluster
    const calls = app.simulators!.alibaba.calls;
    const [rounds, lists, describes, sizes] = [hub.rounds, calls.get('ListClusterNodes'), calls.get('DescribeNode'), calls.get('DescribeCluster')];
    await until(() => hub.rounds >= rounds + 3);
    const [doneRounds, doneLists, doneDescribes, doneSizes] = [hub.rounds, calls.get('ListClusterNodes'), calls.get('DescribeNode'), calls.get('DescribeCluster')];
    for (const stream of streams) stream.close();
    expect(doneDescribes - describes).toBe(0);
    expect(doneSizes - sizes).toBeGreaterThanOrEqual(doneRounds - rounds - 1); // the cluster's size: one DescribeCluster
    expect(doneSizes - sizes).toBeLessThanOrEqual(doneRounds - rounds + 1);
    // A round in flight when the counts were read may add one page.
    expect(doneLists - lists).toBeGreaterThanOrEqual(doneRounds - rounds - 1);
    expect(doneLists - lists).toBeLessThanOrEqual(doneRounds - rounds + 1);
    await until(() => hub.counts.nodes === 0);
  });

  it('emits a node when its status changes, with field scopes applied to each subscriber', async () => {
    const node = alibabaNode(5);
    const query = 'subscription ($ids: [ID!]!) { nodesChanged(ids: $ids) { id status state userData } }';
    const [full, reader] = await Promise.all([sse<{ nodesChanged: { id: string; state: string; userData: string | null } }>(app.url, KEY, query, { ids: [node] }), sse<{ nodesChanged: { userData: string | null } }>(app.url, READ_KEY, query, { ids: [node] })]);
    await until(() => app.yoga.live.hub.counts.nodes >= 1 && app.yoga.live.hub.rounds > 0);
    await new Promise((resolve) => setTimeout(resolve, 250)); // the watcher has its first look
    await reboot(node);
    const [seen, restricted] = await Promise.all([full.next(), reader.next()]);
    expect(seen!.data!.nodesChanged).toMatchObject({ id: node, state: 'UPDATING' });
    expect(typeof seen!.data!.nodesChanged.userData).toBe('string');
    expect(restricted!.data!.nodesChanged.userData).toBeNull();
    expect(restricted!.errors?.[0]?.extensions).toMatchObject({ code: 'FORBIDDEN', scope: 'secrets' });
    full.close();
    reader.close();
  });
});

async function until(condition: () => boolean | Promise<boolean>, timeoutMs = 20_000): Promise<void> {
  const start = Date.now();
  while (!(await condition())) {
    if (Date.now() - start > timeoutMs) throw new Error('condition not met in time');
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

describe('subscription access, limits and shutdown', () => {
  let app: RunningGateway;
  let issuer: JwtIssuer;
  const WRITE_ONLY = 'live-key-write-only-000000000000';
  beforeAll(async () => {
    issuer = await startJwtIssuer();
    app = await startApp(
      loadConfig({
        PORT: '0',
        HOST: '127.0.0.1',
        LOG_LEVEL: 'silent',
        GATEWAY_API_KEYS: `all=${KEY}:read+write+secrets,writer=${WRITE_ONLY}:write`,
        GATEWAY_WATCH_INTERVAL_MS: '100',
        GATEWAY_MAX_SUBSCRIPTIONS: '2',
        GATEWAY_TASK_TIMEOUT_MS: '300',
        GATEWAY_MAX_DEPTH: '4',
        ...issuer.env,
      }),
      createLogger('silent'),
    );
    app.simulators!.huawei.actionDurationMs = 60_000;
  });
  let stopped = false;
  afterAll(async () => {
    if (!stopped) await app.stop();
    await issuer.stop();
  });

  const [anyNode] = [() => {
    const [region, fleet] = [...app.simulators!.huawei.fleet][0]!;
    const server = fleet.allServers()[0]!;
    return { id: `huawei:${region}:node:${server.id}`, server };
  }];
  const WATCH = 'subscription ($ids: [ID!]!) { nodesChanged(ids: $ids) { id status } }';

  it('refuses a subscription past GATEWAY_MAX_SUBSCRIPTIONS with a coded error, and takes one again once a slot is free', async () => {
    const ids = [anyNode().id];
    const first = await sse(app.url, KEY, WATCH, { ids });
    const client = wsClient(app.url, KEY);
    const second = wsSubscribe(client, WATCH, { ids });
    await until(() => app.yoga.live.registry.openCount === 2);
    const third = await sse(app.url, KEY, WATCH, { ids });
    expect((await third.next())!.errors?.[0]?.extensions).toMatchObject({ code: 'SUBSCRIPTION_LIMIT_EXCEEDED', limit: 2 });
    const overWs = await wsSubscribe(client, WATCH, { ids }).next();
    expect(overWs!.errors?.[0]?.extensions).toMatchObject({ code: 'SUBSCRIPTION_LIMIT_EXCEEDED' });
    first.close();
    await until(() => app.yoga.live.registry.openCount === 1);
    const again = await sse(app.url, KEY, WATCH, { ids });
    await until(() => app.yoga.live.registry.openCount === 2);
    again.close();
    second.close();
    await client.dispose();
    await until(() => app.yoga.live.registry.openCount === 0);
  });

  it('needs a token and the read scope, on both transports, and applies the operation limits', async () => {
    const ids = [anyNode().id];
    const none = await fetch(`${app.url}/graphql`, { method: 'POST', headers: { 'content-type': 'application/json', accept: 'text/event-stream' }, body: JSON.stringify({ query: WATCH, variables: { ids } }) });
    expect(none.status).toBe(401);
    const writer = await sse(app.url, WRITE_ONLY, WATCH, { ids });
    expect((await writer.next())!.errors?.[0]?.extensions).toMatchObject({ code: 'FORBIDDEN', scope: 'read' });
    const anonymous = wsClient(app.url, null);
    const refused = await wsSubscribe(anonymous, WATCH, { ids }).next();
    expect(refused!.errors?.[0]?.extensions).toMatchObject({ closeCode: 4403 });
    await anonymous.dispose();
    const deep = wsClient(app.url, KEY);
    const tooDeep = await wsSubscribe(deep, 'subscription ($ids: [ID!]!) { nodesChanged(ids: $ids) { hyperNode { cluster { hyperNodes { nodes { id } } } } } }', { ids }).next();
    expect(tooDeep!.errors?.[0]?.extensions).toMatchObject({ code: 'OPERATION_LIMIT_EXCEEDED' });
    await deep.dispose();
    expect(app.yoga.live.registry.openCount).toBe(0);
  });

  it('checks the IDs before watching anything: at most GATEWAY_MAX_IDS, each a node served here; a task that does not exist is NOT_FOUND', async () => {
    const tooMany = Array.from({ length: 101 }, (_, i) => `huawei:cn-north-4:node:s${i}`);
    const answers = await Promise.all([
      sse(app.url, KEY, WATCH, { ids: tooMany }).then((s) => s.next()),
      sse(app.url, KEY, WATCH, { ids: ['huawei:cn-north-4:hypernode:x'] }).then((s) => s.next()),
      sse(app.url, KEY, 'subscription { taskUpdated(id: "alibaba:cn-wulanchabu:task:i0000000000000000000000") { id } }').then((s) => s.next()),
    ]);
    // More IDs than the operation may hold are refused by the operation limits, before the resolver runs.
    expect(answers.map((a) => a!.errors?.[0]?.extensions?.code)).toEqual(['OPERATION_LIMIT_EXCEEDED', 'BAD_USER_INPUT', 'NOT_FOUND']);
    expect(answers[0]!.errors?.[0]?.extensions).toMatchObject({ limit: 'ids' });
    expect(app.yoga.live.hub.counts).toEqual({ nodes: 0, tasks: 0 });
  });

  it('fails a Huawei task not done within GATEWAY_TASK_TIMEOUT_MS, saying so', async () => {
    const { id, server } = anyNode();
    server.status = 'RUNNING';
    const started = await fetch(`${app.url}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${KEY}` },
      body: JSON.stringify({ query: 'mutation ($ids: [ID!]!) { rebootNodes(input: { ids: $ids }) { tasks { id } } }', variables: { ids: [id] } }),
    });
    const taskId = ((await started.json()) as { data: { rebootNodes: { tasks: Array<{ id: string }> } } }).data.rebootNodes.tasks[0]!.id;
    const events = await (await sse<{ taskUpdated: { state: string; message: string | null } }>(app.url, KEY, 'subscription ($id: ID!) { taskUpdated(id: $id) { state message } }', { id: taskId })).rest();
    expect(events.at(-1)!.data!.taskUpdated.state).toBe('FAILED');
    expect(events.at(-1)!.data!.taskUpdated.message).toMatch(/GATEWAY_TASK_TIMEOUT_MS/);
  });

  it('ends the subscriptions of a JWT when it expires', async () => {
    const token = await issuer.sign('expiring-user', 'read', { expiresIn: Math.floor(Date.now() / 1000) + 2 });
    const stream = await sse(app.url, token, WATCH, { ids: [anyNode().id] });
    await until(() => app.yoga.live.registry.openCount === 1);
    const last = await stream.next(10_000);
    expect(last?.errors?.[0]?.extensions ?? null).toMatchObject({ code: 'UNAUTHENTICATED' });
    await until(() => app.yoga.live.registry.openCount === 0);
  });

  it('completes open subscriptions on shutdown instead of cutting them', async () => {
    const ids = [anyNode().id];
    const overSse = await sse(app.url, KEY, WATCH, { ids });
    const client = wsClient(app.url, KEY);
    const overWs = wsSubscribe(client, WATCH, { ids });
    await until(() => app.yoga.live.registry.openCount === 2);
    stopped = true;
    const stopping = app.stop();
    const last = await overSse.next(10_000);
    expect(last, JSON.stringify(last)).toBeNull();
    expect(await overWs.next(10_000)).toBeNull();
    await stopping;
    expect(app.yoga.live.hub.counts).toEqual({ nodes: 0, tasks: 0 });
  });
});
