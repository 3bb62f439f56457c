import { Writable } from 'node:stream';
import { setTimeout as sleep } from 'node:timers/promises';
import { describe, expect, it } from 'vitest';
import { AuthFailures, clientAddress } from '../../src/auth/failures.js';
import { createLogger } from '../../src/logger.js';
import { MemoryRateLimitStore } from '../../src/rate-limit/memory-store.js';

describe('failed authentication per client address', () => {
  const logged = () => {
    const lines: Array<Record<string, unknown>> = [];
    const logger = createLogger('info', new Writable({ write: (chunk, _, done) => (lines.push(JSON.parse(String(chunk))), done()) }));
    return { lines, logger };
  };

  it('throttles an address after its burst of failures, not another, and lets it try again as the bucket refills', async () => {
    let now = 0;
    const store = new MemoryRateLimitStore({ now: () => now });
    const failures = new AuthFailures(store, logged().logger, { burst: 3, perSecond: 1 });
    for (let i = 0; i < 3; i++) {
      expect((await failures.admits('198.51.100.7')).allowed).toBe(true);
      await failures.failed('198.51.100.7', 'unknown token');
    }
    expect(await failures.admits('198.51.100.7')).toEqual({ allowed: false, retryAfterMs: 1000 });
    expect((await failures.admits('198.51.100.8')).allowed).toBe(true);
    now = 1000;
    expect((await failures.admits('198.51.100.7')).allowed).toBe(true);
  });

  it('logs the first failure of a window at once and the rest in one summary at its end', async () => {
    const { lines, logger } = logged();
    const failures = new AuthFailures(new MemoryRateLimitStore(), logger, { burst: 3, perSecond: 0.001 }, 50);
    for (let i = 0; i < 8; i++) {
      const address = `203.0.113.${i % 2}`;
      if ((await failures.admits(address)).allowed) await failures.failed(address, i % 3 === 0 ? 'unknown token' : 'not a Bearer token');
    }
    expect(lines.map((line) => line['msg'])).toEqual(['request refused: unauthenticated']);
    await sleep(150);
    expect(lines).toHaveLength(2);
    expect(lines[1]).toMatchObject({
      msg: 'requests refused: unauthenticated (more in this window)',
      failures: 5,
      throttled: 2,
      addresses: 2,
      reasons: { 'unknown token': 1, 'not a Bearer token': 4 },
      windowMs: 50,
    });
  });

  it('takes the address from the socket, and says so when there is none', () => {
    expect(clientAddress({ req: { socket: { remoteAddress: '::1' } } })).toBe('::1');
    expect(clientAddress({})).toBe('unknown');
    expect(clientAddress(undefined)).toBe('unknown');
  });
});
