/**
 * Upstream answers are untrusted input. A loopback server answering as no cloud should (huge pages, items without
 * IDs, another object than asked, wrong-shaped JSON, error fields echoing the request's Authorization header) gets
 * coded UPSTREAM_ERRORs naming the cloud and region, and leaks nothing into answers or logs.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config/index.js';
import { signedWith, startHostileServer, type HostileServer } from '../helpers/hostile-server.js';
import { ALIBABA_KEY, HUAWEI_KEY, startStack, type GraphQLAnswer, type Stack } from '../helpers/stack.js';
import { capturedLog } from '../helpers/captured-log.js';

type Answer = (req: IncomingMessage, res: ServerResponse, body: string) => void;

const json = (res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}) => {
  const text = typeof body === 'string' ? body : JSON.stringify(body);
  res.writeHead(status, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(text), ...headers });
  res.end(text);
};
const actionOf = (req: IncomingMessage) => String(req.headers['x-acs-action'] ?? '');

const HYPERNODE = 'alibaba:cn-wulanchabu:hypernode:e01-asked';
const NODE = 'alibaba:cn-wulanchabu:node:e01-asked-node';
const SUPERNODE = 'huawei:cn-north-4:hypernode:11111111-2222-4333-8444-555555555555';

describe('hostile upstream answers', () => {
  let hostile: HostileServer;
  let stack: Stack;
  let answer: Answer;
  const { lines, logger } = capturedLog('debug');
  beforeAll(async () => {
    hostile = await startHostileServer((req, res, body) => answer(req, res, body));
    stack = await startStack({
      logger,
      env: { ALIBABA_EFLO_ENDPOINT: hostile.url, HUAWEI_MODELARTS_ENDPOINT: hostile.url, GATEWAY_RETRY_MAX_ATTEMPTS: '1' },
    });
  });
  afterAll(async () => {
    await stack.stop();
    await hostile.close();
  });
  beforeEach(() => {
    lines.length = 0;
  });

  /** The one error of `answer`, which must be a coded UPSTREAM_ERROR naming the cloud and region. */
  function expectUpstreamError(result: GraphQLAnswer, provider: string, region: string) {
    expect(result.status).toBe(200);
    expect(result.errors?.length).toBeGreaterThan(0);
    for (const error of result.errors!) expect(error.extensions).toMatchObject({ code: 'UPSTREAM_ERROR', provider, region });
    const log = lines.join('');
    expect(log).not.toMatch(/TypeError|ZodError|INTERNAL_SERVER_ERROR/);
  }

  it('refuses a 3 MB page of empty objects to `first: 1` at once, and serves no `:hypernode:undefined`', async () => {
    const empties = `{"HyperNodes":[${Array(1_000_000).fill('{}').join(',')}]}`;
    answer = (req, res) => json(res, 200, empties);
    const started = performance.now();
    const result = await stack.query('{ hyperNodes(provider: ALIBABA, region: "cn-wulanchabu", first: 1) { nodes { id } } }');
    expect(performance.now() - started).toBeLessThan(5_000);
    expectUpstreamError(result, 'ALIBABA', 'cn-wulanchabu');
    expect(JSON.stringify(result)).not.toContain('undefined');
  });

  it('refuses an 8 MB answer as oversized without reading it into memory', async () => {
    const huge = `{"HyperNodes":[${Array(2_700_000).fill('{}').join(',')}]}`;
    answer = (req, res) => json(res, 200, huge);
    const result = await stack.query('{ hyperNodes(provider: ALIBABA, region: "cn-wulanchabu", first: 1) { nodes { id } } }');
    expectUpstreamError(result, 'ALIBABA', 'cn-wulanchabu');
    expect(result.errors![0]!.message).toMatch(/oversized/);
  });

  it('leaves no rejection unobserved when one list of a region walk fails while another is still out', async () => {
    const unobserved: unknown[] = [];
    const record = (reason: unknown) => unobserved.push(reason);
    process.on('unhandledRejection', record);
    try {
      answer = (req, res) => {
        if (actionOf(req) === 'ListClusters') return json(res, 400, { Code: 'Forbidden.RAM', RequestId: 'A1B2C3D4-0000-4000-8000-1234567890AB' });
        // The free-node list fails too, after the cluster list has failed the walk.
        if (actionOf(req) === 'ListFreeNodes') return void setTimeout(() => json(res, 500, { Code: 'InternalError' }), 100);
        json(res, 200, { total: 0, servers: [], data: [] });
      };
      const result = await stack.query('{ allNodes(filter: { provider: ALIBABA, region: "cn-wulanchabu" }, first: 5) { totalCount } }');
      expect(result.errors?.[0]?.extensions).toMatchObject({ provider: 'ALIBABA', region: 'cn-wulanchabu' });
      await new Promise((resolve) => setTimeout(resolve, 300));
      expect(unobserved).toEqual([]);
    } finally {
      process.off('unhandledRejection', record);
    }
  });

  it('reads null fields of both clouds as absent, not as a wrong shape', async () => {
    answer = (req, res) => {
      if (actionOf(req)) return json(res, 200, { NodeId: 'e01-asked-node', Hostname: null, ImageName: null, HyperNodeId: null, Disks: null, Networks: [{ BondName: 'bond0', Ip: null }] });
      json(res, 200, { id: '11111111-2222-4333-8444-555555555555', name: null, status: null, servers: null });
    };
    const alibaba = await stack.query(`{ node(id: "${NODE}") { id hostname imageName hyperNode { id } networks { name ip } } }`);
    expect(alibaba.errors).toBeUndefined();
    expect(alibaba.data).toEqual({ node: { id: NODE, hostname: null, imageName: null, hyperNode: null, networks: [{ name: 'bond0', ip: null }] } });
    const huawei = await stack.query(`{ hyperNode(id: "${SUPERNODE}") { id name } }`);
    expect(huawei.errors).toBeUndefined();
    expect(huawei.data).toEqual({ hyperNode: { id: SUPERNODE, name: null } });
  });

  it('refuses an Alibaba page with more items than asked, and cuts a Huawei page to the size asked', async () => {
    const summary = (i: number) => ({ HyperNodeId: `e01-item-${i}`, OperatingState: 'Using' });
    const supernode = (i: number) => ({ id: `supernode-${i}`, status: 'ACTIVE', servers: [] });
    answer = (req, res) => {
      if (actionOf(req) === 'ListHyperNodes') return json(res, 200, { HyperNodes: Array.from({ length: 21 }, (_, i) => summary(i)) });
      json(res, 200, { total: 50, data: Array.from({ length: 7 }, (_, i) => supernode(i)) });
    };
    const alibaba = await stack.query('{ hyperNodes(provider: ALIBABA, region: "cn-wulanchabu", first: 1) { nodes { id } } }');
    expectUpstreamError(alibaba, 'ALIBABA', 'cn-wulanchabu');
    expect(alibaba.errors![0]!.message).toMatch(/more items than asked/);
    const huawei = await stack.query<{ hyperNodes: { nodes: Array<{ id: string }> } }>(
      '{ hyperNodes(provider: HUAWEI, region: "cn-north-4", first: 2) { nodes { id } pageInfo { endCursor } } }',
    );
    expect(huawei.errors).toBeUndefined();
    expect(huawei.data!.hyperNodes.nodes.map((n) => n.id)).toEqual(['huawei:cn-north-4:hypernode:supernode-0', 'huawei:cn-north-4:hypernode:supernode-1']);
  });

  it('gives up a list walk that never ends, keeping no more than the page asked', async () => {
    let served = 0;
    answer = (req, res) => {
      if (req.url?.includes('/hyper-clusters/')) return json(res, 200, { id: 'other-cluster', name: 'endless' });
      // Every page holds one supernode of another cluster and promises a billion more.
      json(res, 200, { total: 1_000_000_000, data: [{ id: `supernode-${served++}`, hps_cluster_id: 'another-one', servers: [] }] });
    };
    const walk = await stack.query('{ hyperCluster(id: "huawei:cn-north-4:hypercluster:other-cluster") { name hyperNodes(first: 2) { nodes { id } } } }');
    expect(walk.errors?.[0]?.extensions).toMatchObject({ code: 'UPSTREAM_ERROR', provider: 'HUAWEI', region: 'cn-north-4' });
    expect(walk.errors?.[0]?.message).toMatch(/kept giving pages/);
    expect(served).toBe(200);
  });

  it('refuses items lacking their ID, or with an ID no cloud would give', async () => {
    for (const item of [{ OperatingState: 'Using' }, { HyperNodeId: '' }, { HyperNodeId: 'a:b' }, { HyperNodeId: 42 }]) {
      answer = (req, res) => json(res, 200, { HyperNodes: [item] });
      const result = await stack.query('{ hyperNodes(provider: ALIBABA, region: "cn-wulanchabu", first: 1) { nodes { id } } }');
      expectUpstreamError(result, 'ALIBABA', 'cn-wulanchabu');
      // The log says where the answer failed its schema, for whoever runs the gateway.
      expect(lines.join('')).toContain('"shapeIssues":"HyperNodes.0.HyperNodeId: ');
    }
  });

  it('never serves an answer about another object as the one asked for', async () => {
    answer = (req, res) => {
      const action = actionOf(req);
      if (action === 'DescribeNode') return json(res, 200, { NodeId: 'e01-someone-else', Hostname: 'not-mine' });
      if (action === 'DescribeHyperNode') return json(res, 200, { HyperNodeId: 'e01-someone-else', Nodes: [] });
      if (action === 'ListHyperNodes') return json(res, 200, { HyperNodes: [{ HyperNodeId: 'e01-someone-else' }] });
      return json(res, 200, { id: '99999999-2222-4333-8444-555555555555', status: 'ACTIVE', servers: [] });
    };
    expectUpstreamError(await stack.query(`{ node(id: "${NODE}") { hostname } }`), 'ALIBABA', 'cn-wulanchabu');
    expectUpstreamError(await stack.query(`{ hyperNode(id: "${HYPERNODE}") { nodes { userData } } }`), 'ALIBABA', 'cn-wulanchabu');
    expectUpstreamError(await stack.query(`{ hyperNode(id: "${SUPERNODE}") { name } }`), 'HUAWEI', 'cn-north-4');
    // A batch lookup naming others than asked finds nothing: the one asked for does not exist.
    expect(await stack.query(`{ hyperNode(id: "${HYPERNODE}") { hostname } }`)).toMatchObject({ data: { hyperNode: null } });
  });

  it('answers wrong-shaped JSON with a coded UPSTREAM_ERROR naming the cloud and region, never a TypeError', async () => {
    const shapes: Array<[string, unknown]> = [
      ['{} where an object with an ID belongs', {}],
      ['a string where a list belongs', { HyperNodes: 'e01-a,e01-b', data: 'x', hyper_clusters: 'x' }],
      ['numbers for strings', { HyperNodes: [{ HyperNodeId: 1234, Hostname: 5 }], data: [{ id: 7 }], hyper_clusters: [{ id: 9 }] }],
      ['a list where an object belongs', { HyperNodes: [[]], data: [[]], hyper_clusters: [[]] }],
      ['a JSON array', [1, 2, 3]],
      ['JSON null', null],
    ];
    for (const [what, shape] of shapes) {
      answer = (req, res) => json(res, 200, shape);
      const queries: Array<[string, string, string]> = [
        ['{ hyperNodes(provider: ALIBABA, region: "cn-wulanchabu", first: 1) { nodes { id } } }', 'ALIBABA', 'cn-wulanchabu'],
        ['{ hyperNodes(provider: HUAWEI, region: "cn-north-4", first: 1) { nodes { id } } }', 'HUAWEI', 'cn-north-4'],
        ['{ hyperClusters(provider: HUAWEI, region: "cn-north-4", first: 1) { nodes { id } } }', 'HUAWEI', 'cn-north-4'],
        [`{ node(id: "${NODE}") { hostname } }`, 'ALIBABA', 'cn-wulanchabu'],
        [`{ hyperNode(id: "${SUPERNODE}") { name } }`, 'HUAWEI', 'cn-north-4'],
      ];
      // An empty object is a valid empty page; it is wrong only where an object with an ID belongs.
      for (const [query, provider, region] of shape !== null && typeof shape === 'object' && Object.keys(shape).length === 0 ? queries.slice(3) : queries) {
        const result = await stack.query(query);
        try {
          expectUpstreamError(result, provider, region);
        } catch (error) {
          throw new Error(`${what} for ${query}: ${JSON.stringify(result)}`, { cause: error });
        }
      }
    }
  });

  it('passes on error codes and request IDs only when they look like the clouds\', and never an echoed Authorization header', async () => {
    const seen: string[] = [];
    answer = (req, res) => {
      const authorization = String(req.headers.authorization);
      seen.push(authorization);
      const signature = signedWith(authorization)?.signature ?? 'none';
      const echo = { Code: authorization, RequestId: signature, Message: `bad request: ${authorization}`, error_code: signature, error_msg: authorization };
      json(res, 400, echo, { 'x-acs-request-id': ALIBABA_KEY.accessKeyId, 'x-request-id': signature });
    };
    const alibaba = await stack.query(`{ node(id: "${NODE}") { hostname } }`);
    const huawei = await stack.query(`{ hyperNode(id: "${SUPERNODE}") { name } }`);
    expect(alibaba.errors![0]!.extensions).toMatchObject({ code: 'UPSTREAM_ERROR', providerCode: 'HTTP400', provider: 'ALIBABA' });
    expect(huawei.errors![0]!.extensions).toMatchObject({ code: 'UPSTREAM_ERROR', providerCode: 'HTTP400', provider: 'HUAWEI' });
    expect(alibaba.errors![0]!.extensions).not.toHaveProperty('requestId');
    expect(huawei.errors![0]!.extensions).not.toHaveProperty('requestId');

    const secrets = [ALIBABA_KEY.accessKeyId, HUAWEI_KEY.ak, ...seen.flatMap((a) => [a, signedWith(a)!.signature])];
    const text = JSON.stringify([alibaba, huawei]) + lines.join('');
    expect(lines.join('')).toContain('upstream call failed');
    for (const secret of secrets) expect(text).not.toContain(secret);

    // A 2xx answer repeating the credentials in its data is refused whole, not served.
    answer = (req, res) => {
      const authorization = String(req.headers.authorization);
      seen.push(authorization);
      const signature = signedWith(authorization)!.signature;
      if (actionOf(req)) return json(res, 200, { NodeId: 'e01-asked-node', Hostname: `host-${signature}`, ImageName: ALIBABA_KEY.accessKeyId });
      json(res, 200, { id: '11111111-2222-4333-8444-555555555555', name: authorization, servers: [] });
    };
    const echoed = [await stack.query(`{ node(id: "${NODE}") { hostname imageName } }`), await stack.query(`{ hyperNode(id: "${SUPERNODE}") { name } }`)];
    for (const result of echoed) expect(result.errors![0]!.extensions).toMatchObject({ code: 'UPSTREAM_ERROR' });
    const echoedText = JSON.stringify(echoed) + lines.join('');
    for (const secret of [ALIBABA_KEY.accessKeyId, HUAWEI_KEY.ak, ...seen.map((a) => signedWith(a)!.signature)]) expect(echoedText).not.toContain(secret);

    // Non-string fields are ignored; plausible ones are passed on.
    answer = (req, res) => json(res, 400, { Code: 12345, RequestId: { id: 1 }, error_code: ['x'] }, { 'x-request-id': 'not a request id!' });
    const odd = await stack.query(`{ node(id: "${NODE}") { hostname } }`);
    expect(odd.errors![0]!.extensions).toMatchObject({ providerCode: 'HTTP400' });
    expect(odd.errors![0]!.extensions).not.toHaveProperty('requestId');
    answer = (req, res) => json(res, 400, { Code: 'Forbidden.Something', RequestId: 'A1B2C3D4-0000-4000-8000-1234567890AB' });
    const plausible = await stack.query(`{ node(id: "${NODE}") { hostname } }`);
    expect(plausible.errors![0]!.extensions).toMatchObject({ providerCode: 'Forbidden.Something', requestId: 'A1B2C3D4-0000-4000-8000-1234567890AB' });
    expect(plausible.errors![0]!.message).not.toMatch(/bad request/);
  });
});

describe('the answer body limit', () => {
  it('is GATEWAY_UPSTREAM_MAX_ANSWER_BYTES, 4 MiB by default', async () => {
    expect(loadConfig({}).upstream.maxAnswerBytes).toBe(4 * 1024 * 1024);
    const hostile = await startHostileServer((req, res) =>
      json(res, 200, { HyperNodes: [{ HyperNodeId: 'e01-big', Hostname: 'x'.repeat(200_000) }] }),
    );
    const stack = await startStack({ env: { ALIBABA_EFLO_ENDPOINT: hostile.url, GATEWAY_UPSTREAM_MAX_ANSWER_BYTES: '100000' } });
    try {
      const result = await stack.query('{ hyperNodes(provider: ALIBABA, region: "cn-wulanchabu", first: 1) { nodes { id } } }');
      expect(result.errors![0]!.extensions).toMatchObject({ code: 'UPSTREAM_ERROR', provider: 'ALIBABA' });
      expect(result.errors![0]!.message).toMatch(/oversized/);
    } finally {
      await stack.stop();
      await hostile.close();
    }
  });
});
