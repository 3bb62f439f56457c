import { setTimeout as sleep } from 'node:timers/promises';
import { describe, expect, it } from 'vitest';
import { AuthFailures, clientAddress } from '../../src/auth/failures.js';
import { MemoryRateLimitStore } from '../../src/rate-limit/memory-store.js';
import { capturedLog } from '../helpers/captured-log.js';

describe('failed authentication per client address', () => {
  it('throttles an address after its burst of failures, not another, and lets it try again as the bucket refills', async () => {
    let now = 0;
    const store = new MemoryRateLimitStore({ now: () => now });
    const failures = new AuthFailures(store, capturedLog().logger, { burst: 3, perSecond: 1 });
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
    const log = capturedLog();
    const { logger } = log;
    const failures = new AuthFailures(new MemoryRateLimitStore(), logger, { burst: 3, perSecond: 0.001 }, 50);
    for (let i = 0; i < 8; i++) {
      const address = `203.0.113.${i % 2}`;
      if ((await failures.admits(address)).allowed) await failures.failed(address, i % 3 === 0 ? 'unknown token' : 'not a Bearer token');
    }
    expect(log.records().map((line) => line['msg'])).toEqual(['request refused: unauthenticated']);
    await sleep(150);
    expect(log.records()).toHaveLength(2);
    expect(log.records()[1]).toMatchObject({
      msg: 'requests refused: unauthenticated (more in this window)',
      failures: 5,
      throttled: 2,
      addresses: 2,
      reasons: { 'unknown token': 1, 'not a Bearer token': 4 },
      windowMs: 50,
    });
  });

  it('neither throttles nor throws when its store fails, and says so in the log', async () => {
    const log = capturedLog();
    const { logger } = log;
    const down = { take: () => Promise.reject(new Error('store unreachable')) };
    const failures = new AuthFailures(down, logger, { burst: 1, perSecond: 1 });
    await failures.failed('198.51.100.7', 'unknown token');
    expect(await failures.admits('198.51.100.7')).toEqual({ allowed: true });
    expect(log.records().filter((line) => line['level'] === 50).map((line) => line['msg'])).toEqual([
      'rate-limit store failed; authentication failure not counted',
      'rate-limit store failed; authentication not throttled',
    ]);
  });

  it('takes the address from the socket, and says so when there is none', () => {
    expect(clientAddress({ req: { socket: { remoteAddress: '::1' } } })).toBe('::1');
    expect(clientAddress({})).toBe('unknown');
    expect(clientAddress(undefined)).toBe('unknown');
  });

  it('reads X-Forwarded-For only behind trusted proxies, the entry the outermost one wrote', () => {
    const from = (forwarded: string | undefined, hops: number) =>
      clientAddress({ req: { socket: { remoteAddress: '10.0.0.9' }, headers: forwarded === undefined ? {} : { 'x-forwarded-for': forwarded } } }, hops);
    // No trusted proxy: the header is anyone's to write, and never read.
    expect(from('203.0.113.5', 0)).toBe('10.0.0.9');
    expect(from('203.0.113.5', 1)).toBe('203.0.113.5');
    // What the client wrote itself stands left of what the proxy appended.
    expect(from('198.51.100.1, 203.0.113.5', 1)).toBe('203.0.113.5');
    expect(from('198.51.100.1, 203.0.113.5, 10.0.0.7', 2)).toBe('203.0.113.5');
    expect(from('2001:db8::1', 1)).toBe('2001:db8::1');
    // Fewer entries than proxies: the leftmost; no header, or not an address there: the peer.
    expect(from('203.0.113.5', 3)).toBe('203.0.113.5');
    expect(from(undefined, 1)).toBe('10.0.0.9');
    expect(from('not-an-address', 1)).toBe('10.0.0.9');
    expect(from('', 1)).toBe('10.0.0.9');
  });
});
