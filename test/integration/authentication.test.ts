/** Who may call: API keys and JWTs as `Authorization: Bearer`, 401 before any upstream call for anyone else. */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { RunningGateway } from '../../src/app.js';
import { AUTH_FAILURE_RULE } from '../../src/auth/failures.js';
import { startGatewayOnSimulators } from '../helpers/gateway.js';
import { startJwtIssuer, type JwtIssuer } from '../helpers/jwt-issuer.js';
import { SEED, startStack, type Stack } from '../helpers/stack.js';

const HOSTNAME = `{ hyperNode(id: "${SEED.hyperNodeId}") { hostname } }`;
const KEYS = 'frontend=k1-frontend-key-00:read,tools=k2-tools-key-0000:read+write,ops=k3-ops-key-000000:read+write+secrets';

describe('authentication', () => {
  let issuer: JwtIssuer;
  let stack: Stack;
  beforeAll(async () => {
    issuer = await startJwtIssuer();
    stack = await startStack({ env: { GATEWAY_API_KEYS: KEYS, ...issuer.env } });
  });
  afterAll(async () => {
    await stack.stop();
    await issuer.stop();
  });
  beforeEach(() => stack.alibaba.calls.reset());

  it.each([
    ['a configured API key', 'k1-frontend-key-00'],
    ['another configured API key', 'k3-ops-key-000000'],
  ])('answers %s', async (_, token) => {
    const answer = await stack.queryAs(token, HOSTNAME);
    expect(answer.status).toBe(200);
    expect(answer.data).toEqual({ hyperNode: { hostname: SEED.hostname } });
  });

  it('answers a JWT signed by the configured issuer, taking scopes from its scope claim', async () => {
    const token = await issuer.sign('alice', 'read secrets');
    const answer = await stack.queryAs(token, `{ node(id: "${SEED.nodeId}") { hostname userData } }`);
    expect(answer.errors).toBeUndefined();
    expect(answer.data).toEqual({ node: { hostname: SEED.hostname, userData: expect.stringContaining('#!/bin/bash') } });
  });

  const refused: Array<[string, (issuer: JwtIssuer) => Promise<Record<string, string>>]> = [
    ['no Authorization header', async () => ({})],
    ['an unknown API key', async () => ({ authorization: 'Bearer k9-not-a-key' })],
    ['a configured key with one more character', async () => ({ authorization: 'Bearer k1-frontend-key-00x' })],
    ['a prefix of a configured key', async () => ({ authorization: 'Bearer k1-frontend-ke' })],
    ['a configured key without the Bearer scheme', async () => ({ authorization: 'k1-frontend-key-00' })],
    ['a configured key as Basic credentials', async () => ({ authorization: `Basic ${btoa('frontend:k1-frontend-key-00')}` })],
    ['an empty Bearer token', async () => ({ authorization: 'Bearer ' })],
    ['an expired JWT', async (i) => ({ authorization: `Bearer ${await i.sign('alice', 'read', { expiresIn: Math.floor(Date.now() / 1000) - 60 })}` })],
    ['a JWT of another issuer', async (i) => ({ authorization: `Bearer ${await i.sign('alice', 'read', { issuer: 'https://elsewhere.example/' })}` })],
    ['a JWT for another audience', async (i) => ({ authorization: `Bearer ${await i.sign('alice', 'read', { audience: 'another-api' })}` })],
    ['a JWT signed by a key the JWKS does not hold', async (i) => ({ authorization: `Bearer ${await i.signWithStrangerKey('alice', 'read')}` })],
    ['an unsigned JWT (alg none)', async () => ({ authorization: `Bearer ${unsignedJwt({ sub: 'alice', scope: 'read', exp: 4102444800 })}.` })],
    ['a JWT with an empty sub', async (i) => ({ authorization: `Bearer ${await i.sign('', 'read')}` })],
    ['a JWT whose scope claim was edited', async (i) => ({ authorization: `Bearer ${withScope(await i.sign('alice', 'read'), 'read write secrets')}` })],
  ];

  it.each(refused)('refuses %s with 401 UNAUTHENTICATED and no upstream call', async (_, headersFor) => {
    const response = await stack.yoga.fetch('http://gateway/graphql', {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...(await headersFor(issuer)) },
      body: JSON.stringify({ query: HOSTNAME }),
    });
    expect(response.status).toBe(401);
    expect(response.headers.get('www-authenticate')).toBe('Bearer');
    const body = (await response.json()) as { data?: unknown; errors: Array<{ extensions: Record<string, unknown> }> };
    expect(body.data).toBeUndefined();
    expect(body.errors).toEqual([{ message: expect.any(String), extensions: { gatewayRequestId: expect.any(String), code: 'UNAUTHENTICATED' } }]);
    expect(stack.alibaba.calls.total()).toBe(0);
  });

  it('refuses a request without a token before reading its body', async () => {
    const response = await stack.yoga.fetch('http://gateway/graphql', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: '{ this is not even JSON',
    });
    expect(response.status).toBe(401);
  });

  it('serves the health check without a token', async () => {
    expect((await stack.yoga.fetch('http://gateway/health')).status).toBe(200);
  });
});

