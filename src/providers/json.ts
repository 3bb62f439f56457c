/** Reading cloud answers that may not be JSON at all (a proxy's HTML page, a truncated body). */
import { providerLabel, UpstreamError, type UpstreamErrorDetails } from '../errors.js';
import type { UpstreamResponse } from './http.js';

/** The parsed body, or undefined when it is empty or not JSON. */
export function parseJsonBody(text: string): unknown {
  try {
    return text ? JSON.parse(text) : undefined;
  } catch {
    return undefined;
  }
}

export function isJsonObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

export interface AnswerReading {
  target: Pick<UpstreamErrorDetails, 'provider' | 'region' | 'operation'>;
  /** The header the cloud puts its request ID in. */
  requestIdHeader: string;
  /** Whether a 2xx may come without a body (a 204); it reads as undefined. */
  emptyOk?: boolean;
  /** The cloud's error answer (its JSON object, or null when there is none) as a coded error. */
  refusal(status: number, body: Record<string, unknown> | null): UpstreamError;
}

/** A 2xx answer's JSON object; a malformed one is UPSTREAM_ERROR, any other status the cloud's coded refusal. */
export function readJsonAnswer<T>(answer: UpstreamResponse, reading: AnswerReading): T {
  const json = parseJsonBody(answer.body);
  if (answer.status < 200 || answer.status >= 300) throw reading.refusal(answer.status, isJsonObject(json) ? json : null);
  if (reading.emptyOk && (answer.status === 204 || answer.body === '')) return undefined as T;
  if (!isJsonObject(json)) {
    const { target } = reading;
    throw new UpstreamError('UPSTREAM_ERROR', `${providerLabel(target.provider)} ${target.region} sent a malformed answer to ${target.operation}.`, {
      ...target,
      status: answer.status,
      requestId: answer.headers[reading.requestIdHeader],
    });
  }
  return json as T;
}
