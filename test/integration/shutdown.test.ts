/** SIGTERM: stop accepting, let requests in flight finish within the grace period, close the pools, exit 0. */
import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { once } from 'node:events';
import { setTimeout as sleep } from 'node:timers/promises';
import { afterAll, describe, expect, it } from 'vitest';
import { startApp } from '../../src/app.js';
import { loadConfig } from '../../src/config.js';
import { createLogger } from '../../src/logger.js';
import { SEED } from '../helpers/stack.js';

const root = new URL('../../', import.meta.url);
const SEED_QUERY = JSON.stringify({ query: `{ hyperNode(id: "${SEED.hyperNodeId}") { hostname } }` });

/** Reads stdout until `pattern` shows, and keeps draining it: a closed pipe would kill the child with EPIPE on its next line. */
function readUntil(child: ChildProcessWithoutNullStreams, pattern: RegExp): Promise<RegExpExecArray> {
  return new Promise((resolve, reject) => {
    let text = '';
    child.stdout.on('data', (chunk) => {
      text += String(chunk);
      const match = pattern.exec(text);
      if (match) resolve(match);
    });
    child.once('exit', () => reject(new Error(`the gateway exited before printing ${pattern}: ${text}`)));
  });
}

describe('graceful shutdown', () => {
  const children: ChildProcessWithoutNullStreams[] = [];
  afterAll(() => children.forEach((child) => child.kill('SIGKILL')));

  it('finishes a request in flight on SIGTERM, refuses new connections, and exits 0', async () => {
    const child = spawn(process.execPath, ['--import', 'tsx', 'src/main.ts'], {
      cwd: root,
      env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', LOG_LEVEL: 'warn', PORT: '0', HOST: '127.0.0.1', SIMULATOR_LATENCY_MS: '700' },
    });
    children.push(child);
    const [, url] = await readUntil(child, /GraphiQL at (http:\/\/\S+)\/graphql/);

    const started = Date.now();
    const inFlight = fetch(`${url}/graphql`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: SEED_QUERY }).then(
      async (response) => ({ status: response.status, body: await response.json() }),
      (error: unknown) => error,
    );
    // In flight: the gateway holds it (and this scrape) while the simulator takes 700 ms to answer.
    while (!/^gateway_requests_in_flight 2$/m.test(await (await fetch(`${url}/metrics`)).text())) await sleep(20);
    child.kill('SIGTERM');
    const exited = once(child, 'exit');

    expect(await inFlight).toEqual({ status: 200, body: { data: { hyperNode: { hostname: SEED.hostname } } } });
    expect(Date.now() - started).toBeGreaterThanOrEqual(700);
    await expect(fetch(`${url}/health`)).rejects.toThrow();
    const [code] = await exited;
    expect(code).toBe(0);
  });

  it('cuts requests still in flight when the grace period ends, and stops anyway', async () => {
    const config = loadConfig({ PORT: '0', HOST: '127.0.0.1', SIMULATOR_LATENCY_MS: '5000', GATEWAY_SHUTDOWN_GRACE_MS: '100' });
    const app = await startApp(config, createLogger('silent'));
    const inFlight = fetch(`${app.url}/graphql`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: SEED_QUERY }).then(
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
