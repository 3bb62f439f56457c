/**
 * The one HTTP transport every cloud client uses: a shared undici pool with connect, headers and body timeouts,
 * a per-call deadline joined with the GraphQL request's own, a cap on answer size, and undici failures turned
 * into coded upstream errors by `err.code`. `run` wraps each logical call of a client: retries (reads only),
 * the cloud region's circuit breaker and the request's concurrency bound; `send` is one HTTP exchange, measured
 * and traced.
 */
import { SpanKind, SpanStatusCode, context as otelContext, type Tracer } from '@opentelemetry/api';
import { Agent, errors as undiciErrors } from 'undici';
import { RateLimitedError, UpstreamError, providerLabel, type CallFailure, type UpstreamErrorDetails } from '../errors.js';
import type { Logger } from '../logger.js';
import type { Breakers } from './breaker.js';
import type { CallOptions } from './call-options.js';
import { InFlightReads, readKey } from './coalesce.js';
import { withRetries, type RetrySettings } from './retry.js';

export interface HttpTimeouts {
  /** Longest a TCP/TLS connect may take. */
  connectTimeoutMs: number;
  /** Longest one call may take from start to the last byte of its answer. */
  callTimeoutMs: number;
  /** The largest answer body one call may bring (4 MiB unless set); a larger one is UPSTREAM_ERROR. */
  maxAnswerBytes?: number;
}

export interface UpstreamRequest {
  url: URL;
  method: 'GET' | 'POST' | 'PUT' | 'DELETE';
  headers: Record<string, string>;
  body?: string;
  /** Fires when the GraphQL request's deadline passes or its client goes away. */
  signal?: AbortSignal;
  /** Who is called, for errors and metrics. */
  target: Pick<UpstreamErrorDetails, 'provider' | 'region' | 'operation'>;
}

export interface UpstreamResponse {
  status: number;
  headers: Record<string, string | undefined>;
  body: string;
}

export type UpstreamTarget = UpstreamRequest['target'];

/** One logical call of a client, which `run` may attempt more than once. */
export interface UpstreamCall {
  target: UpstreamTarget;
  /** Whether repeating the call is harmless. Reads are; a mutation that is not idempotent must say false. */
  idempotent: boolean;
  /**
   * A read's parameters as canonical text (unsigned): identical reads in flight at once share one call. Only reads
   * give one; a call without it is never shared.
   */
  readKey?: string;
}

/** One HTTP exchange as metrics and readiness see it. */
export interface UpstreamCallEvent {
  target: UpstreamTarget;
  /** The HTTP status, or how the call failed without one (`timeout`, `reset`, ...). */
  status: string;
  /** True for a 2xx answer. */
  answered: boolean;
  durationMs: number;
}

/** The long-lived machinery around the pool; each part is optional so a bare transport still works. */
export interface TransportHooks {
  /** Retries of idempotent calls; none without. */
  retry?: RetrySettings;
  breakers?: Breakers;
  tracer?: Tracer;
  logger?: Logger;
  onCall?(event: UpstreamCallEvent): void;
  onRetry?(target: UpstreamTarget, error: UpstreamError): void;
  /** Identical reads in flight share one call (on unless false). */
  coalesce?: boolean;
  /** The longest a shared read may take, retries included: it runs on no caller's deadline (the call timeout unless set). */
  sharedReadTimeoutMs?: number;
  /** A read that joined one already in flight instead of calling. */
  onCoalesced?(target: UpstreamTarget): void;
}

const DEFAULT_MAX_ANSWER_BYTES = 4 * 1024 * 1024;

const TIMEOUT_CODES = new Set(['UND_ERR_CONNECT_TIMEOUT', 'UND_ERR_HEADERS_TIMEOUT', 'UND_ERR_BODY_TIMEOUT', 'ETIMEDOUT']);
const UNAVAILABLE_CODES = new Set([
  'UND_ERR_SOCKET',
  'UND_ERR_CLOSED',
  'UND_ERR_DESTROYED',
  'ECONNREFUSED',
  'ECONNRESET',
  'EPIPE',
  'ENOTFOUND',
  'EAI_AGAIN',
  'EHOSTUNREACH',
  'ENETUNREACH',
]);

