/**
 * Retries of idempotent upstream calls: on throttling, 5xx, resets and timeouts, with exponential backoff and full
 * jitter, at least as long as the cloud asked, within a budget per GraphQL request, and never past its deadline.
 */
import { setTimeout as sleep } from 'node:timers/promises';
import { UpstreamError } from '../errors.js';

/** Retries of idempotent reads: exponential backoff with full jitter, a budget per request, never past its deadline. */
export interface RetrySettings {
  /** Attempts of one call, the first included. */
  maxAttempts: number;
  baseDelayMs: number;
  maxDelayMs: number;
  /** Retries one GraphQL request may spend across all its calls. */
  budgetPerRequest: number;
}

/** Retries one GraphQL request may still spend, shared by all its upstream calls. */
export class RetryBudget {
  constructor(private remaining: number) {}

  /** Spends one retry; false when none is left. */
  take(): boolean {
    if (this.remaining <= 0) return false;
    this.remaining -= 1;
    return true;
  }

  get left(): number {
    return this.remaining;
  }
}

/** Failures that another attempt may cure. A circuit answering for a failing cloud is not one of them. */
export function isRetryable(error: unknown): error is UpstreamError {
  if (!(error instanceof UpstreamError) || error.upstream.failure === 'circuit_open' || error.upstream.failure === 'cancelled') {
    return false;
  }
  return error.code === 'UPSTREAM_THROTTLED' || error.code === 'UPSTREAM_UNAVAILABLE' || error.code === 'UPSTREAM_TIMEOUT';
}

/** Full jitter: a uniform wait in [0, min(max, base * 2^(retry-1))). `retry` counts from 1. */
export function backoffDelayMs(retry: number, settings: Pick<RetrySettings, 'baseDelayMs' | 'maxDelayMs'>, random = Math.random): number {
  const ceiling = Math.min(settings.maxDelayMs, settings.baseDelayMs * 2 ** (retry - 1));
  return Math.floor(random() * ceiling);
}

export interface RetryPlan {
  /** Whether the call may be repeated at all: reads yes, non-idempotent mutations never. */
  idempotent: boolean;
  settings: RetrySettings;
  budget?: RetryBudget | undefined;
  /** Epoch ms after which the request's answer is no longer wanted. */
  deadlineAt?: number | undefined;
  signal?: AbortSignal | undefined;
  onRetry?: (error: UpstreamError, retry: number, delayMs: number) => void;
  random?: () => number;
  now?: () => number;
}

/** Runs `attempt` until it succeeds or the plan allows no further try; the last failure is thrown. */
export async function withRetries<T>(attempt: () => Promise<T>, plan: RetryPlan): Promise<T> {
  for (let tries = 1; ; tries += 1) {
    try {
      return await attempt();
    } catch (error) {
      const delayMs = retryDelay(error, tries, plan);
      if (delayMs === null) throw error;
      plan.onRetry?.(error as UpstreamError, tries, delayMs);
      try {
        await sleep(delayMs, undefined, { signal: plan.signal });
      } catch {
        throw error; // the request went away while waiting
      }
    }
  }
}

/** The wait before the next attempt, or null when there is to be none. */
function retryDelay(error: unknown, tries: number, plan: RetryPlan): number | null {
  if (!plan.idempotent || !isRetryable(error) || tries >= plan.settings.maxAttempts || plan.signal?.aborted) return null;
  const jittered = backoffDelayMs(tries, plan.settings, plan.random);
  const delayMs = Math.max(jittered, error.upstream.retryAfterMs ?? 0);
  const now = (plan.now ?? Date.now)();
  if (plan.deadlineAt !== undefined && now + delayMs >= plan.deadlineAt) return null;
  if (plan.budget && !plan.budget.take()) return null;
  return delayMs;
}
