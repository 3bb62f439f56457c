/**
 * Cursors a caller hands back are hostile: a forged one, and one whose inner page token the cloud (or the provider)
 * refuses, are BAD_USER_INPUT on `after` for the whole list, not a failed source the list quietly steps over.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { startStack, type Stack } from '../helpers/stack.js';

const LIST = 'query ($provider: Provider!, $after: String) { hyperClusters(provider: $provider, first: 1, after: $after) { nodes { id } pageInfo { endCursor } } }';

interface ListAnswer {
  hyperClusters: { nodes: Array<{ id: string }>; pageInfo: { endCursor: string | null } };
}

/** A real cursor of the list with its inner page token replaced, as a caller could forge it. */
function withToken(cursor: string, token: string): string {
  const data = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) as Record<string, unknown>;
  return Buffer.from(JSON.stringify({ ...data, t: token, k: 0 })).toString('base64url');
}

describe('cursors handed back to the gateway', () => {
  let stack: Stack;
  beforeAll(async () => {
    stack = await startStack();
  });
  afterAll(() => stack.stop());
  beforeEach(() => stack.resetCalls());

  const firstCursor = async (provider: 'ALIBABA' | 'HUAWEI') => {
    const first = await stack.query<ListAnswer>(LIST, { provider });
    expect(first.errors).toBeUndefined();
    stack.resetCalls();
    return first.data!.hyperClusters.pageInfo.endCursor!;
  };

  it('refuses a forged cursor as BAD_USER_INPUT on after, with no call', async () => {
    const answer = await stack.query<ListAnswer>(LIST, { provider: 'ALIBABA', after: 'bm90LWEtY3Vyc29y' });
    expect(answer.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'after' });
    expect(stack.upstreamCalls()).toBe(0);
  });

  it('answers BAD_USER_INPUT on after when Alibaba refuses the page token inside the cursor', async () => {
    const after = withToken(await firstCursor('ALIBABA'), Buffer.from('x:forged').toString('base64url'));
    const answer = await stack.query<ListAnswer>(LIST, { provider: 'ALIBABA', after });
    // The simulator was asked, and refused it (InvalidParameter.NextToken).
    expect(stack.alibaba.calls.snapshot()).toEqual({ ListClusters: 1 });
    expect(answer.errors).toHaveLength(1);
    expect(answer.errors![0]!.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'after' });
    expect(answer.errors![0]!.message).toMatch(/^after: /);
    expect(answer.data).toBeNull();
  });

  it('answers BAD_USER_INPUT on after when the Huawei provider cannot read the page token inside the cursor, with no call', async () => {
    const after = withToken(await firstCursor('HUAWEI'), 'not-an-offset');
    const answer = await stack.query<ListAnswer>(LIST, { provider: 'HUAWEI', after });
    expect(answer.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'after' });
    expect(answer.data).toBeNull();
    expect(stack.upstreamCalls()).toBe(0);
  });
});