export class HttpTransport {
  private readonly agent: Agent;
  private readonly reads = new InFlightReads();

  constructor(
    private readonly timeouts: HttpTimeouts,
    private readonly hooks: TransportHooks = {},
  ) {
    this.agent = new Agent({
      connect: { timeout: timeouts.connectTimeoutMs },
      headersTimeout: timeouts.callTimeoutMs,
      bodyTimeout: timeouts.callTimeoutMs,
      keepAliveTimeout: 10_000,
      connections: 64,
      maxResponseSize: timeouts.maxAnswerBytes ?? DEFAULT_MAX_ANSWER_BYTES,
    });
  }

  /**
   * Runs one logical call: `attempt` signs and sends afresh each time (a nonce is used once) with the signal it is
   * given. A read is retried on throttling, 5xx, resets and timeouts within the request's budget and deadline; every
   * attempt passes the cloud region's breaker and the request's concurrency bound. A read with a `readKey` that is
   * already in flight waits for that call's answer instead.
   */
  async run<T>(call: UpstreamCall, options: CallOptions, attempt: (signal: AbortSignal) => Promise<T>): Promise<T> {
    if (call.readKey === undefined || !call.idempotent || this.hooks.coalesce === false) return this.runAlone(call, options, attempt);
    return this.runShared(call, call.readKey, options, attempt);
  }

  /**
   * A shared read belongs to no caller: it runs with its own signal and deadline (as a fleet walk does), so a caller
   * that leaves or runs out of time stops waiting without failing it for the others; it ends early only when every
   * caller has left. Each caller pays one call of its own upstream budget before it starts or joins, as it would
   * without sharing; retries are charged to the caller that started it (its retry and upstream budgets), and one its
   * upstream budget refuses is not made (the waiters get the failure instead).
   */
  private async runShared<T>(call: UpstreamCall, readKeyText: string, options: CallOptions, attempt: (signal: AbortSignal) => Promise<T>): Promise<T> {
    if (options.admit) await untilAborted(options.admit(), options.signal, call.target);
    const timeoutMs = this.hooks.sharedReadTimeoutMs ?? this.timeouts.callTimeoutMs;
    const shared = this.reads.share(readKey(call.target, readKeyText), timeoutMs, (signal) => {
      let paid = true;
      const own: CallOptions = {
        signal,
        deadlineAt: Date.now() + timeoutMs,
        // Retries come out of the starter's retry budget, as its upstream calls do.
        retries: options.retries,
        schedule: options.schedule,
        requestId: options.requestId,
        admit: async () => {
          if (paid) {
            paid = false;
            return;
          }
          await options.admit?.();
        },
      };
      return this.runAlone(call, own, attempt, true);
    });
    if (shared.joined) this.hooks.onCoalesced?.(call.target);
    try {
      return await untilAborted(shared.answer, options.signal, call.target);
    } finally {
      shared.leave();
    }
  }

