/**
 * Hostile upstream answers, generated: random JSON shapes (and mutations of real ones), sizes, encodings, status
 * codes and headers, some echoing the request's Authorization header, served by a loopback server in place of both
 * clouds and driven through their clients, adapters and the GraphQL layer. Whatever comes back, a request gets valid
 * data or coded errors — never an uncoded or internal error — no secret reaches an answer or the log, and memory
 * stays bounded.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { signedWith, startHostileServer, type HostileServer } from '../helpers/hostile-server.js';
import { ALIBABA_KEY, HUAWEI_KEY, startStack, type Stack } from '../helpers/stack.js';
import { capturedLog } from '../helpers/captured-log.js';

setFlagsFromString('--expose-gc');
const gc = runInNewContext('gc') as () => void;

/** Placeholders the server replaces with what the request carried. */
const AUTH = '$AUTH';
const SIG = '$SIG';
const AK = '$AK';

const HUAWEI_ID = '11111111-2222-4333-8444-555555555555';
/** Real answers, the seeds that mutation starts from. */
const SEEDS: unknown[] = [
  { RequestId: 'A1B2', HyperNodes: [{ HyperNodeId: 'e01-fuzz-a', ClusterId: 'i1', OperatingState: 'Using', Hostname: 'h' }], NextToken: '' },
  { HyperNodeId: 'e01-fuzz-a', Nodes: [{ NodeId: 'e01-fuzz-n', Networks: { Ip: '10.0.0.1' }, Disks: [{ Size: 100, Type: 'system' }] }] },
  { NodeId: 'e01-fuzz-n', HyperNodeId: 'e01-fuzz-a', ClusterId: 'i1', OperatingState: 'Using', Networks: [{ Ip: '10.0.0.2' }], ExpiredTime: '2026-05-14T00:00:00' },
  { Clusters: [{ ClusterId: 'i1', ClusterName: 'c', NodeCount: 3, OperatingState: 'running' }] },
  { Nodes: [{ NodeId: 'e01-fuzz-n', HyperNodeId: 'e01-fuzz-a' }], NextToken: 'next' },
  { TaskId: 'i-task' },
  { total: 1, data: [{ id: HUAWEI_ID, status: 'ACTIVE', hps_cluster_id: HUAWEI_ID, servers: [{ id: HUAWEI_ID, status: 'RUNNING', create_at: 1700000000000 }] }] },
  { id: HUAWEI_ID, status: 'ACTIVE', servers: [{ id: HUAWEI_ID, flavor: 'x', endpoints: [{ uri: '10.0.0.3' }], volumes: [{ size: 1, type: 'ROOT' }] }] },
  { id: HUAWEI_ID, name: 'hc', network_info: [{ hyper_cluster_subnet_id: HUAWEI_ID, is_default: true }] },
  { hyper_clusters: [{ id: HUAWEI_ID, name: 'hc' }] },
  { Code: AUTH, Message: AUTH, RequestId: SIG, error_code: SIG, error_msg: AUTH },
  { Code: 'Throttling.User', RequestId: AK, error_code: 'APIG.0308' },
];

/** A JSON value with a seed's shape, its values now and then replaced by anything. */
const mutatedSeed = fc
  .tuple(fc.constantFrom(...SEEDS), fc.array(fc.tuple(fc.nat(), fc.jsonValue({ maxDepth: 2 })), { maxLength: 4 }))
  .map(([seed, edits]) => {
    const copy = structuredClone(seed);
    const slots: Array<[Record<string, unknown> | unknown[], string | number]> = [];
    const walk = (value: unknown) => {
      if (Array.isArray(value)) value.forEach((v, i) => (slots.push([value, i]), walk(v)));
      else if (value && typeof value === 'object') for (const [k, v] of Object.entries(value)) (slots.push([value as Record<string, unknown>, k]), walk(v));
    };
    walk(copy);
    for (const [at, replacement] of edits) {
      const slot = slots[at % Math.max(1, slots.length)];
      if (slot) (slot[0] as Record<string | number, unknown>)[slot[1]] = replacement;
    }
    return JSON.stringify(copy);
  });

