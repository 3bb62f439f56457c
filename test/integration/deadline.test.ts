/**
 * The request deadline holds while garbage is collected: an upstream that never answers yields UPSTREAM_TIMEOUT within
 * the deadline plus 200 ms, every time. (On Node 20, a deadline made of AbortSignal.any over AbortSignal.timeout was
 * lost at the first collection, and the call ran on through the pool's timeout and a retry.)
 */
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config.js';
import { startHostileServer, type HostileServer } from '../helpers/hostile-server.js';
import { SEED, startStack, type Stack } from '../helpers/stack.js';

setFlagsFromString('--expose-gc');
const gc = runInNewContext('gc') as () => void;

const DEADLINE_MS = 1_000;

describe('the request deadline under garbage collection', () => {
  let silent: HostileServer;
  let stack: Stack;
  beforeAll(async () => {
    silent = await startHostileServer(() => undefined);
    stack = await startStack({ env: { GATEWAY_REQUEST_TIMEOUT_MS: String(DEADLINE_MS), ALIBABA_EFLO_ENDPOINT: silent.url } });
  });
  afterAll(async () => {
    await stack.stop();
    await silent.close();
  });

  it('answers UPSTREAM_TIMEOUT within the deadline plus 200 ms while collections run', async () => {
    for (let round = 0; round < 3; round++) {
      const collecting = setInterval(gc, 50);
      const started = performance.now();
      try {
        const answer = await stack.query(`{ hyperNode(id: "${SEED.hyperNodeId}") { hostname } }`);
        const elapsed = performance.now() - started;
        expect(answer.errors?.[0]?.extensions?.code).toBe('UPSTREAM_TIMEOUT');
        expect(elapsed).toBeLessThan(DEADLINE_MS + 200);
      } finally {
        clearInterval(collecting);
      }
    }
    expect(silent.received).toBeGreaterThan(0);
  });
});

describe('the call timeout', () => {
  it('follows the deadline when only the deadline is set', () => {
    expect(loadConfig({ GATEWAY_REQUEST_TIMEOUT_MS: '3000' }).upstream).toMatchObject({ requestTimeoutMs: 3000, callTimeoutMs: 2400 });
    expect(loadConfig({}).upstream).toMatchObject({ requestTimeoutMs: 10_000, callTimeoutMs: 8_000 });
    expect(loadConfig({ GATEWAY_REQUEST_TIMEOUT_MS: '3000', GATEWAY_UPSTREAM_CALL_TIMEOUT_MS: '3000' }).upstream.callTimeoutMs).toBe(3000);
  });
});
