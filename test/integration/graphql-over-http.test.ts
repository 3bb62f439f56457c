/**
 * GraphQL over HTTP as the spec and its audit suite (graphql-http) read it: every audit passes, a missing or
 * non-JSON body is a 400 whatever the client accepts, the SDL is served at /schema.graphql when introspection is
 * on, and DateTime keeps this project's own description.
 */
import { serverAudits } from 'graphql-http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SEED, STACK_TOKEN, startStack, type Stack } from '../helpers/stack.js';

describe('GraphQL over HTTP', () => {
  let stack: Stack;
  beforeAll(async () => {
    stack = await startStack({ env: { GATEWAY_INTROSPECTION: 'true' } });
  });
  afterAll(() => stack.stop());

  const post = (headers: Record<string, string>, body?: string) =>
    stack.yoga.fetch('http://gateway/graphql', { method: 'POST', headers: { authorization: `Bearer ${STACK_TOKEN}`, ...headers }, body });

  it('passes every graphql-http server audit, warnings and notices included', async () => {
    const fetchFn = (input: RequestInfo | URL, init: RequestInit = {}) =>
      Promise.resolve(stack.yoga.fetch(input as string, { ...init, headers: { ...Object.fromEntries(new Headers(init.headers)), authorization: `Bearer ${STACK_TOKEN}` } }));
    const failed: string[] = [];
    for (const audit of serverAudits({ url: 'http://gateway/graphql', fetchFn })) {
      const result = await audit.fn();
      if (result.status !== 'ok') failed.push(`${audit.name}: ${result.status} ${result.reason}`);
    }
    expect(failed).toEqual([]);
  });

  it('answers 400 with a code to a body that is not JSON and to a POST without a body, whatever the client accepts', async () => {
    for (const accept of ['application/json', 'application/graphql-response+json']) {
      for (const response of [
        await post({ 'content-type': 'application/json', accept }, '{"query": "{ __typename }"'),
        await post({ 'content-type': 'application/json', accept }, 'not json'),
        await post({ 'content-type': 'application/json', accept }),
        await post({ accept }),
      ]) {
        expect(response.status).toBe(400);
        const body = (await response.json()) as { errors: Array<{ extensions: { code: string } }> };
        expect(body.errors[0]?.extensions.code).toBe('BAD_REQUEST');
      }
    }
  });

  it('serves the SDL at GET /schema.graphql, with the descriptions', async () => {
    const response = await stack.get('/schema.graphql');
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toMatch(/^text\/plain/);
    const sdl = await response.text();
    expect(sdl).toContain('type Query {');
    expect(sdl).toContain('scalar DateTime');
    expect(sdl).toMatch(/"""\s*An ISO 8601 date and time in UTC/);
  });

  it('keeps the DateTime description of schema/base.graphql at run time', async () => {
    const answer = await stack.query<{ __type: { description: string } }>('{ __type(name: "DateTime") { description } }');
    expect(answer.data?.__type.description).toMatch(/^An ISO 8601 date and time in UTC/);
    // ...and still serializes as graphql-scalars does.
    const seed = await stack.query<{ hyperNode: { createdAt: string } }>(`{ hyperNode(id: "${SEED.hyperNodeId}") { createdAt } }`);
    expect(seed.data?.hyperNode.createdAt).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?Z$/);
  });
});

describe('GET /schema.graphql with introspection off', () => {
  it('is not served', async () => {
    const stack = await startStack({ env: { GATEWAY_INTROSPECTION: 'false' } });
    try {
      const response = await stack.get('/schema.graphql');
      expect(response.status).toBe(404);
    } finally {
      await stack.stop();
    }
  });
});
