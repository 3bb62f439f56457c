/** How one GraphQL request calls a cloud: below the transport, which honours it, and the providers, which pass it on. */
import type { RetryBudget } from './retry.js';

export interface CallOptions {
  /** Fires when the request's deadline passes or its client goes away; every call made for it stops then. */
  signal: AbortSignal;
  /** Runs one upstream HTTP call within the request's concurrency bound for this cloud. */
  schedule?: <T>(call: () => Promise<T>) => Promise<T>;
  // Resilience: retries share the request's budget and never start past its deadline.
  /** Epoch ms of the request's deadline (when `signal` fires for it). */
  deadlineAt?: number;
  /** Retries the request may still spend; shared by all its calls to every cloud. */
  retries?: RetryBudget;
  /** The gateway's ID of the request, for logs. */
  requestId?: string;
  /** Spends one upstream call of the caller's budget before each attempt; throws RATE_LIMITED when none is left. */
  admit?: () => Promise<void>;
}
