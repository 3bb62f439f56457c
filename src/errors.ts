/**
 * The few coded errors a client can see. Adapters throw these at the provider boundary; server.ts turns them
 * into GraphQL errors with `extensions`. Anything else is unexpected and left to yoga's masking.
 */
import type { ProviderName } from './model.js';

export type ErrorCode =
  | 'BAD_REQUEST'
  | 'BAD_USER_INPUT'
  | 'UNAUTHENTICATED'
  | 'FORBIDDEN'
  | 'NOT_FOUND'
  | 'CONFLICT'
  | 'RATE_LIMITED'
  | 'OPERATION_LIMIT_EXCEEDED'
  | 'SUBSCRIPTION_LIMIT_EXCEEDED'
  | 'CONFLICT'
  | 'UNSUPPORTED_BY_PROVIDER'
  | 'UPSTREAM_AUTH'
  | 'UPSTREAM_THROTTLED'
  | 'UPSTREAM_TIMEOUT'
  | 'UPSTREAM_UNAVAILABLE'
  | 'UPSTREAM_ERROR'
  /** A mutation retried with its clientToken whose first run got no answer, and whose effect the cloud does not show. */
  | 'OUTCOME_UNKNOWN'
  /** The shared store (Redis) the gateway needs for this cannot be reached; nothing was run. */
  | 'STORE_UNAVAILABLE';

export type ErrorDetails = Record<string, string | number | boolean | null | undefined>;

/** An error at `path` that leaves the data next to it intact (a failed cloud or region of a list). */
export interface PartialError {
  error: GatewayError;
  path: ReadonlyArray<string | number>;
}

export class GatewayError extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly details: ErrorDetails = {},
  ) {
    super(message);
    this.name = 'GatewayError';
  }

  /** What a client may see next to `code`; undefined details are dropped. */
  get extensions(): ErrorDetails {
    const out: ErrorDetails = { code: this.code };
    for (const [key, value] of Object.entries(this.details)) if (value !== undefined) out[key] = value;
    return out;
  }
}

/** Input a client can fix: `field` names the argument or input field at fault. */
export class BadUserInputError extends GatewayError {
  constructor(message: string, field?: string) {
    super('BAD_USER_INPUT', message, { field });
  }
}

/** No credentials, or credentials this gateway does not accept; the message never repeats them. */
export class UnauthenticatedError extends GatewayError {
  constructor(message = 'Send a valid token as `Authorization: Bearer <token>`.') {
    super('UNAUTHENTICATED', message);
  }
}

/** The caller is known but lacks `scope` for what it asked. */
export class ForbiddenError extends GatewayError {
  constructor(message: string, scope: string) {
    super('FORBIDDEN', message, { scope });
  }
}

/** The caller spent its request budget; `retryAfterMs` says when the next request may pass. */
export class RateLimitedError extends GatewayError {
  constructor(readonly retryAfterMs: number) {
    super('RATE_LIMITED', `Too many requests; retry in ${Math.ceil(retryAfterMs / 1000)} s.`, { retryAfterMs });
  }
}

/** An operation beyond one of the gateway's limits (`limit`: depth, aliases, directives, tokens, cost). */
export class OperationLimitError extends GatewayError {
  constructor(message: string, limit: string) {
    super('OPERATION_LIMIT_EXCEEDED', message, { limit });
  }
}

export interface UpstreamErrorDetails {
  provider: ProviderName;
  region: string;
  /** The cloud's own error code, e.g. `Throttling.User` or `APIG.0308`. */
  providerCode?: string;
  /** The cloud's request ID, for its support. */
  requestId?: string;
  /** The operation that failed, e.g. `DescribeHyperNode`. */
  operation?: string;
  /** HTTP status of the cloud's answer, when there was one. */
  status?: number;
  /** Milliseconds the cloud asked us to wait before trying again. */
  retryAfterMs?: number;
  /** How a call without an HTTP answer failed; for retries, breakers and metrics, never shown to clients. */
  failure?: CallFailure;
  /**
   * The cloud may have carried out the call although no usable answer came back (a timeout or reset after the request
   * was sent, an unreadable 2xx answer): a mutation failing so must not be run again blindly. Never shown to clients.
   */
  outcomeUnknown?: boolean;
  /** Where an answer failed its wire schema (paths and the schema's complaints, no values); for logs, never shown to clients. */
  shapeIssues?: string;
}

/** A call that got no usable HTTP answer: timed out, reset, unreachable, cancelled by its request, or never sent. */
export type CallFailure = 'timeout' | 'reset' | 'unreachable' | 'cancelled' | 'oversized' | 'circuit_open' | 'failed';

/** A cloud call that failed: `code` says how, the details say where, never with what credentials. */
export class UpstreamError extends GatewayError {
  readonly upstream: UpstreamErrorDetails;

  constructor(code: ErrorCode, message: string, upstream: UpstreamErrorDetails) {
    super(code, message, {
      provider: upstream.provider,
      region: upstream.region,
      providerCode: upstream.providerCode,
      requestId: upstream.requestId,
      operation: upstream.operation,
    });
    this.name = 'UpstreamError';
    this.upstream = upstream;
  }
}

/**
 * A list's continuation a provider cannot use: its cloud refused the page token, or it is not one the provider
 * wrote. Where the token came from decides whose fault that is: the pagination layer turns it into BAD_USER_INPUT on
 * `after` when it came from the caller's cursor; otherwise it stays the source's error.
 */
export class BadPageTokenError extends UpstreamError {
  constructor(message: string, upstream: UpstreamErrorDetails) {
    super('UPSTREAM_ERROR', message, upstream);
    this.name = 'BadPageTokenError';
  }
}

/** Whether `error` leaves open if the cloud did what was asked (sent, then no usable answer). */
export function isOutcomeUnknown(error: unknown): boolean {
  return error instanceof UpstreamError && error.upstream.outcomeUnknown === true;
}

export const providerLabel = (provider: ProviderName): string => (provider === 'ALIBABA' ? 'Alibaba Cloud' : 'Huawei Cloud');
