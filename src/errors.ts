/**
 * The few coded errors a client can see. Adapters throw these at the provider boundary; server.ts turns them
 * into GraphQL errors with `extensions`. Anything else is unexpected and left to yoga's masking.
 */
import type { Provider } from './model.js';

export type ErrorCode =
  | 'BAD_USER_INPUT'
  | 'UNAUTHENTICATED'
  | 'FORBIDDEN'
  | 'NOT_FOUND'
  | 'RATE_LIMITED'
  | 'UNSUPPORTED_BY_PROVIDER'
  | 'UPSTREAM_AUTH'
  | 'UPSTREAM_THROTTLED'
  | 'UPSTREAM_TIMEOUT'
  | 'UPSTREAM_UNAVAILABLE'
  | 'UPSTREAM_ERROR';

export type ErrorDetails = Record<string, string | number | boolean | null | undefined>;

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

export interface UpstreamErrorDetails {
  provider: Provider;
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

export const providerLabel = (provider: Provider): string => (provider === 'ALIBABA' ? 'Alibaba Cloud' : 'Huawei Cloud');
