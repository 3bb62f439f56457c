/** No operation can hurt the gateway: each limit refuses before any upstream call, and hostile requests fast. */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { SEED, startStack, STACK_TOKEN, type Stack } from '../helpers/stack.js';

const MISSING_NODE = 'alibaba:cn-wulanchabu:node:e01-cn-doesnotexist';

/** `node(id) { hyperNode { nodes { hyperNode { ... id } } } }`, `depth` fields deep counting the leaf. */
function deepQuery(depth: number): string {
  const steps = Array.from({ length: depth - 2 }, (_, i) => (i % 2 === 0 ? 'hyperNode' : 'nodes'));
  return `{ node(id: "${MISSING_NODE}") { ${steps.map((s) => `${s} {`).join(' ')} id ${'} '.repeat(steps.length)}} }`;
}

const aliasQuery = (aliases: number) =>
  `{ ${Array.from({ length: aliases }, (_, i) => `n${i}: node(id: "${MISSING_NODE}") { id }`).join(' ')} }`;
const directiveQuery = (directives: number) => `{ __typename ${'@include(if: true) '.repeat(directives)}}`;
/** Two braces and `fields` names: `fields + 2` tokens. */
const tokenQuery = (tokens: number) => `{ ${'__typename '.repeat(tokens - 2)}}`;

describe('operation limits (defaults)', () => {
  let stack: Stack;
  beforeAll(async () => {
    stack = await startStack();
  });
  afterAll(() => stack.stop());
  beforeEach(() => stack.alibaba.calls.reset());

  it.each([
    ['depth', deepQuery(10), deepQuery(11), 'Query depth limit of 10 exceeded, found 11.'],
    ['aliases', aliasQuery(15), aliasQuery(16), 'Aliases limit of 15 exceeded, found 16.'],
    ['directives', directiveQuery(50), directiveQuery(51), 'Directives limit of 50 exceeded, found 51.'],
    ['tokens', tokenQuery(1000), tokenQuery(1001), 'Token limit of 1000 exceeded.'],
  ])('answers at the %s limit and refuses one more, coded, before any upstream call', async (limit, atLimit, overLimit, message) => {
    const allowed = await stack.query(atLimit);
    expect(allowed.errors ?? []).not.toContainEqual(expect.objectContaining({ extensions: expect.objectContaining({ code: 'OPERATION_LIMIT_EXCEEDED' }) }));
    stack.alibaba.calls.reset();
    const refused = await stack.query(overLimit);
    expect(refused.data).toBeUndefined();
    expect(refused.errors).toEqual([{ message, extensions: { gatewayRequestId: expect.any(String), code: 'OPERATION_LIMIT_EXCEEDED', limit } }]);
    expect(stack.alibaba.calls.total()).toBe(0);
  });

  it('weighs the fields below a list by `first`, whether literal, a variable or the default', async () => {
    const nested = 'query ($clusters: Int) { hyperClusters(first: $clusters) { nodes { hyperNodes(first: 100) { nodes { id } } } } }';
    const refused = await stack.query(nested, { clusters: 100 });
    expect(refused.errors).toEqual([
      { message: 'Operation cost limit of 5000 exceeded, found 20201.', extensions: { gatewayRequestId: expect.any(String), code: 'OPERATION_LIMIT_EXCEEDED', limit: 'cost' } },
    ]);
    // The default `first` of 20 clusters: 1 + 20 * (1 + 1 + 100 * (1 + 1)) = 4041.
    const byDefault = await stack.query(nested, {});
    expect(byDefault.errors).toBeUndefined();
    expect(stack.alibaba.calls.total()).toBeGreaterThan(0);
  });

  it('weighs nodes(ids:) by the number of IDs', async () => {
    const wide = 'query ($ids: [ID!]!) { nodes(ids: $ids) { hyperNode { cluster { hyperNodes(first: 100) { nodes { id } } } } } }';
    const refused = await stack.query(wide, { ids: Array.from({ length: 30 }, () => MISSING_NODE) });
    expect(refused.errors?.[0]?.extensions).toEqual({ gatewayRequestId: expect.any(String), code: 'OPERATION_LIMIT_EXCEEDED', limit: 'cost' });
    expect(stack.alibaba.calls.total()).toBe(0);
  });

  it('answers 400 to a client that asks for application/graphql-response+json', async () => {
    const response = await stack.yoga.fetch('http://gateway/graphql', {
      method: 'POST',
      headers: { 'content-type': 'application/json', accept: 'application/graphql-response+json', authorization: `Bearer ${STACK_TOKEN}` },
      body: JSON.stringify({ query: deepQuery(11) }),
    });
    expect(response.status).toBe(400);
  });

  it('refuses first above 100 and more than 100 IDs', async () => {
    const page = await stack.query('{ hyperNodes(first: 101) { nodes { id } } }');
    expect(page.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'first' });
    const ids = await stack.query('query ($ids: [ID!]!) { nodes(ids: $ids) { id } }', { ids: Array.from({ length: 101 }, () => SEED.nodeId) });
    expect(ids.errors?.[0]).toMatchObject({ message: 'At most 100 IDs per operation, found 101.', extensions: { code: 'OPERATION_LIMIT_EXCEEDED', limit: 'ids' } });
    expect(stack.alibaba.calls.total()).toBe(0);
  });
});

