/** What an operator sees: /metrics, request IDs, logs without secrets, /readiness and traces. */
import { InMemorySpanExporter } from '@opentelemetry/sdk-trace-base';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createLogger } from '../../src/logger.js';
import { ALIBABA_KEY, HUAWEI_KEY, SEED, STACK_TOKEN, startStack, type Stack } from '../helpers/stack.js';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

async function post(stack: Stack, query: string, headers: Record<string, string> = {}) {
  const response = await stack.yoga.fetch('http://gateway/graphql', {
    method: 'POST',
    headers: { 'content-type': 'application/json', accept: 'application/json', authorization: `Bearer ${STACK_TOKEN}`, ...headers },
    body: JSON.stringify({ query }),
  });
  return { response, body: (await response.json()) as { data?: unknown; errors?: Array<{ extensions: Record<string, unknown> }> } };
}

describe('metrics and request IDs', () => {
  let stack: Stack;
  beforeAll(async () => {
    stack = await startStack();
  });
  afterAll(() => stack.stop());

  it('serves Prometheus metrics: requests by operation and outcome, latency, upstream calls, batch sizes, breakers', async () => {
    await stack.query(`query Seed { hyperNode(id: "${SEED.hyperNodeId}") { hostname nodes { hostname } } }`);
    await stack.query('query Lists { hyperNodes(first: 5) { nodes { id } } }');
    await stack.query(`query Broken { hyperNode(id: "not an id") { hostname } }`);
    const response = await stack.admin('/metrics');
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toMatch(/^text\/plain/);
    const text = await response.text();
    expect(text).toContain('gateway_requests_total{operation="Seed",outcome="ok"} 1');
    expect(text).toContain('gateway_requests_total{operation="Lists",outcome="ok"} 1');
    expect(text).toContain('gateway_requests_total{operation="Broken",outcome="error"} 1');
    expect(text).toContain('gateway_request_duration_seconds_count{operation="Seed",outcome="ok"} 1');
    expect(text).toContain('gateway_upstream_calls_total{provider="ALIBABA",region="cn-wulanchabu",operation="DescribeHyperNode",status="200"} 1');
    expect(text).toContain('gateway_upstream_calls_total{provider="ALIBABA",region="cn-wulanchabu",operation="ListHyperNodes",status="200"} 1');
    expect(text).toMatch(/gateway_upstream_call_duration_seconds_bucket\{le="[\d.]+",provider="ALIBABA"/);
    expect(text).toContain('gateway_loader_batch_size_count{kind="hypernode"} 1');
    expect(text).toContain('gateway_breaker_state{provider="ALIBABA",region="cn-wulanchabu"} 0');
  });

  it('returns a request ID in x-request-id and in every error as extensions.gatewayRequestId, next to the cloud\'s requestId', async () => {
    stack.alibaba.faults.set({ operations: { DescribeHyperNode: { malformedRate: 1 } } });
    try {
      const { response, body } = await post(stack, `{ hyperNode(id: "${SEED.hyperNodeId}") { nodes { hostname } } }`);
      const id = response.headers.get('x-request-id')!;
      expect(id).toMatch(UUID);
      expect(body.errors![0]!.extensions).toMatchObject({ code: 'UPSTREAM_ERROR', gatewayRequestId: id, requestId: expect.stringMatching(/^[0-9A-F-]{36}$/) });
    } finally {
      stack.alibaba.faults.reset();
    }
  });

  it("keeps a caller's sane x-request-id and replaces anything else", async () => {
    const kept = await post(stack, '{ hyperNode(id: "nope") { id } }', { 'x-request-id': 'trace-42.a:b' });
    expect(kept.response.headers.get('x-request-id')).toBe('trace-42.a:b');
    expect(kept.body.errors![0]!.extensions).toMatchObject({ code: 'BAD_USER_INPUT', gatewayRequestId: 'trace-42.a:b' });
    const replaced = await post(stack, '{ __typename }', { 'x-request-id': 'x'.repeat(300) });
    expect(replaced.response.headers.get('x-request-id')).toMatch(UUID);
    expect((await stack.get('/health')).headers.get('x-request-id')).toMatch(UUID);
  });
});

describe('logs', () => {
  const lines: string[] = [];
  let stack: Stack;
  beforeAll(async () => {
    stack = await startStack({ logger: createLogger('trace', { write: (line: string) => void lines.push(line) }) });
  });
  afterAll(() => stack.stop());

  it('are JSON with the request ID, log upstream request IDs on failure, and never a secret', async () => {
    stack.alibaba.faults.set({ errorRate: 1, maxFaults: 1 });
    stack.huawei.faults.set({ throttleRate: 1 });
    const server = stack.huawei.fleet.get('cn-north-4')!.standaloneServers[0]!;
    const { response } = await post(stack, `{ hyperNode(id: "${SEED.hyperNodeId}") { hostname } node(id: "huawei:cn-north-4:node:${server.id}") { name } }`);
    const requestId = response.headers.get('x-request-id');
    const records = lines.map((line) => JSON.parse(line) as Record<string, unknown>);
    const failures = records.filter((r) => r.msg === 'upstream call failed' || r.msg === 'upstream call failed; retrying');
    expect(failures.find((r) => r.provider === 'ALIBABA')).toMatchObject({ requestId, status: 503, upstreamRequestId: expect.stringMatching(/^[0-9A-F-]{36}$/) });
    expect(failures.find((r) => r.provider === 'HUAWEI')).toMatchObject({ requestId, providerCode: 'APIG.0308', upstreamRequestId: expect.stringMatching(/^[0-9a-f]{32}$/) });
    expect(records.find((r) => r.msg === 'graphql request')).toMatchObject({ requestId, outcome: 'partial', component: 'request' });
    for (const secret of [ALIBABA_KEY.accessKeySecret, HUAWEI_KEY.sk]) {
      expect(lines.filter((line) => line.includes(secret))).toEqual([]);
    }
  });
});

describe('readiness', () => {
  let stack: Stack;
  beforeAll(async () => {
    stack = await startStack({ env: { GATEWAY_BREAKER_MIN_CALLS: '2', GATEWAY_RETRY_MAX_ATTEMPTS: '1', GATEWAY_BREAKER_COOLDOWN_MS: '60000' } });
  });
  afterAll(() => stack.stop());
  beforeEach(() => stack.resetCalls());

  const readiness = async () => {
    const response = await stack.admin('/readiness');
    return { status: response.status, body: (await response.json()) as { ready: boolean; sources: Array<Record<string, unknown>> } };
  };

  it('is not ready until each cloud region has answered, probing each once with a minimal list call', async () => {
    stack.huawei.faults.set({ operations: { ListHyperInstances: { errorRate: 1 } } });
    const before = await readiness();
    expect(before.status).toBe(503);
    expect(before.body.sources).toContainEqual({ provider: 'ALIBABA', region: 'cn-beijing', answered: false, breaker: 'closed' });
    await stack.runtime.readiness.probe();
    const partly = await readiness();
    expect(partly.status).toBe(503);
    expect(partly.body.sources.filter((s) => s.answered).map((s) => s.region)).toEqual(['cn-wulanchabu', 'cn-beijing']);
    expect(stack.alibaba.calls.snapshot()).toEqual({ ListHyperNodes: 2 });
  });

  it('stops probing a region whose breaker is open, and turns ready once it answers', async () => {
    stack.huawei.faults.set({ operations: { ListHyperInstances: { errorRate: 1 } } });
    await stack.runtime.readiness.probe();
    await stack.runtime.readiness.probe();
    expect(stack.runtime.breakers.state('HUAWEI', 'cn-north-4')).toBe('open');
    stack.resetCalls();
    const open = await readiness();
    expect(open.body.sources).toContainEqual({ provider: 'HUAWEI', region: 'cn-north-4', answered: false, breaker: 'open' });
    await stack.runtime.readiness.probe();
    expect(stack.huawei.calls.total()).toBe(0);

    const fresh = await startStack();
    try {
      await fresh.runtime.readiness.probe();
      const ready = await fresh.admin('/readiness');
      expect(ready.status).toBe(200);
      expect(await ready.json()).toMatchObject({ ready: true, config: 'valid', stopping: false });
    } finally {
      await fresh.stop();
    }
  });
});

describe('tracing', () => {
  it('records a span per GraphQL operation with one per upstream call beneath it when GATEWAY_OTEL=true', async () => {
    const exporter = new InMemorySpanExporter();
    const stack = await startStack({ env: { GATEWAY_OTEL: 'true' }, runtime: { spanExporter: exporter } });
    try {
      await stack.query(`query Seed { hyperNode(id: "${SEED.hyperNodeId}") { hostname nodes { hostname } } }`);
      const spans = exporter.getFinishedSpans();
      const operation = spans.find((s) => s.name === 'graphql query Seed')!;
      expect(operation).toBeDefined();
      const upstream = spans.filter((s) => s.name === 'alibaba DescribeHyperNode');
      expect(upstream).toHaveLength(1);
      expect(upstream[0]!.parentSpanContext?.spanId).toBe(operation.spanContext().spanId);
      expect(upstream[0]!.attributes).toMatchObject({ 'cloud.region': 'cn-wulanchabu', 'http.response.status_code': 200 });
    } finally {
      await stack.stop();
    }
  });

  it('records nothing when off', async () => {
    const exporter = new InMemorySpanExporter();
    const stack = await startStack({ runtime: { spanExporter: exporter } });
    try {
      await stack.query(`{ hyperNode(id: "${SEED.hyperNodeId}") { hostname } }`);
      expect(stack.runtime.tracing.tracer).toBeUndefined();
      expect(exporter.getFinishedSpans()).toEqual([]);
    } finally {
      await stack.stop();
    }
  });
});