const body: fc.Arbitrary<string | Buffer> = fc.oneof(
  { arbitrary: mutatedSeed, weight: 6 },
  { arbitrary: fc.json({ maxDepth: 4 }), weight: 2 },
  { arbitrary: fc.constantFrom(...SEEDS.map((s) => JSON.stringify(s))), weight: 2 },
  { arbitrary: fc.tuple(fc.constantFrom('HyperNodes', 'data', 'Nodes', 'hyper_clusters', 'Clusters'), fc.integer({ min: 0, max: 30_000 }), fc.constantFrom('{}', '[]', '1', '"x"', 'null', `{"HyperNodeId":"e01-x","id":"${HUAWEI_ID}"}`)).map(([key, n, item]) => `{"${key}":[${Array(n).fill(item).join(',')}]}`), weight: 1 },
  { arbitrary: fc.uint8Array({ maxLength: 300 }).map((bytes) => Buffer.from(bytes)), weight: 1 },
  { arbitrary: mutatedSeed.map((text) => `\uFEFF${text}`), weight: 1 },
  { arbitrary: mutatedSeed.map((text) => text.slice(0, Math.floor(text.length / 2))), weight: 1 },
  { arbitrary: mutatedSeed.map((text) => Buffer.from(text, 'utf16le')), weight: 1 },
  { arbitrary: fc.constantFrom('', '<html>502 Bad Gateway</html>', AUTH, `{"Code":"${SIG}"}`), weight: 1 },
);

const headerValue = fc.oneof(fc.string({ maxLength: 40 }), fc.constantFrom(AUTH, SIG, AK, '0', '-1', '999999999', 'Limit:1,Remain:0,TimeLeft:5,Reset:1'));
const answer = fc.record({
  status: fc.oneof({ arbitrary: fc.constantFrom(200, 200, 200, 204, 400, 404, 429, 500, 503), weight: 4 }, { arbitrary: fc.integer({ min: 200, max: 599 }), weight: 1 }),
  contentType: fc.constantFrom('application/json', 'application/json;charset=utf-8', 'text/html', 'application/octet-stream', 'application/json; charset=utf-16'),
  headers: fc.dictionary(fc.constantFrom('x-acs-request-id', 'x-request-id', 'retry-after', 'x-ratelimit-user-api', 'content-encoding', 'x-other'), headerValue, { maxKeys: 4 }),
  body,
});
type Answer = typeof answer extends fc.Arbitrary<infer T> ? T : never;

const NODE_A = 'alibaba:cn-wulanchabu:node:e01-fuzz-n';
const NODE_H = `huawei:cn-north-4:node:${HUAWEI_ID}`;
const OPERATIONS: Array<[string, Record<string, unknown>?]> = [
  ['{ hyperNodes(first: 3) { nodes { id hostname state cluster { id name } } pageInfo { hasNextPage endCursor } } }'],
  ['{ hyperNode(id: "alibaba:cn-wulanchabu:hypernode:e01-fuzz-a") { id hostname nodes { id hostname userData disks { sizeGiB } } } }'],
  [`{ hyperNode(id: "huawei:cn-north-4:hypernode:${HUAWEI_ID}") { id name state nodes { id name networks { ip } } } }`],
  ['query ($ids: [ID!]!) { nodes(ids: $ids) { id hostname name state machineType createdAt expiresAt } }', { ids: [NODE_A, NODE_H] }],
  ['{ hyperClusters(first: 2) { nodes { id name networks { subnetId } hyperNodes(first: 2) { nodes { id } } } } }'],
  [`{ hyperCluster(id: "huawei:cn-north-4:hypercluster:${HUAWEI_ID}") { id name type } }`],
  ['mutation ($input: NodeOperationInput!) { stopNodes(input: $input) { nodes { id } tasks { id nodes { id } } failures { nodeId code message providerCode requestId } } }', { input: { ids: [NODE_A, NODE_H] } }],
  ['mutation ($input: CreateHyperClusterInput!) { createHyperCluster(input: $input) { hyperCluster { id name } } }', { input: { provider: 'HUAWEI', name: 'fuzz' } }],
];
const CODES = /^(NOT_FOUND|UNSUPPORTED_BY_PROVIDER|UPSTREAM_AUTH|UPSTREAM_THROTTLED|UPSTREAM_TIMEOUT|UPSTREAM_UNAVAILABLE|UPSTREAM_ERROR|OUTCOME_UNKNOWN|BAD_USER_INPUT)$/;