describe('operation limits (settings)', () => {
  it('follows GATEWAY_MAX_* settings', async () => {
    const stack = await startStack({
      env: { GATEWAY_MAX_DEPTH: '3', GATEWAY_MAX_ALIASES: '1', GATEWAY_MAX_COST: '30', GATEWAY_MAX_PAGE_SIZE: '5', GATEWAY_MAX_IDS: '2' },
    });
    try {
      const codeOf = async (query: string, variables?: Record<string, unknown>) => {
        const answer = await stack.query(query, variables);
        return answer.errors?.[0]?.extensions ?? null;
      };
      expect(await codeOf(deepQuery(3))).toBeNull();
      expect(await codeOf(deepQuery(4))).toMatchObject({ code: 'OPERATION_LIMIT_EXCEEDED', limit: 'depth' });
      expect(await codeOf(aliasQuery(2))).toMatchObject({ code: 'OPERATION_LIMIT_EXCEEDED', limit: 'aliases' });
      expect(await codeOf('{ hyperNodes(first: 5) { nodes { id } } }')).toBeNull();
      expect(await codeOf('{ hyperNodes(first: 6) { nodes { id } } }')).toMatchObject({ code: 'BAD_USER_INPUT', field: 'first' });
      expect(await codeOf('{ hyperNodes(first: 5) { nodes { id hostname state zoneId machineType hpnZone } } }')).toMatchObject({
        code: 'OPERATION_LIMIT_EXCEEDED',
        limit: 'cost',
      });
      stack.alibaba.calls.reset();
      expect(await codeOf('query ($ids: [ID!]!) { nodes(ids: $ids) { id } }', { ids: [SEED.nodeId, SEED.nodeId, SEED.nodeId] })).toMatchObject({
        code: 'OPERATION_LIMIT_EXCEEDED',
        limit: 'ids',
      });
      expect(stack.alibaba.calls.total()).toBe(0);
    } finally {
      await stack.stop();
    }
  });
});

describe('hostile requests', () => {
  let stack: Stack;
  beforeAll(async () => {
    stack = await startStack();
  });
  afterAll(() => stack.stop());
  beforeEach(() => stack.alibaba.calls.reset());

  const post = async (body: BodyInit, headers: Record<string, string> = {}) =>
    stack.yoga.fetch('http://gateway/graphql', {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${STACK_TOKEN}`, ...headers },
      body,
      duplex: 'half',
    } as RequestInit);

  const aliasBomb = JSON.stringify({ query: `{ ${Array.from({ length: 1000 }, (_, i) => `a${i}: hyperNodes(first: 100) { nodes { id } }`).join(' ')} }` });
  const thousandDeep = JSON.stringify({ query: deepQuery(1000) });
  const tenMegabytes = JSON.stringify({ query: '{ __typename }', variables: { padding: 'x'.repeat(10 * 1024 * 1024) } });
  // Encoded once: encoding 10 MB is the sender's work, not part of the time the gateway takes to refuse it.
  const tenMegabyteBytes = new TextEncoder().encode(tenMegabytes);
  const batch = JSON.stringify(Array.from({ length: 100 }, () => ({ query: `{ hyperNodes(first: 100) { nodes { id } } }` })));

  const hostile: Array<[string, () => Promise<Response>, number, string]> = [
    ['an alias bomb', () => post(aliasBomb), 200, 'OPERATION_LIMIT_EXCEEDED'],
    ['a 1,000-deep query', () => post(thousandDeep), 200, 'OPERATION_LIMIT_EXCEEDED'],
    ['a 10 MB body', () => post(tenMegabytes, { 'content-length': String(Buffer.byteLength(tenMegabytes)) }), 413, 'REQUEST_ENTITY_TOO_LARGE'],
    ['a 10 MB body streamed without a length', () => post(streamOf(tenMegabyteBytes)), 413, 'REQUEST_ENTITY_TOO_LARGE'],
    ['a batched array', () => post(batch), 400, 'BAD_REQUEST'],
  ];

  // How fast a refusal is belongs to the bench; what is pinned here is that it comes before any work.
  it.each(hostile)('refuses %s with a coded error and no upstream call', async (_, send, status, code) => {
    const response = await send();
    const body = (await response.json()) as { errors?: Array<{ extensions?: { code?: string } }> };
    expect(response.status).toBe(status);
    expect(body.errors?.[0]?.extensions?.code).toBe(code);
    expect(stack.alibaba.calls.total()).toBe(0);
  });

  it('stops reading a body streamed without a length at the limit, not at its end', async () => {
    const pulled = { bytes: 0 };
    const response = await post(streamOf(tenMegabyteBytes, pulled));
    expect(response.status).toBe(413);
    expect(pulled.bytes).toBeLessThan(tenMegabyteBytes.length / 2);
  });
});

function streamOf(bytes: Uint8Array, pulled = { bytes: 0 }): ReadableStream<Uint8Array> {
  let offset = 0;
  return new ReadableStream({
    pull(controller) {
      if (offset >= bytes.length) return controller.close();
      controller.enqueue(bytes.subarray(offset, offset + 64 * 1024));
      offset += 64 * 1024;
      pulled.bytes = Math.min(offset, bytes.length);
    },
  });
}
