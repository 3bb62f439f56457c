/**
 * What a client and the log may see: coded, masked errors without secrets; introspection and GraphiQL by setting;
 * cross-site requests refused.
 */
import { GraphQLError } from 'graphql';
import { describe, expect, it } from 'vitest';
import { maskError } from '../../src/errors-graphql.js';
import { startJwtIssuer } from '../helpers/jwt-issuer.js';
import { ALIBABA_KEY, SEED, startStack, STACK_TOKEN } from '../helpers/stack.js';
import { capturedLog } from '../helpers/captured-log.js';

describe('secrets stay out of answers and logs', () => {
  it('leaks no configured credential, signature, upstream URL or stack across successes and every kind of failure', async () => {
    const issuer = await startJwtIssuer();
    const { lines, logger } = capturedLog('trace');
    const keys = { frontend: 'frontend-0f3c9a7e21d44b6b', ops: 'ops-8d1e5b2a9c3f4e7d' };
    const env = {
      GATEWAY_API_KEYS: `frontend=${keys.frontend}:read,ops=${keys.ops}:read+write+secrets`,
      GATEWAY_RATE_LIMIT_BURST: '10',
      GATEWAY_RATE_LIMIT_PER_SECOND: '1',
      ...issuer.env,
    };
    const stack = await startStack({ env, logger });
    const wrongSecret = await startStack({ env, logger, alibabaSecret: 'not-the-right-secret' });
    const skewedClock = await startStack({ env, logger, alibaba: { now: () => Date.now() - 3_600_000 } });
    const unreachable = await startStack({ env, logger });
    await unreachable.alibaba.stop();

    const jwt = await issuer.sign('alice', 'read secrets');
    const expiredJwt = await issuer.sign('alice', 'read', { expiresIn: Math.floor(Date.now() / 1000) - 60 });
    const answers: unknown[] = [];
    const ask = async (target: typeof stack, token: string | null, query: string, variables?: Record<string, unknown>) => {
      const { status, data, errors } = await target.queryAs(token, query, variables);
      answers.push({ status, data, errors });
    };
    const detail = `{ hyperNode(id: "${SEED.hyperNodeId}") { hostname nodes { hostname userData } } }`;
    try {
      await ask(stack, keys.ops, detail);
      await ask(stack, keys.frontend, detail);
      await ask(stack, jwt, detail);
      await ask(stack, expiredJwt, detail);
      await ask(stack, `${jwt.slice(0, -4)}AAAA`, detail);
      await ask(stack, `${keys.ops}x`, detail);
      await ask(stack, keys.ops.slice(0, -1), detail);
      await ask(stack, null, detail);
      await ask(stack, keys.ops, '{ hyperNodes(first: 1000) { nodes { id } } }');
      await ask(stack, keys.ops, '{ hyperNode(id: "alibaba:cn-hangzhou:hypernode:x") { id } }');
      await ask(stack, keys.ops, `{ ${'__typename '.repeat(2000)} }`);
      await ask(stack, keys.ops, '{ hyperNode(id: ');
      await ask(stack, keys.ops, 'query ($n: Int!) { hyperNodes(first: $n) { nodes { id } } }', { n: 'many' });
      for (let i = 0; i < 20; i++) await ask(stack, keys.frontend, '{ __typename }');
      await ask(wrongSecret, keys.ops, detail);
      await ask(wrongSecret, keys.ops, '{ hyperNodes { nodes { id } } }');
      await ask(skewedClock, keys.ops, detail);
      await ask(unreachable, keys.ops, detail);

      const answerText = JSON.stringify(answers);
      const logText = lines.join('');
      // The scan must look at something: the failures above were answered and logged.
      for (const code of ['UNAUTHENTICATED', 'FORBIDDEN', 'RATE_LIMITED', 'OPERATION_LIMIT_EXCEEDED', 'UPSTREAM_AUTH', 'UPSTREAM_UNAVAILABLE']) {
        expect(answerText).toContain(code);
      }
      expect(logText).toContain('request refused: unauthenticated');
      expect(logText).toContain('request rate-limited');

      const secrets = [
        ...Object.values(keys),
        STACK_TOKEN,
        ALIBABA_KEY.accessKeySecret,
        'not-the-right-secret',
        jwt,
        jwt.split('.')[2]!,
        expiredJwt.split('.')[2]!,
      ];
      for (const secret of secrets) {
        expect(answerText).not.toContain(secret);
        expect(logText).not.toContain(secret);
      }
      for (const text of [answerText, logText]) {
        expect(text).not.toMatch(/Signature=|x-acs-signature|authorization":"/i);
        expect(text).not.toContain(stack.alibaba.url);
        expect(text).not.toContain(wrongSecret.alibaba.url);
      }
      expect(answerText).not.toMatch(/\bat .+\.(ts|js):\d+|"stack"|"originalError"/);
    } finally {
      await Promise.all([stack.stop(), wrongSecret.stop(), skewedClock.stop(), unreachable.stop().catch(() => {})]);
      await issuer.stop();
    }
  });

  it('masks an unexpected error: a generic message and code, nothing of the original', () => {
    const original = new TypeError(`cannot read ${ALIBABA_KEY.accessKeySecret} from http://127.0.0.1:1/?Signature=abc`);
    const masked = maskError(new GraphQLError(original.message, { originalError: original, path: ['node'] }), 'Unexpected error.');
    expect(JSON.parse(JSON.stringify(masked))).toEqual({ message: 'Unexpected error.', path: ['node'], extensions: { code: 'INTERNAL_SERVER_ERROR' } });
    expect((masked as GraphQLError).originalError).toBeUndefined();
  });
});

