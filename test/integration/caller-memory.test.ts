/**
 * Nothing one caller sends grows the gateway's memory without bound. Each attack runs for a bounded time from one
 * key, within the limits, and the heap after forced collections must stay within a stated bound.
 */
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startStack, STACK_TOKEN, type Stack } from '../helpers/stack.js';

setFlagsFromString('--expose-gc');
const gc = runInNewContext('gc') as () => void;
const MiB = 1024 * 1024;

/** Heap in use after full collections: what is really retained. */
function retainedHeap(): number {
  gc();
  gc();
  return process.memoryUsage().heapUsed;
}

/** Runs `attack(i)` for at least `seconds` and `minimum` times (at most `maximum`); returns how many ran. */
async function drive(attack: (i: number) => Promise<void>, { seconds = 3, minimum = 40, maximum = 400 } = {}): Promise<number> {
  const until = Date.now() + seconds * 1000;
  let sent = 0;
  while (sent < maximum && (sent < minimum || Date.now() < until)) await attack(sent++);
  return sent;
}

describe('memory per caller', () => {
  let stack: Stack;
  beforeAll(async () => {
    stack = await startStack({ env: { GATEWAY_MAX_BODY_BYTES: '2000000', GATEWAY_RATE_LIMIT_PER_SECOND: '0' } });
  });
  afterAll(() => stack.stop());

  it('keeps the operation-cost cache within its bytes whatever the variables: 1 MB distinct variables leave under 24 MiB', async () => {
    const large = 'x'.repeat(1_000_000);
    const before = retainedHeap();
    // A new document and new 1 MB variables each time: before the fix, each pair stayed as a cache key.
    const sent = await drive(async (i) => {
      const answer = await stack.query(`query Lookup${i}($id: ID!) { hyperNode(id: $id) { id } }`, { id: `${large}${i}` });
      expect(answer.errors?.[0]?.extensions?.['code']).toBe('BAD_USER_INPUT');
    });
    const grown = retainedHeap() - before;
    expect(sent).toBeGreaterThanOrEqual(40);
    expect(grown).toBeLessThan(24 * MiB);
  });

  it('keeps parsed documents and parse errors within their bytes: 900 KB distinct documents leave under 32 MiB', async () => {
    const literal = 'x'.repeat(900_000);
    const before = retainedHeap();
    // Distinct documents, every other one not even parsing: yoga kept 1,024 of each whatever their size.
    const sent = await drive(async (i) => {
      const document = `{ hyperNode(id: "${literal}${i}") { id } ${i % 2 === 0 ? '}' : ''}`;
      const answer = await stack.query(document);
      expect(answer.errors?.[0]?.extensions?.['code']).toMatch(/^(BAD_USER_INPUT|GRAPHQL_PARSE_FAILED)$/);
    }, { minimum: 60 });
    // Before the bound, 60 such documents kept about 54 MiB; within it, about 12.
    const grown = retainedHeap() - before;
    expect(sent).toBeGreaterThanOrEqual(60);
    expect(grown).toBeLessThan(32 * MiB);
  });

  it('refuses variables the operation does not declare, with BAD_USER_INPUT and before any work', async () => {
    stack.resetCalls();
    const answer = await stack.query(`{ hyperNodes(first: 1) { nodes { id } } }`, { unused: 'x'.repeat(1000), other: 1 });
    expect(answer.data).toBeUndefined();
    expect(answer.errors).toEqual([
      {
        message: 'variables: $unused, $other not declared by the document.',
        extensions: { gatewayRequestId: expect.any(String), code: 'BAD_USER_INPUT', field: 'variables' },
      },
    ]);
    expect(stack.upstreamCalls()).toBe(0);
  });

  it.each([
    ['undeclared', '{ __typename }', 'deep'],
    ['declared', 'query ($ids: [ID!]!) { nodes(ids: $ids) { id } }', 'ids'],
  ])('refuses deeply nested %s variables with a coded error, never an internal one', async (_, query, name) => {
    const depth = 100_000;
    const body = `{"query":${JSON.stringify(query)},"variables":{"${name}":${'['.repeat(depth)}${']'.repeat(depth)}}}`;
    const response = await stack.yoga.fetch('http://gateway/graphql', {
      method: 'POST',
      headers: { 'content-type': 'application/json', accept: 'application/graphql-response+json', authorization: `Bearer ${STACK_TOKEN}` },
      body,
    });
    const answer = (await response.json()) as { errors: Array<{ message: string; extensions: Record<string, unknown> }> };
    expect(response.status).toBe(400);
    expect(answer.errors).toEqual([
      { message: 'variables: nested more than 16 levels deep.', extensions: { gatewayRequestId: expect.any(String), code: 'BAD_USER_INPUT', field: 'variables' } },
    ]);
  });

  it('takes variables nested as deep as the input types go', async () => {
    const answer = await stack.query('mutation ($input: NodeOperationInput!) { rebootNodes(input: $input) { nodes { id } } }', {
      input: { ids: ['alibaba:cn-wulanchabu:node:e01-cn-doesnotexist'] },
    });
    expect(answer.data?.['rebootNodes']).toBeDefined();
    expect(answer.errors ?? []).toEqual([]);
  });
});

describe('metric labels', () => {
  let stack: Stack;
  beforeAll(async () => {
    stack = await startStack({ env: { GATEWAY_RATE_LIMIT_PER_SECOND: '0' } });
  });
  afterAll(() => stack.stop());

  const operationLabels = (metrics: string) => new Set([...metrics.matchAll(/^gateway_requests_total\{operation="([^"]*)"/gm)].map((m) => m[1]!));

  it('label only short GraphQL names; long distinct names count as `other`, and a scrape stays small', async () => {
    const before = retainedHeap();
    const long = 'A'.repeat(10_000);
    const sent = await drive(async (i) => {
      expect((await stack.query(`query ${long}${i} { __typename }`)).errors).toBeUndefined();
    }, { minimum: 210, maximum: 400 });
    const metrics = await (await stack.admin('/metrics')).text();
    expect(sent).toBeGreaterThanOrEqual(210);
    expect([...operationLabels(metrics)]).toEqual(['other']);
    expect(metrics.length).toBeLessThan(256 * 1024);
    expect(retainedHeap() - before).toBeLessThan(16 * MiB);
  });

  it('cap the distinct names kept: the 201st and later count as `other`', async () => {
    for (let i = 0; i < 250; i++) await stack.query(`query Name${i} { __typename }`);
    const labels = operationLabels(await (await stack.admin('/metrics')).text());
    expect(labels.size).toBeLessThanOrEqual(201);
    expect(labels).toContain('other');
    for (const label of labels) expect(label).toMatch(/^[_A-Za-z][_0-9A-Za-z]{0,63}$/);
  });
});
