/** What a caller may do: `read` for queries, `write` for mutations, `secrets` for fields marked @requiresScope. */
import { createSchema, createYoga } from 'graphql-yoga';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { useOperationScopes, withScopeDirectives } from '../../src/auth/authorize.js';
import { createAuthentication } from '../../src/auth/plugin.js';
import { loadConfig } from '../../src/config/index.js';
import { maskError } from '../../src/errors-graphql.js';
import { createLogger } from '../../src/logger.js';
import { MemoryRateLimitStore } from '../../src/rate-limit/memory-store.js';
import { loadTypeDefs } from '../../src/schema.js';
import { SEED, startStack, type Stack } from '../helpers/stack.js';

const KEYS = 'reader=reader-key-0123456789:read,writer=writer-key-0123456789:write,ops=ops-key-0123456789:read+secrets';

describe('scopes on the gateway', () => {
  let stack: Stack;
  beforeAll(async () => {
    stack = await startStack({ env: { GATEWAY_API_KEYS: KEYS } });
  });
  afterAll(() => stack.stop());
  beforeEach(() => stack.alibaba.calls.reset());

  const NODE = `{ node(id: "${SEED.nodeId}") { id hostname userData } }`;

  it('answers a query to a caller with read', async () => {
    const answer = await stack.queryAs('reader-key-0123456789', `{ hyperNode(id: "${SEED.hyperNodeId}") { hostname } }`);
    expect(answer.status).toBe(200);
    expect(answer.data).toEqual({ hyperNode: { hostname: SEED.hostname } });
  });

  it('refuses a query to a caller without read, with 403 FORBIDDEN and no upstream call', async () => {
    const answer = await stack.queryAs('writer-key-0123456789', NODE);
    expect(answer.status).toBe(403);
    expect(answer.data).toBeUndefined();
    expect(answer.errors).toEqual([{ message: 'A query needs the read scope.', extensions: { gatewayRequestId: expect.any(String), code: 'FORBIDDEN', scope: 'read' } }]);
    expect(stack.alibaba.calls.total()).toBe(0);
  });

  it('answers userData as null with FORBIDDEN at its path to a caller without secrets, and the rest intact', async () => {
    const answer = await stack.queryAs('reader-key-0123456789', NODE);
    expect(answer.status).toBe(200);
    expect(answer.data).toEqual({ node: { id: SEED.nodeId, hostname: SEED.hostname, userData: null } });
    expect(answer.errors).toEqual([
      expect.objectContaining({ path: ['node', 'userData'], extensions: { gatewayRequestId: expect.any(String), code: 'FORBIDDEN', scope: 'secrets' } }),
    ]);
  });

  it('guards userData wherever the query reaches it', async () => {
    const answer = await stack.queryAs<{ hyperNode: { hostname: string; nodes: Array<{ hostname: string; userData: string | null }> } }>(
      'reader-key-0123456789',
      `{ hyperNode(id: "${SEED.hyperNodeId}") { hostname nodes { hostname secret: userData } } }`,
    );
    expect(answer.data).toEqual({ hyperNode: { hostname: SEED.hostname, nodes: [{ hostname: SEED.hostname, secret: null }] } });
    expect(answer.errors?.map((e) => [e.path, e.extensions?.['code']])).toEqual([[['hyperNode', 'nodes', 0, 'secret'], 'FORBIDDEN']]);
  });

  it('answers userData to a caller with secrets', async () => {
    const answer = await stack.queryAs('ops-key-0123456789', NODE);
    expect(answer.errors).toBeUndefined();
    expect(answer.data).toEqual({ node: { id: SEED.nodeId, hostname: SEED.hostname, userData: expect.stringContaining('#!/bin/bash') } });
  });
});

/**
 * The product schema has no mutations yet; the rules are checked here on a schema that has them, built with the
 * gateway's own authentication, scope plugin and directive wiring, so they hold the day `type Mutation` appears.
 */
describe('scopes on a schema with a mutation and another guarded field', () => {
  const yoga = createYoga({
    schema: withScopeDirectives(
      createSchema({
        typeDefs: [
          loadTypeDefs().find((sdl) => sdl.includes('directive @requiresScope'))!,
          /* GraphQL */ `
            type Query { greeting: String, vault: Vault }
            type Vault { label: String, combination: String @requiresScope(scope: SECRETS) }
            type Mutation { rename(to: String!): String }
          `,
        ],
        resolvers: {
          Query: { greeting: () => 'hello', vault: () => ({ label: 'main', combination: '12-34-56' }) },
          Mutation: { rename: (_: unknown, { to }: { to: string }) => { renamed.push(to); return to; } },
        },
      }),
    ),
    ...((): Pick<Parameters<typeof createYoga>[0], 'context' | 'plugins' | 'maskedErrors'> => {
      const config = loadConfig({ GATEWAY_API_KEYS: 'reader=r-key-0123456789ab:read,writer=w-key-0123456789ab:write,all=a-key-0123456789ab:read+write+secrets' });
      const authentication = createAuthentication(config.auth, createLogger('silent'), new MemoryRateLimitStore());
      return {
        context: ({ request }) => ({ principal: authentication.principalOf(request) }),
        plugins: [authentication.plugin, useOperationScopes()],
        maskedErrors: { maskError },
      };
    })(),
  });
  const renamed: string[] = [];
  beforeEach(() => void renamed.splice(0));

  const send = async (token: string, query: string) => {
    const response = await yoga.fetch('http://test/graphql', {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
      body: JSON.stringify({ query }),
    });
    return { status: response.status, ...((await response.json()) as { data?: unknown; errors?: Array<{ path?: unknown; extensions?: Record<string, unknown> }> }) };
  };

  it('refuses a mutation to a caller without write, before its resolver runs', async () => {
    const answer = await send('r-key-0123456789ab', 'mutation { rename(to: "x") }');
    expect(answer.status).toBe(403);
    expect(answer.errors?.[0]?.extensions).toEqual({ code: 'FORBIDDEN', scope: 'write' });
    expect(renamed).toEqual([]);
  });

  it('runs a mutation for a caller with write', async () => {
    const answer = await send('w-key-0123456789ab', 'mutation { rename(to: "x") }');
    expect(answer).toEqual({ status: 200, data: { rename: 'x' } });
    expect(renamed).toEqual(['x']);
  });

  it('picks the scope of the operation named, among several', async () => {
    const document = 'query Read { greeting } mutation Write { rename(to: "y") }';
    const response = await yoga.fetch('http://test/graphql', {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: 'Bearer r-key-0123456789ab' },
      body: JSON.stringify({ query: document, operationName: 'Write' }),
    });
    expect(response.status).toBe(403);
    expect(renamed).toEqual([]);
  });

  it('guards any field the directive marks', async () => {
    expect(await send('r-key-0123456789ab', '{ vault { label combination } }')).toMatchObject({
      data: { vault: { label: 'main', combination: null } },
      errors: [{ path: ['vault', 'combination'], extensions: { code: 'FORBIDDEN', scope: 'secrets' } }],
    });
    expect(await send('a-key-0123456789ab', '{ vault { label combination } }')).toEqual({ status: 200, data: { vault: { label: 'main', combination: '12-34-56' } } });
  });
});
