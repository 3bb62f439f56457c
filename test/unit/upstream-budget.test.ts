import { describe, expect, it } from 'vitest';
import type { Principal } from '../../src/auth/principal.js';
import { RateLimitedError } from '../../src/errors.js';
import { MemoryRateLimitStore } from '../../src/rate-limit/memory-store.js';
import type { RateLimitStore } from '../../src/rate-limit/store.js';
import { upstreamAdmission, upstreamBudgetLeft } from '../../src/rate-limit/upstream-budget.js';
import { capturedLog } from '../helpers/captured-log.js';

describe("a principal's upstream-call budget", () => {
  const principal = { kind: 'api-key', name: 'tools' } as Principal;
  const request = new Request('http://gateway.test/graphql');
  const rule = { burst: 2, perSecond: 1 };

  it('spends a call each time, refuses the call after the burst, and then refuses new requests whole (429)', async () => {
    const budget = { store: new MemoryRateLimitStore({ now: () => 0 }), rule, logger: capturedLog().logger };
    const spend = upstreamAdmission(budget, principal);
    const requestMayStart = upstreamBudgetLeft(budget, () => principal);
    await spend();
    await requestMayStart(request);
    await spend();
    await expect(spend()).rejects.toBeInstanceOf(RateLimitedError);
    await expect(requestMayStart(request)).rejects.toMatchObject({ extensions: { code: 'RATE_LIMITED', http: { status: 429, headers: { 'retry-after': '1' } } } });
  });

  it('lets calls and requests through when its store fails, and logs each', async () => {
    const log = capturedLog();
    const down: RateLimitStore = { take: () => Promise.reject(new Error('store unreachable')) };
    const budget = { store: down, rule, logger: log.logger };
    await expect(upstreamAdmission(budget, principal)()).resolves.toBeUndefined();
    await expect(upstreamBudgetLeft(budget, () => principal)(request)).resolves.toBeUndefined();
    expect(log.records().filter((line) => line['level'] === 50).map((line) => line['msg'])).toEqual(['rate-limit store failed; upstream call let through', 'rate-limit store failed; request let through']);
  });
});