describe('hostile upstream answers, generated', () => {
  let hostile: HostileServer;
  let stack: Stack;
  let current: Answer;
  const { lines, logger } = capturedLog('debug');
  const signatures = new Set<string>();

  const serve = (req: IncomingMessage, res: ServerResponse) => {
    const authorization = String(req.headers.authorization ?? '');
    const signed = signedWith(authorization);
    const signature = signed?.signature ?? 'no-signature';
    signatures.add(signature);
    // The access key ID this request was signed with: each cloud only ever sees its own.
    const accessKeyId = signed?.accessKeyId ?? 'no-key';
    const fill = (text: string) => text.replaceAll(AUTH, authorization).replaceAll(SIG, signature).replaceAll(AK, accessKeyId);
    const payload = typeof current.body === 'string' ? Buffer.from(fill(current.body)) : current.body;
    const headers: Record<string, string> = { 'content-type': current.contentType };
    for (const [name, value] of Object.entries(current.headers)) headers[name] = fill(value).replace(/[^\t\x20-\x7e]/g, '');
    const noBody = current.status === 204 || current.status === 304;
    res.writeHead(current.status, { ...headers, 'content-length': String(noBody ? 0 : payload.length) });
    res.end(noBody ? undefined : payload);
  };

  beforeAll(async () => {
    hostile = await startHostileServer(serve);
    stack = await startStack({
      logger,
      env: {
        ALIBABA_EFLO_ENDPOINT: hostile.url,
        HUAWEI_MODELARTS_ENDPOINT: hostile.url,
        GATEWAY_REQUEST_TIMEOUT_MS: '3000',
        GATEWAY_UPSTREAM_CALL_TIMEOUT_MS: '2000',
        GATEWAY_RETRY_MAX_ATTEMPTS: '2',
        GATEWAY_RATE_LIMIT_PER_SECOND: '0',
        // The breakers would open after a few failures and spare the clients most answers.
        GATEWAY_BREAKER_MIN_CALLS: '100000',
      },
    });
  });
  afterAll(async () => {
    await stack.stop();
    await hostile.close();
  });

  it('answers valid data or coded errors, leaks no secret, and keeps memory bounded', async () => {
    gc();
    const heapBefore = process.memoryUsage().heapUsed;
    let tokens = 0;
    await fc.assert(
      fc.asyncProperty(answer, fc.nat({ max: OPERATIONS.length - 1 }), async (generated, which) => {
        current = generated;
        lines.length = 0;
        const [document, variables] = OPERATIONS[which]!;
        const withToken = variables?.input ? { input: { ...(variables.input as object), clientToken: `fuzz-${tokens++}` } } : variables;
        const result = await stack.query(document, withToken);
        expect(result.status).toBe(200);
        for (const error of result.errors ?? []) expect(error.extensions?.code, JSON.stringify(error)).toMatch(CODES);
        const text = JSON.stringify(result);
        const log = lines.join('');
        expect(text).not.toMatch(/undefined|INTERNAL_SERVER_ERROR|TypeError|ZodError/);
        expect(log).not.toMatch(/TypeError|ZodError|"level":50/);
        for (const secret of [ALIBABA_KEY.accessKeyId, ALIBABA_KEY.accessKeySecret, HUAWEI_KEY.ak, HUAWEI_KEY.sk, ...signatures]) {
          expect(text).not.toContain(secret);
          expect(log).not.toContain(secret);
        }
        // Some failure must be a refusal field failing: a failure in a node operation's payload is coded too.
        for (const failure of ((result.data?.stopNodes as { failures?: Array<{ code: string }> } | undefined)?.failures ?? [])) expect(failure.code).toMatch(CODES);
      }),
      { numRuns: 120, seed: Number(process.env.FUZZ_SEED ?? 1508) },
    );
    gc();
    expect(process.memoryUsage().heapUsed - heapBefore).toBeLessThan(64 * 1024 * 1024);
    expect(hostile.received).toBeGreaterThan(120);
  }, 240_000);
});
