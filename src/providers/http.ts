/**
 * The one HTTP transport every cloud client uses: a shared undici pool with connect, headers and body timeouts,
 * a per-call deadline joined with the GraphQL request's own, a cap on answer size, and undici failures turned
 * into coded upstream errors by `err.code`.
 */
import { Agent, errors as undiciErrors } from 'undici';
import { UpstreamError, providerLabel, type UpstreamErrorDetails } from '../errors.js';

export interface HttpTimeouts {
  /** Longest a TCP/TLS connect may take. */
  connectTimeoutMs: number;
  /** Longest one call may take from start to the last byte of its answer. */
  callTimeoutMs: number;
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

const MAX_ANSWER_BYTES = 32 * 1024 * 1024;

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

  constructor(private readonly timeouts: HttpTimeouts) {
    this.agent = new Agent({
      connect: { timeout: timeouts.connectTimeoutMs },
      headersTimeout: timeouts.callTimeoutMs,
      bodyTimeout: timeouts.callTimeoutMs,
      keepAliveTimeout: 10_000,
      connections: 64,
      maxResponseSize: MAX_ANSWER_BYTES,
    });
  }

  async send(request: UpstreamRequest): Promise<UpstreamResponse> {
    const callDeadline = AbortSignal.timeout(this.timeouts.callTimeoutMs);
    const signal = request.signal ? AbortSignal.any([request.signal, callDeadline]) : callDeadline;
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
    await this.agent.close();
  }
}

function transportError(error: unknown, request: UpstreamRequest, signal: AbortSignal): UpstreamError {
  const where = `${providerLabel(request.target.provider)} ${request.target.region}`;
  const code = errorCode(error);
  if (signal.aborted || TIMEOUT_CODES.has(code) || code === 'UND_ERR_ABORTED' || code === 'ABORT_ERR') {
    return new UpstreamError('UPSTREAM_TIMEOUT', `${where} did not answer ${request.target.operation} in time.`, {
      ...request.target,
    });
  }
  if (UNAVAILABLE_CODES.has(code)) {
    return new UpstreamError('UPSTREAM_UNAVAILABLE', `${where} could not be reached for ${request.target.operation}.`, {
      ...request.target,
    });
  }
  if (error instanceof undiciErrors.ResponseExceededMaxSizeError) {
    return new UpstreamError('UPSTREAM_ERROR', `${where} sent an oversized answer to ${request.target.operation}.`, {
      ...request.target,
    });
  }
  return new UpstreamError('UPSTREAM_UNAVAILABLE', `${where} failed during ${request.target.operation}.`, {
    ...request.target,
  });
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
