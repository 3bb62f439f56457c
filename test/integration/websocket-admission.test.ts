/**
 * An operation over graphql-ws meets what an HTTP request meets before GraphQL runs: the token (throttled per
 * address, checked again for each operation), the principal's rate limit, the trusted-documents manifest and the
 * limits on variables. Yoga runs those hooks for HTTP only; without operation-admission.ts each of these ran over a
 * WebSocket unchecked.
 */
import { fileURLToPath } from 'node:url';
import { createClient, type Client } from 'graphql-ws';
import WebSocket from 'ws';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningGateway } from '../../src/app.js';
import { AUTH_FAILURE_RULE } from '../../src/auth/failures.js';
import { readManifest } from '../../src/trusted-documents/manifest.js';
import { startGatewayOnSimulators } from '../helpers/gateway.js';
import { startJwtIssuer, type JwtIssuer } from '../helpers/jwt-issuer.js';
import { wsClient } from '../helpers/live.js';

const MANIFEST = fileURLToPath(new URL('../../examples/frontend/generated/persisted-documents.json', import.meta.url));
const [, TRUSTED] = [...readManifest(MANIFEST)].find(([, doc]) => doc.startsWith('query HyperNodeWithNodes('))!;
const FREE = '{ hyperClusters(first: 1) { nodes { id } } }';
const KEY = 'frontend-key-000000000000';

interface Answer {
  data?: Record<string, unknown> | null;
  errors?: Array<{ message: string; extensions?: Record<string, unknown> }>;
}

/** One operation over `client`: its result, or the errors graphql-ws reported for it (closeCode when the socket closed). */
function run(client: Client, query: string, variables?: Record<string, unknown>): Promise<Answer> {
  return new Promise((resolve) => {
    let answer: Answer = {};
    client.subscribe(
      { query, variables },
      {
        next: (value) => void (answer = value as Answer),
        error: (error) =>
          resolve(Array.isArray(error) ? { errors: error as Answer['errors'] } : { errors: [{ message: 'closed', extensions: { closeCode: (error as { code?: number }).code } }] }),
        complete: () => resolve(answer),
      },
    );
  });
}

function http(app: RunningGateway, token: string, query: string): Promise<Response> {
  return fetch(`${app.url}/graphql`, { method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` }, body: JSON.stringify({ query }) });
}

describe('operations over WebSocket meet the checks of HTTP requests', () => {
  let app: RunningGateway;
  let issuer: JwtIssuer;
  beforeAll(async () => {
    issuer = await startJwtIssuer();
    app = await startGatewayOnSimulators({
      GATEWAY_API_KEYS: `frontend=${KEY}:read`,
      GATEWAY_TRUSTED_DOCUMENTS: MANIFEST,
      GATEWAY_TRUSTED_DOCUMENTS_MODE: 'enforce',
      GATEWAY_RATE_LIMIT_PER_SECOND: '1',
      GATEWAY_RATE_LIMIT_BURST: '3',
      ...issuer.env,
    });
    // Its start-up probes of each region answered, so the calls counted below are the tests' own.
    for (let tries = 0; (await fetch(`${app.adminUrl}/readiness`)).status !== 200; tries++) {
      if (tries > 100) throw new Error('the gateway did not become ready');
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  });
  afterAll(async () => {
    await app.stop();
    await issuer.stop();
  });

  it('refuses a document outside the trusted-documents manifest, before any upstream call, and runs one of it', async () => {
    const client = wsClient(app.url, KEY);
    const calls = app.simulators!.alibaba.calls.total();
    const refused = await run(client, FREE);
    expect(refused.errors?.[0]?.extensions).toEqual({ code: 'TRUSTED_DOCUMENT_REQUIRED' });
    expect(app.simulators!.alibaba.calls.total()).toBe(calls);
    const trusted = await run(client, TRUSTED, { id: 'alibaba:cn-wulanchabu:hypernode:e01-cn-zvp2tgykr08' });
    expect(trusted.errors).toBeUndefined();
    expect(trusted.data).toHaveProperty('hyperNode');
    await client.dispose();
  });

  it("refuses variables nested deeper than any input allows, as HTTP does", async () => {
    const client = wsClient(app.url, KEY);
    let deep: unknown = 'leaf';
    for (let i = 0; i < 40; i++) deep = { x: deep };
    const refused = await run(client, TRUSTED, { id: deep });
    expect(refused.errors?.[0]?.message).toMatch(/nested more than \d+ levels deep/);
    expect(refused.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'variables' });
    await client.dispose();
  });

  it("takes each operation from the principal's rate limit, shared with its HTTP requests, and says when to retry", async () => {
    await new Promise((resolve) => setTimeout(resolve, 3_100)); // the bucket (burst 3, 1/s) is full again
    const client = wsClient(app.url, KEY);
    const answers = [];
    for (let i = 0; i < 3; i++) answers.push(await run(client, TRUSTED, { id: 'x' }));
    expect(answers.map((a) => a.errors?.[0]?.extensions?.code ?? null)).not.toContain('RATE_LIMITED');
    const limited = await run(client, TRUSTED, { id: 'x' });
    expect(limited.errors?.[0]?.extensions?.code).toBe('RATE_LIMITED');
    expect(limited.errors?.[0]?.extensions?.retryAfterMs).toBeGreaterThan(0);
    // HTTP status and headers mean nothing on a socket: they are not sent.
    expect(limited.errors?.[0]?.extensions).not.toHaveProperty('http');
    expect((await http(app, KEY, TRUSTED)).status).toBe(429);
    await client.dispose();
  });

  it('checks the token again for each operation: one whose JWT has expired is refused on the socket it opened', async () => {
    await new Promise((resolve) => setTimeout(resolve, 3_100));
    const token = await issuer.sign('expiring-user', 'read', { expiresIn: Math.floor(Date.now() / 1000) + 2 });
    // One socket for both operations (not lazy), as a long-lived client holds it.
    const client = createClient({ url: `${app.url.replace(/^http/, 'ws')}/graphql`, webSocketImpl: WebSocket, connectionParams: { authorization: `Bearer ${token}` }, retryAttempts: 0, lazy: false });
    let closes = 0;
    client.on('closed', () => void (closes += 1));
    expect((await run(client, TRUSTED, { id: 'x' })).errors?.[0]?.extensions?.code).not.toBe('UNAUTHENTICATED');
    await new Promise((resolve) => setTimeout(resolve, 2_500));
    const expired = await run(client, TRUSTED, { id: 'x' });
    expect(expired.errors?.[0]?.extensions).toEqual({ code: 'UNAUTHENTICATED' });
    expect(closes).toBe(0);
    await client.dispose();
  });

  it('counts failed WebSocket authentications against the address, so guessing there is throttled too', async () => {
    for (let i = 0; i < AUTH_FAILURE_RULE.burst; i++) {
      const guess = wsClient(app.url, `guess-${i}-000000000000000`);
      expect((await run(guess, TRUSTED, { id: 'x' })).errors?.[0]?.extensions).toMatchObject({ closeCode: 4403 });
      await guess.dispose();
    }
    // The address is out of attempts: even the right key is refused, over HTTP and over a WebSocket.
    expect((await http(app, KEY, TRUSTED)).status).toBe(429);
    const right = wsClient(app.url, KEY);
    expect((await run(right, TRUSTED, { id: 'x' })).errors?.[0]?.extensions).toMatchObject({ closeCode: 4403 });
    await right.dispose();
  });
});