  private async runAlone<T>(call: UpstreamCall, options: CallOptions, attempt: (signal: AbortSignal) => Promise<T>, shared = false): Promise<T> {
    const { breakers, retry } = this.hooks;
    const { signal } = options;
    const bounded = () => (options.schedule ? options.schedule(() => attempt(signal)) : attempt(signal));
    let lastFailure: UpstreamError | undefined;
    // Waiting for a slot of the request's bound or for a half-open probe ignores the signal: race it, so the deadline holds.
    // The caller's upstream budget is spent before the breaker, so a caller out of calls never counts against a cloud.
    const admitted = async () => {
      try {
        await options.admit?.();
      } catch (error) {
        // A shared read's retry refused by its starter's budget: the others get the failure that would have been retried.
        if (shared && lastFailure && error instanceof RateLimitedError) throw lastFailure;
        throw error;
      }
      return breakers ? breakers.run(call.target, bounded) : bounded();
    };
    const once = () => untilAborted(admitted(), options.signal, call.target);
    let tries = 1;
    try {
      if (!retry) return await once();
      return await withRetries(once, {
        idempotent: call.idempotent,
        settings: retry,
        budget: options.retries,
        deadlineAt: options.deadlineAt,
        signal: options.signal,
        onRetry: (error, retried, delayMs) => {
          tries = retried + 1;
          lastFailure = error;
          this.logFailure(error, options, { attempt: retried, retryInMs: delayMs });
          this.hooks.onRetry?.(call.target, error);
        },
      });
    } catch (error) {
      if (error instanceof UpstreamError) this.logFailure(error, options, { attempt: tries });
      throw error;
    }
  }

  /** Failures with the cloud's request ID, never a header or a body. A missing resource is routine, not a warning. */
  private logFailure(error: UpstreamError, options: CallOptions, extra: Record<string, number>): void {
    const { provider, region, operation, providerCode, requestId, status, failure, shapeIssues } = error.upstream;
    const fields = {
      provider,
      region,
      operation,
      code: error.code,
      providerCode,
      status,
      failure,
      upstreamRequestId: requestId,
      shapeIssues,
      requestId: options.requestId,
      ...extra,
    };
    if (error.code === 'NOT_FOUND') this.hooks.logger?.debug(fields, 'upstream: not found');
    else this.hooks.logger?.warn(fields, extra.retryInMs === undefined ? 'upstream call failed' : 'upstream call failed; retrying');
  }

  async send(request: UpstreamRequest): Promise<UpstreamResponse> {
    const { target } = request;
    const span = this.hooks.tracer?.startSpan(
      `${target.provider.toLowerCase()} ${target.operation ?? request.method}`,
      {
        kind: SpanKind.CLIENT,
        attributes: {
          'http.request.method': request.method,
          'server.address': request.url.hostname,
          'cloud.provider': target.provider.toLowerCase(),
          'cloud.region': target.region,
          'rpc.method': target.operation ?? '',
        },
      },
      otelContext.active(),
    );
    const startedAt = performance.now();
    const done = (status: string, answered: boolean) => {
      this.hooks.onCall?.({ target, status, answered, durationMs: performance.now() - startedAt });
      if (!span) return;
      if (/^\d+$/.test(status)) span.setAttribute('http.response.status_code', Number(status));
      else span.setAttribute('error.type', status);
      if (!answered) span.setStatus({ code: SpanStatusCode.ERROR });
      span.end();
    };
    try {
      const answer = await this.exchange(request);
      done(String(answer.status), answer.status >= 200 && answer.status < 300);
      return answer;
    } catch (error) {
      done((error instanceof UpstreamError && error.upstream.failure) || 'failed', false);
      throw error;
    }
  }

  private async exchange(request: UpstreamRequest): Promise<UpstreamResponse> {
    if (request.signal?.aborted) {
      // Never sent (the request's time ran out in a queue): not the cloud's doing, so not counted against it.
      const { target } = request;
      throw new UpstreamError('UPSTREAM_TIMEOUT', `${providerLabel(target.provider)} ${target.region} did not answer ${target.operation} in time.`, {
        ...target,
        failure: 'cancelled',
      });
    }
    // The pool's headers and body timeouts bound one call; the request's signal bounds it by the request's deadline.
    const { signal } = request;
    try {
      const answer = await this.agent.request({
        origin: request.url.origin,
        path: `${request.url.pathname}${request.url.search}`,
        method: request.method,
        headers: request.headers,
        body: request.body,
        signal,
      });
      const body = await answer.body.text();
      const headers: Record<string, string | undefined> = {};
      for (const [name, value] of Object.entries(answer.headers)) {
        headers[name] = Array.isArray(value) ? value.join(', ') : value;
      }
      return { status: answer.statusCode, headers, body };
    } catch (error) {
      throw transportError(error, request, signal);
    }
  }