describe('introspection and GraphiQL', () => {
  const page = (stack: Awaited<ReturnType<typeof startStack>>) => stack.yoga.fetch('http://gateway/graphql', { headers: { accept: 'text/html' } });
  const INTROSPECTION = '{ __schema { queryType { name } } }';

  it('are off by default in live mode, and field suggestions with them', async () => {
    const stack = await startStack();
    try {
      const introspection = await stack.query(INTROSPECTION);
      expect(introspection.data).toBeUndefined();
      expect(introspection.errors?.[0]?.extensions).toEqual({ code: 'GRAPHQL_VALIDATION_FAILED', gatewayRequestId: expect.any(String) });
      const typo = await stack.query('{ hyperNods { nodes { id } } }');
      expect(typo.errors?.[0]?.message).not.toContain('Did you mean');
      expect((await page(stack)).headers.get('content-type') ?? '').not.toMatch(/text\/html/);
    } finally {
      await stack.stop();
    }
  });

  it('follow GATEWAY_INTROSPECTION and GATEWAY_GRAPHIQL', async () => {
    const stack = await startStack({ env: { GATEWAY_INTROSPECTION: 'true', GATEWAY_GRAPHIQL: 'true' } });
    try {
      expect((await stack.query(INTROSPECTION)).data).toEqual({ __schema: { queryType: { name: 'Query' } } });
      expect((await stack.query('{ hyperNods { nodes { id } } }')).errors?.[0]?.message).toContain('Did you mean');
      const graphiql = await page(stack);
      expect(graphiql.headers.get('content-type')).toMatch(/text\/html/);
      // No development key outside simulated mode: nothing is pre-filled.
      expect(await graphiql.text()).not.toContain(STACK_TOKEN);
    } finally {
      await stack.stop();
    }
  });
});

describe('CSRF prevention', () => {
  it('refuses a request a browser could send cross-site without a preflight, unless it carries Authorization or the CSRF header', async () => {
    // No API key: a cookie-less, header-less simple request is what a page of another origin can send.
    const stack = await startStack({ env: { GATEWAY_API_KEYS: '', GATEWAY_AUTH: 'none' } });
    try {
      const send = (init: RequestInit, path = '/graphql') => stack.yoga.fetch(`http://gateway${path}`, init);
      const get = '/graphql?query=%7B__typename%7D';
      const refusals = [
        await send({}, get),
        await send({ method: 'POST', headers: { 'content-type': 'text/plain' }, body: JSON.stringify({ query: '{ __typename }' }) }),
        await send({ method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: 'query=%7B__typename%7D' }),
      ];
      for (const response of refusals) {
        expect(response.status).toBe(403);
        expect(await response.json()).toEqual({ errors: [{ message: expect.any(String), extensions: { code: 'BAD_REQUEST', gatewayRequestId: expect.any(String) } }] });
      }
      const withHeader = await send({ headers: { 'x-graphql-yoga-csrf': '1', accept: 'application/json' } }, get);
      expect(await withHeader.json()).toEqual({ data: { __typename: 'Query' } });
      // A browser sends Authorization cross-site only after a preflight: a GET with it is served, as urql sends.
      const withAuthorization = await send({ headers: { authorization: `Bearer ${STACK_TOKEN}`, accept: 'application/json' } }, get);
      expect(withAuthorization.status).toBe(200);
      expect(await withAuthorization.json()).toEqual({ data: { __typename: 'Query' } });
    } finally {
      await stack.stop();
    }
  });
});
