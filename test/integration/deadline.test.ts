/**
 * The request deadline holds while garbage is collected: an upstream that never answers yields UPSTREAM_TIMEOUT within
 * the deadline plus 200 ms, every time. (On Node 20, a deadline made of AbortSignal.any over AbortSignal.timeout was
 * lost at the first collection, and calls ran on through the pool's per-call timeout and a retry.)
 */
import { spawn } from 'node:child_process';
import { describe, expect, it, vi } from 'vitest';
import { loadConfig } from '../../src/config/index.js';
import type { CallOptions } from '../../src/providers/provider.js';
import { SEED, startStack } from '../helpers/stack.js';

const root = new URL('../../', import.meta.url);
const DEADLINE_MS = 1_000;

function runUnderGc(): Promise<Array<{ round: number; elapsedMs: number; code: string; deadlineFired: boolean }>> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--expose-gc', '--import', 'tsx', 'test/fixtures/deadline-under-gc.ts'], {
      cwd: root,
      env: { PATH: process.env.PATH ?? '', DEADLINE_MS: String(DEADLINE_MS) },
    });
    let out = '';
    let err = '';
    child.stdout.on('data', (chunk: Buffer) => (out += String(chunk)));
    child.stderr.on('data', (chunk: Buffer) => (err += String(chunk)));
    child.on('error', reject);
    child.on('exit', (code) => {
      if (code !== 0) reject(new Error(`the child exited with ${code}: ${err}`));
      else resolve(out.trim().split('\n').map((line) => JSON.parse(line)));
    });
  });
}

describe('the request deadline under garbage collection', () => {
  it('fires on time with forced full collections every 25 ms: UPSTREAM_TIMEOUT within the deadline plus 200 ms', async () => {
    const rounds = await runUnderGc();
    expect(rounds).toHaveLength(3);
    for (const round of rounds) {
      expect(round).toMatchObject({ code: 'UPSTREAM_TIMEOUT', deadlineFired: true });
      expect(round.elapsedMs).toBeLessThan(DEADLINE_MS + 200);
    }
  }, 60_000);
});

describe('the call timeout', () => {
  it('follows the deadline when only the deadline is set', () => {
    expect(loadConfig({ GATEWAY_REQUEST_TIMEOUT_MS: '3000' }).upstream).toMatchObject({ requestTimeoutMs: 3000, callTimeoutMs: 2400 });
    expect(loadConfig({}).upstream).toMatchObject({ requestTimeoutMs: 10_000, callTimeoutMs: 8_000 });
    expect(loadConfig({ GATEWAY_REQUEST_TIMEOUT_MS: '3000', GATEWAY_UPSTREAM_CALL_TIMEOUT_MS: '3000' }).upstream.callTimeoutMs).toBe(3000);
  });
});

describe('the request deadline ends with its response', () => {
  it('lets the deadline go once the result is done, rather than leaving its timer to fire later', async () => {
    const stack = await startStack();
    try {
      const alibaba = stack.runtime.providers.get('ALIBABA');
      const seen: CallOptions[] = [];
      const read = alibaba.getHyperCluster.bind(alibaba);
      // Passes through to the real provider and simulator; it only keeps the call options the request gave.
      vi.spyOn(alibaba, 'getHyperCluster').mockImplementation((region, nativeId, options) => {
        seen.push(options);
        return read(region, nativeId, options);
      });
      const answer = await stack.query<{ hyperCluster: { name: string } }>(`{ hyperCluster(id: "${SEED.clusterId}") { name } }`);
      expect(answer.data!.hyperCluster.name).toBeTypeOf('string');
      expect(seen).toHaveLength(1);
      expect(seen[0]!.signal.aborted).toBe(true);
      expect((seen[0]!.signal.reason as Error).name).toBe('AbortError');
    } finally {
      await stack.stop();
    }
  });
});
