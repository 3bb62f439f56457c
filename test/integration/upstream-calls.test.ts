/**
 * Upstream calls per operation and per caller are bounded: the ID cap covers the whole operation, a lookup by ID
 * is priced at an upstream call per ID, and each principal has a budget of upstream calls per second.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SEED, startStack, type Stack } from '../helpers/stack.js';

const ids = (n: number) => Array.from({ length: n }, (_, i) => `alibaba:cn-wulanchabu:node:e01-cn-missing${i}`);
/** `aliases` aliases of `nodes(ids:)`, each with a variable of its own. */
const wide = (aliases: number) =>
  `query (${Array.from({ length: aliases }, (_, i) => `$ids${i}: [ID!]!`).join(', ')}) { ${Array.from({ length: aliases }, (_, i) => `a${i}: nodes(ids: $ids${i}) { id }`).join(' ')} }`;
const variables = (aliases: number, each: number) => Object.fromEntries(Array.from({ length: aliases }, (_, i) => [`ids${i}`, ids(each)]));

describe('upstream calls per operation', () => {
  let stack: Stack;
  beforeAll(async () => {
    stack = await startStack({ env: { GATEWAY_MAX_COST: '100000', GATEWAY_RATE_LIMIT_PER_SECOND: '0' } });
  });
  afterAll(() => stack.stop());

  it('caps the IDs of the whole operation: 15 aliases of 100 IDs are refused with no upstream call', async () => {
    stack.resetCalls();
    const answer = await stack.query(wide(15), variables(15, 100));
    expect(answer.data).toBeUndefined();
    expect(answer.errors).toEqual([
      { message: 'At most 100 IDs per operation, found 1500.', extensions: { gatewayRequestId: expect.any(String), code: 'OPERATION_LIMIT_EXCEEDED', limit: 'ids' } },
    ]);
    expect(stack.upstreamCalls()).toBe(0);
  });

  it('counts every alias and every lookup: two of 51 are refused, two of 50 answered', async () => {
    expect((await stack.query(wide(2), variables(2, 51))).errors?.[0]?.extensions).toMatchObject({ limit: 'ids' });
    const singles = `{ ${Array.from({ length: 2 }, (_, i) => `n${i}: node(id: "${SEED.nodeId}") { id }`).join(' ')} }`;
    expect((await stack.query(`query ($ids0: [ID!]!) { a0: nodes(ids: $ids0) { id } ${singles.slice(1, -1)} }`, { ids0: ids(99) })).errors?.[0]?.extensions).toMatchObject({
      limit: 'ids',
    });
    const answered = await stack.query(wide(2), variables(2, 50));
    expect(answered.errors ?? []).toEqual([]);
  });
});

describe('the price of a lookup by ID', () => {
  let stack: Stack;
  beforeAll(async () => {
    stack = await startStack({ env: { GATEWAY_MAX_COST: '100' } });
  });
  afterAll(() => stack.stop());

  it('is an upstream call (10) plus what it selects, per ID', async () => {
    const lookup = 'query ($ids: [ID!]!) { nodes(ids: $ids) { id } }';
    // 1 + 9 * (10 + 1) = 100: at the limit.
    expect(((await stack.query(lookup, { ids: ids(9) })).errors ?? []).some((e) => e.extensions?.['code'] === 'OPERATION_LIMIT_EXCEEDED')).toBe(false);
    stack.resetCalls();
    const refused = await stack.query(lookup, { ids: ids(10) });
    expect(refused.errors?.[0]?.message).toBe('Operation cost limit of 100 exceeded, found 111.');
    expect(stack.upstreamCalls()).toBe(0);
    // One lookup: 1 + (10 + 1 + 1) for node(id) { id hostname }.
    const single = await stack.query(`{ ${Array.from({ length: 9 }, (_, i) => `n${i}: node(id: "${SEED.nodeId}") { id hostname }`).join(' ')} }`);
    expect(single.errors?.[0]?.message).toBe('Operation cost limit of 100 exceeded, found 117.');
  });
});

describe('the upstream-call budget of a principal', () => {
  const one = 'one-key-0123456789abcdef';
  const two = 'two-key-0123456789abcdef';
  let stack: Stack;
  beforeAll(async () => {
    stack = await startStack({
      env: {
        GATEWAY_API_KEYS: `one=${one}:read,two=${two}:read`,
        GATEWAY_RATE_LIMIT_PER_SECOND: '0',
        GATEWAY_UPSTREAM_BUDGET_PER_SECOND: '2',
        GATEWAY_UPSTREAM_BUDGET_BURST: '6',
      },
    });
  });
  afterAll(() => stack.stop());

  // Four calls a request: the first page of each cloud region.
  const LIST = '{ hyperNodes(first: 1) { nodes { id } } }';

  it('bounds one caller to its burst plus its rate, then refuses with RATE_LIMITED and when to retry', async () => {
    stack.resetCalls();
    const started = Date.now();
    const statuses: number[] = [];
    const fieldCodes = new Set<unknown>();
    let refusal: Awaited<ReturnType<Stack['queryAs']>> | undefined;
    while (Date.now() - started < 2_000) {
      const answer = await stack.queryAs(one, LIST);
      statuses.push(answer.status);
      for (const error of answer.errors ?? []) fieldCodes.add(error.extensions?.['code']);
      if (answer.status === 429) refusal ??= answer;
    }
    const seconds = (Date.now() - started) / 1000;
    expect(stack.upstreamCalls()).toBeLessThanOrEqual(6 + Math.ceil(seconds * 2));
    expect(statuses.length).toBeGreaterThan(5);
    expect(refusal?.errors?.[0]?.extensions).toMatchObject({ code: 'RATE_LIMITED', retryAfterMs: expect.any(Number) });
    expect(Number(refusal?.headers.get('retry-after'))).toBeGreaterThanOrEqual(1);
    expect([...fieldCodes].every((code) => code === 'RATE_LIMITED')).toBe(true);
    // Another principal has a budget of its own, and the clouds' breakers saw no failure.
    const other = await stack.queryAs(two, LIST);
    expect(other.status).toBe(200);
    expect(other.errors).toBeUndefined();
    for (const { provider, region } of [
      { provider: 'ALIBABA', region: 'cn-wulanchabu' },
      { provider: 'HUAWEI', region: 'cn-north-4' },
    ] as const) {
      expect(stack.runtime.breakers.state(provider, region)).toBe('closed');
    }
  });
});
