/**
 * The HTTP surface: CORS only for listed origins and never with credentials, answers that are not sniffed or
 * cached, failed authentication throttled per address and logged in aggregate, /metrics and /readiness on a
 * loopback admin listener only, and a public server with timeouts and a connection cap.
 */
import { connect, createServer, type AddressInfo } from 'node:net';
import { once } from 'node:events';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startApp, type RunningGateway } from '../../src/app.js';
import { loadConfig } from '../../src/config/index.js';
import { createLogger } from '../../src/logger.js';
import { spawnGateway } from '../helpers/child.js';
import { startStack, STACK_TOKEN, type Stack } from '../helpers/stack.js';
import { capturedLog } from '../helpers/captured-log.js';

const QUERY = JSON.stringify({ query: '{ __typename }' });

describe('CORS', () => {
  let closed: Stack;
  let listed: Stack;
  beforeAll(async () => {
    [closed, listed] = await Promise.all([startStack(), startStack({ env: { GATEWAY_CORS_ORIGINS: 'https://console.example.com' } })]);
  });
  afterAll(() => Promise.all([closed.stop(), listed.stop()]));

  const ask = (stack: Stack, origin: string, method = 'POST') =>
    stack.yoga.fetch('http://gateway/graphql', {
      method,
      headers: {
        origin,
        'content-type': 'application/json',
        authorization: `Bearer ${STACK_TOKEN}`,
        ...(method === 'OPTIONS' && { 'access-control-request-method': 'POST', 'access-control-request-headers': 'authorization, content-type' }),
      },
      ...(method === 'POST' && { body: QUERY }),
    });

  it('answers no origin with CORS headers by default, preflight included', async () => {
    for (const method of ['POST', 'OPTIONS']) {
      const response = await ask(closed, 'https://evil.example', method);
      expect(response.headers.get('access-control-allow-origin')).toBeNull();
      expect(response.headers.get('access-control-allow-credentials')).toBeNull();
    }
  });

  it('allows a listed origin, as itself and without credentials, and no other', async () => {
    for (const method of ['POST', 'OPTIONS']) {
      const allowed = await ask(listed, 'https://console.example.com', method);
      expect(allowed.headers.get('access-control-allow-origin')).toBe('https://console.example.com');
      expect(allowed.headers.get('access-control-allow-credentials')).toBeNull();
      const other = await ask(listed, 'https://evil.example', method);
      expect(other.headers.get('access-control-allow-origin')).toBeNull();
      expect(other.headers.get('access-control-allow-credentials')).toBeNull();
    }
  });
});

