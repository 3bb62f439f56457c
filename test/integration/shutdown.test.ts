/** SIGTERM: stop accepting, let requests in flight finish within the grace period, close the pools, exit 0. */
import type { ChildProcessWithoutNullStreams } from 'node:child_process';
import { once } from 'node:events';
import { setTimeout as sleep } from 'node:timers/promises';
import { afterAll, describe, expect, it } from 'vitest';
import { startApp } from '../../src/app.js';
import { loadConfig } from '../../src/config/index.js';
import { createLogger } from '../../src/logger.js';
import { readUntil, spawnGateway } from '../helpers/child.js';
import { SEED } from '../helpers/stack.js';

const KEY = 'shutdown-test-key-0123456789';
const HEADERS = { 'content-type': 'application/json', authorization: `Bearer ${KEY}` };
const SEED_QUERY = JSON.stringify({ query: `{ hyperNode(id: "${SEED.hyperNodeId}") { hostname } }` });

describe('graceful shutdown', () => {
  const children: ChildProcessWithoutNullStreams[] = [];
  afterAll(() => children.forEach((child) => child.kill('SIGKILL')));

  it('finishes a request in flight on SIGTERM, refuses new connections, and exits 0', async () => {
    const child = spawnGateway({ PORT: '0', HOST: '127.0.0.1', SIMULATOR_LATENCY_MS: '700', GATEWAY_API_KEYS: `test=${KEY}:read` });
    children.push(child);
    const [, url, adminUrl] = await readUntil(child, /GraphiQL at (http:\/\/\S+)\/graphql\n[\s\S]*admin: \/metrics and \/readiness at (http:\/\/\S+)\n/);

    const started = Date.now();
    const inFlight = fetch(`${url}/graphql`, { method: 'POST', headers: HEADERS, body: SEED_QUERY }).then(
      async (response) => ({ status: response.status, body: await response.json() }),
      (error: unknown) => error,
    );
    // In flight: the gateway holds it while the simulator takes 700 ms to answer (the scrape is the admin listener's).
    while (!/^gateway_requests_in_flight 1$/m.test(await (await fetch(`${adminUrl}/metrics`)).text())) await sleep(20);
    child.kill('SIGTERM');
    const exited = once(child, 'exit');

    expect(await inFlight).toEqual({ status: 200, body: { data: { hyperNode: { hostname: SEED.hostname } } } });
    expect(Date.now() - started).toBeGreaterThanOrEqual(700);
    await expect(fetch(`${url}/health`)).rejects.toThrow();
    const [code] = await exited;
    expect(code).toBe(0);
  });

  it('cuts requests still in flight when the grace period ends, and stops anyway', async () => {
    const config = loadConfig({
      PORT: '0',
      HOST: '127.0.0.1',
      SIMULATOR_LATENCY_MS: '5000',
      GATEWAY_SHUTDOWN_GRACE_MS: '100',
      GATEWAY_API_KEYS: `test=${KEY}:read`,
    });
    const app = await startApp(config, createLogger('silent'));
    const inFlight = fetch(`${app.url}/graphql`, { method: 'POST', headers: HEADERS, body: SEED_QUERY }).then(
      (response) => response.status,
      () => 'cut off',
    );
    await sleep(100);
    const stopping = Date.now();
    await app.stop();
    expect(Date.now() - stopping).toBeLessThan(1_000);
    expect(await inFlight).toBe('cut off');
  });
});