describe('GATEWAY_AUTH=none', () => {
  it('lets every caller in without a token, with every scope', async () => {
    const stack = await startStack({ env: { GATEWAY_API_KEYS: '', GATEWAY_AUTH: 'none' } });
    try {
      const answer = await stack.queryAs(null, `{ node(id: "${SEED.nodeId}") { hostname userData } }`);
      expect(answer.status).toBe(200);
      expect(answer.errors).toBeUndefined();
      expect(answer.data).toEqual({ node: { hostname: SEED.hostname, userData: expect.stringContaining('#!/bin/bash') } });
    } finally {
      await stack.stop();
    }
  });
});

const base64url = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');

function unsignedJwt(payload: Record<string, unknown>): string {
  return `${base64url({ alg: 'none', typ: 'JWT' })}.${base64url(payload)}`;
}

/** The token with another scope claim and the original signature. */
function withScope(token: string, scope: string): string {
  const [header, payload, signature] = token.split('.');
  const claims = JSON.parse(Buffer.from(payload!, 'base64url').toString()) as Record<string, unknown>;
  return `${header}.${base64url({ ...claims, scope })}.${signature}`;
}

describe('the failed-authentication throttle, behind proxies or none', () => {
  const KEY = 'k1-frontend-key-00';
  const apps: RunningGateway[] = [];
  afterAll(() => Promise.all(apps.map((app) => app.stop())));
  async function gateway(env: Record<string, string> = {}) {
    const app = await startGatewayOnSimulators({ GATEWAY_API_KEYS: 'frontend=k1-frontend-key-00:read', ...env });
    apps.push(app);
    return (token: string, forwardedFor: string) =>
      fetch(`${app.url}/graphql`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${token}`, 'x-forwarded-for': forwardedFor },
        body: JSON.stringify({ query: '{ __typename }' }),
      }).then((response) => response.status);
  }

  it('keys on the socket address with no trusted proxy: a client cannot escape it by writing X-Forwarded-For', async () => {
    const send = await gateway();
    for (let i = 0; i < AUTH_FAILURE_RULE.burst; i++) expect(await send('wrong-key-0000000000', `198.51.100.${i}`)).toBe(401);
    expect(await send(KEY, '198.51.100.200')).toBe(429);
  });

  it('keys on the client the trusted proxy names: one client guessing does not lock out the others behind it', async () => {
    const send = await gateway({ GATEWAY_TRUSTED_PROXY_HOPS: '1' });
    for (let i = 0; i < AUTH_FAILURE_RULE.burst; i++) expect(await send('wrong-key-0000000000', '203.0.113.5')).toBe(401);
    expect(await send(KEY, '203.0.113.5')).toBe(429);
    // An entry the guesser writes itself stands left of the one the proxy appends, and is not read.
    expect(await send(KEY, '203.0.113.6, 203.0.113.5')).toBe(429);
    expect(await send(KEY, '203.0.113.6')).toBe(200);
  });
});