describe('answers', () => {
  let stack: Stack;
  beforeAll(async () => {
    stack = await startStack();
  });
  afterAll(() => stack.stop());

  it('carry nosniff and no-store, refusals and the health check included', async () => {
    const answers = [
      await stack.yoga.fetch('http://gateway/graphql', { method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${STACK_TOKEN}` }, body: QUERY }),
      await stack.yoga.fetch('http://gateway/graphql', { method: 'POST', headers: { 'content-type': 'application/json' }, body: QUERY }),
      await stack.get('/health'),
    ];
    expect(answers.map((r) => r.status)).toEqual([200, 401, 200]);
    for (const response of answers) {
      expect(response.headers.get('x-content-type-options')).toBe('nosniff');
      expect(response.headers.get('cache-control')).toBe('no-store');
    }
  });
});

describe('failed authentication', () => {
  it('is throttled per client address after 20 failures (429, with when to retry), and logged in aggregate', async () => {
    const { lines, logger } = capturedLog('info');
    const stack = await startStack({ logger });
    try {
      const statuses: number[] = [];
      for (let i = 0; i < 30; i++) statuses.push((await stack.queryAs(`guess-${i}-0123456789abcdef`, '{ __typename }')).status);
      expect(statuses).toEqual([...Array(20).fill(401), ...Array(10).fill(429)]);
      // Throttled, the address is refused before its token is looked at: a right key is no way around it.
      const right = await stack.queryAs(STACK_TOKEN, '{ __typename }');
      expect(right.status).toBe(429);
      expect(right.errors?.[0]?.extensions).toMatchObject({ code: 'RATE_LIMITED', retryAfterMs: expect.any(Number) });
      expect(Number(right.headers.get('retry-after'))).toBeGreaterThan(0);
      // One line as the first failure happens; the rest wait for the window's summary (10 s, or a few on a slow run).
      const refusals = lines.filter((line) => /request(s)? refused/.test(line));
      expect(refusals.length).toBeGreaterThanOrEqual(1);
      expect(refusals.length).toBeLessThanOrEqual(3);
      expect(JSON.parse(refusals[0]!)).toMatchObject({ level: 40, reason: 'unknown token', msg: 'request refused: unauthenticated' });
      expect(lines.join('')).not.toContain('guess-');
    } finally {
      await stack.stop();
    }
  });
});

describe('the listeners', () => {
  let app: RunningGateway;
  beforeAll(async () => {
    app = await startApp(
      loadConfig({ PORT: '0', HOST: '127.0.0.1', LOG_LEVEL: 'silent', GATEWAY_MAX_CONNECTIONS: '2', GATEWAY_API_KEYS: `test=${STACK_TOKEN}:read` }),
      createLogger('silent'),
    );
  });
  afterAll(() => app.stop());

  it('serve /metrics and /readiness on the admin listener, on loopback, and not on the public port', async () => {
    expect(new URL(app.adminUrl).hostname).toBe('127.0.0.1');
    expect(app.adminUrl).not.toBe(app.url);
    for (const path of ['/metrics', '/readiness']) {
      expect((await fetch(`${app.url}${path}`)).status).toBe(404);
    }
    const metrics = await fetch(`${app.adminUrl}/metrics`);
    expect(metrics.status).toBe(200);
    expect(await metrics.text()).toContain('gateway_requests_in_flight');
    expect([200, 503]).toContain((await fetch(`${app.adminUrl}/readiness`)).status);
    expect((await fetch(`${app.adminUrl}/graphql`, { method: 'POST', body: QUERY })).status).toBe(405);
  });

  it('bound slow clients: headers, request and keep-alive timeouts on the public server', () => {
    expect(app.server.headersTimeout).toBe(10_000);
    expect(app.server.requestTimeout).toBe(30_000);
    expect(app.server.keepAliveTimeout).toBe(5_000);
  });

  it('closes connections beyond GATEWAY_MAX_CONNECTIONS as they arrive', async () => {
    const { port } = new URL(app.url);
    const open = async () => {
      const socket = connect(Number(port), '127.0.0.1');
      await once(socket, 'connect');
      return socket;
    };
    const held = [await open(), await open()];
    try {
      const extra = await open();
      const closedAt = once(extra, 'close');
      extra.write('GET /health HTTP/1.1\r\nhost: x\r\n\r\n');
      await closedAt;
      expect(extra.bytesRead).toBe(0);
    } finally {
      held.forEach((socket) => socket.destroy());
    }
  });
});

describe('simulated mode with a development key', () => {
  it('listens on loopback unless HOST says otherwise (the GraphiQL page carries the key)', async () => {
    const app = await startApp(loadConfig({ PORT: '0', LOG_LEVEL: 'silent' }), createLogger('silent'));
    try {
      expect(app.config.auth.devKey).not.toBeNull();
      expect(app.server.address()).toMatchObject({ address: '127.0.0.1' });
    } finally {
      await app.stop();
    }
  });
});

describe('an admin port in use', () => {
  it('stops start-up with one line naming GATEWAY_ADMIN_PORT, and exit code 1', async () => {
    const taken = createServer();
    await new Promise<void>((resolve) => taken.listen(0, '127.0.0.1', resolve));
    try {
      const { port } = taken.address() as AddressInfo;
      const child = spawnGateway({ PORT: '0', GATEWAY_ADMIN_PORT: String(port), GATEWAY_API_KEYS: `test=${STACK_TOKEN}:read` });
      let stderr = '';
      child.stderr.on('data', (chunk) => (stderr += String(chunk)));
      const [code] = await once(child, 'exit');
      expect(code).toBe(1);
      expect(stderr.trim().split('\n')).toEqual([`hypernode-gateway: port ${port} on 127.0.0.1 is in use by another program; set GATEWAY_ADMIN_PORT (or GATEWAY_ADMIN_HOST) to another one`]);
    } finally {
      taken.close();
    }
  });
});
