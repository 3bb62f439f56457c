import { describe, expect, it } from 'vitest';
import type { RetrySettings } from '../../src/providers/retry.js';
import { UpstreamError, type ErrorCode, type UpstreamErrorDetails } from '../../src/errors.js';
import { RetryBudget, backoffDelayMs, isRetryable, withRetries } from '../../src/providers/retry.js';

const settings: RetrySettings = { maxAttempts: 3, baseDelayMs: 1, maxDelayMs: 4, budgetPerRequest: 10 };
const failure = (code: ErrorCode, extra: Partial<UpstreamErrorDetails> = {}) =>
  new UpstreamError(code, code, { provider: 'ALIBABA', region: 'cn-wulanchabu', operation: 'ListHyperNodes', ...extra });

/** An attempt that fails with `errors` in turn, then answers 'ok'; it counts its calls. */
function flaky(...errors: Error[]) {
  const attempt = async () => {
    attempt.calls += 1;
    const error = errors.shift();
    if (error) throw error;
    return 'ok';
  };
  attempt.calls = 0;
  return attempt;
}

describe('retries of upstream reads', () => {
  it('retries throttling, 5xx, resets and timeouts, and nothing else', () => {
    expect(isRetryable(failure('UPSTREAM_THROTTLED'))).toBe(true);
    expect(isRetryable(failure('UPSTREAM_UNAVAILABLE', { status: 503 }))).toBe(true);
    expect(isRetryable(failure('UPSTREAM_UNAVAILABLE', { failure: 'reset' }))).toBe(true);
    expect(isRetryable(failure('UPSTREAM_TIMEOUT', { failure: 'timeout' }))).toBe(true);
    expect(isRetryable(failure('UPSTREAM_TIMEOUT', { failure: 'cancelled' }))).toBe(false);
    expect(isRetryable(failure('UPSTREAM_UNAVAILABLE', { failure: 'circuit_open' }))).toBe(false);
    expect(isRetryable(failure('UPSTREAM_ERROR'))).toBe(false);
    expect(isRetryable(failure('UPSTREAM_AUTH'))).toBe(false);
    expect(isRetryable(failure('NOT_FOUND'))).toBe(false);
    expect(isRetryable(new Error('boom'))).toBe(false);
  });

  it('waits a full-jitter backoff: uniform below min(max, base * 2^(n-1))', () => {
    const wide = { baseDelayMs: 100, maxDelayMs: 1000 };
    expect(backoffDelayMs(1, wide, () => 0.999)).toBe(99);
    expect(backoffDelayMs(3, wide, () => 0.5)).toBe(200);
    expect(backoffDelayMs(10, wide, () => 0.999)).toBe(999);
    expect(backoffDelayMs(2, wide, () => 0)).toBe(0);
  });

  it('succeeds on a later attempt, and gives up after maxAttempts with the last failure', async () => {
    const recovers = flaky(failure('UPSTREAM_UNAVAILABLE'), failure('UPSTREAM_THROTTLED'));
    await expect(withRetries(recovers, { idempotent: true, settings })).resolves.toBe('ok');
    expect(recovers.calls).toBe(3);

    const last = failure('UPSTREAM_TIMEOUT', { failure: 'timeout' });
    const down = flaky(failure('UPSTREAM_UNAVAILABLE'), failure('UPSTREAM_UNAVAILABLE'), last, failure('UPSTREAM_UNAVAILABLE'));
    await expect(withRetries(down, { idempotent: true, settings })).rejects.toBe(last);
    expect(down.calls).toBe(3);
  });

  it('never retries a call that is not idempotent', async () => {
    const mutation = flaky(failure('UPSTREAM_UNAVAILABLE'));
    await expect(withRetries(mutation, { idempotent: false, settings })).rejects.toThrow();
    expect(mutation.calls).toBe(1);
  });

  it("waits at least what the cloud asked for", async () => {
    const retries: number[] = [];
    const throttled = flaky(failure('UPSTREAM_THROTTLED', { retryAfterMs: 60 }));
    const started = Date.now();
    await withRetries(throttled, { idempotent: true, settings, onRetry: (_e, _n, delayMs) => retries.push(delayMs) });
    expect(retries).toEqual([60]);
    expect(Date.now() - started).toBeGreaterThanOrEqual(55);
  });

  it('starts no retry whose wait would end past the deadline', async () => {
    const throttled = flaky(failure('UPSTREAM_THROTTLED', { retryAfterMs: 500 }));
    const started = Date.now();
    await expect(withRetries(throttled, { idempotent: true, settings, deadlineAt: Date.now() + 200 })).rejects.toMatchObject({
      code: 'UPSTREAM_THROTTLED',
    });
    expect(throttled.calls).toBe(1);
    expect(Date.now() - started).toBeLessThan(100);
  });

  it('shares one budget across the calls of a request, spent only on retries that happen', async () => {
    const budget = new RetryBudget(2);
    const first = flaky(failure('UPSTREAM_UNAVAILABLE'));
    const second = flaky(failure('UPSTREAM_UNAVAILABLE'), failure('UPSTREAM_UNAVAILABLE'));
    await withRetries(first, { idempotent: true, settings, budget });
    await expect(withRetries(second, { idempotent: true, settings, budget })).rejects.toMatchObject({ code: 'UPSTREAM_UNAVAILABLE' });
    expect([first.calls, second.calls, budget.left]).toEqual([2, 2, 0]);
    expect(budget.take()).toBe(false);
  });
});