  async close(): Promise<void> {
    this.reads.abortAll();
    await this.agent.close();
  }
}

/**
 * `work`, or a timeout error as soon as `signal` fires; `work` itself is left to settle unobserved. Whether it had been
 * sent by then is not known here, so neither is the outcome.
 */
function untilAborted<T>(work: Promise<T>, signal: AbortSignal, target: UpstreamTarget): Promise<T> {
  const timedOut = () =>
    new UpstreamError('UPSTREAM_TIMEOUT', `${providerLabel(target.provider)} ${target.region} did not answer ${target.operation} in time.`, {
      ...target,
      failure: isTimeoutReason(signal.reason) ? 'timeout' : 'cancelled',
      outcomeUnknown: true,
    });
  if (signal.aborted) {
    work.catch(() => undefined);
    return Promise.reject(timedOut());
  }
  return new Promise<T>((resolve, reject) => {
    const onAbort = () => reject(timedOut());
    signal.addEventListener('abort', onAbort, { once: true });
    work.then(resolve, reject).finally(() => signal.removeEventListener('abort', onAbort));
  });
}

const RESET_CODES = new Set(['UND_ERR_SOCKET', 'UND_ERR_CLOSED', 'ECONNRESET', 'EPIPE']);
/** Failures before the request could have reached the cloud: nothing was done there. */
const NOT_SENT_CODES = new Set(['UND_ERR_CONNECT_TIMEOUT', 'ECONNREFUSED', 'ENOTFOUND', 'EAI_AGAIN', 'EHOSTUNREACH', 'ENETUNREACH']);

function transportError(error: unknown, request: UpstreamRequest, signal: AbortSignal | undefined): UpstreamError {
  const where = `${providerLabel(request.target.provider)} ${request.target.region}`;
  const code = errorCode(error);
  // Anything but a failure to connect may come after the cloud received the request, and did what it asked.
  const failed = (failure: CallFailure) => ({ ...request.target, failure, outcomeUnknown: !NOT_SENT_CODES.has(code) });
  if (signal?.aborted || TIMEOUT_CODES.has(code) || code === 'UND_ERR_ABORTED' || code === 'ABORT_ERR') {
    // The request's client went away: not the cloud's fault, and nobody waits for the answer.
    const cancelled = request.signal?.aborted && !isTimeoutReason(request.signal.reason);
    return new UpstreamError(
      'UPSTREAM_TIMEOUT',
      `${where} did not answer ${request.target.operation} in time.`,
      failed(cancelled ? 'cancelled' : 'timeout'),
    );
  }
  if (UNAVAILABLE_CODES.has(code)) {
    return new UpstreamError(
      'UPSTREAM_UNAVAILABLE',
      `${where} could not be reached for ${request.target.operation}.`,
      failed(RESET_CODES.has(code) ? 'reset' : 'unreachable'),
    );
  }
  if (error instanceof undiciErrors.ResponseExceededMaxSizeError) {
    return new UpstreamError('UPSTREAM_ERROR', `${where} sent an oversized answer to ${request.target.operation}.`, failed('oversized'));
  }
  return new UpstreamError('UPSTREAM_UNAVAILABLE', `${where} failed during ${request.target.operation}.`, failed('failed'));
}

function isTimeoutReason(reason: unknown): boolean {
  return reason instanceof Error && reason.name === 'TimeoutError';
}

function errorCode(error: unknown): string {
  if (error && typeof error === 'object') {
    const withCode = error as { code?: unknown; cause?: { code?: unknown }; name?: unknown };
    if (typeof withCode.code === 'string') return withCode.code;
    if (typeof withCode.cause?.code === 'string') return withCode.cause.code;
    if (withCode.name === 'AbortError' || withCode.name === 'TimeoutError') return 'ABORT_ERR';
  }
  return '';
}
