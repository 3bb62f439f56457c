/**
 * Reading cloud answers, which are untrusted input: they may not be JSON at all (a proxy's HTML page, a truncated
 * body), or JSON of the wrong shape. A 2xx answer is checked against its wire schema before anything maps it.
 */
import type { z } from 'zod';
import { providerLabel, UpstreamError, type UpstreamErrorDetails } from '../errors.js';
import type { UpstreamResponse } from './http.js';
import { echoes, requestIdOf } from './upstream-fields.js';

/**
 * Objects and arrays one answer may hold. A few MiB of `[{},{},...]` parse into millions of objects (hundreds of MB);
 * the largest real page (1024 dev servers) holds some tens of thousands.
 */
export const MAX_JSON_CONTAINERS = 200_000;

/**
 * Every container takes two characters at least (`{}`), so a text this short cannot hold more than the cap: a
 * typical page is not scanned twice.
 */
const UNCOUNTED_LENGTH = 2 * MAX_JSON_CONTAINERS;

/** The parsed body, or undefined when it is empty, not JSON, or holds more containers than any real answer. */
export function parseJsonBody(text: string): unknown {
  if (!text || (text.length > UNCOUNTED_LENGTH && containers(text) > MAX_JSON_CONTAINERS)) return undefined;
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

/** `{` and `[` in `text`, strings included: an upper bound of the containers it parses into. */
function containers(text: string): number {
  let found = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 123 || c === 91) found++;
  }
  return found;
}

export function isJsonObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

export interface AnswerReading<S extends z.ZodType> {
  target: Pick<UpstreamErrorDetails, 'provider' | 'region' | 'operation'>;
  /** The schema of a 2xx answer's body (the cloud's wire type). */
  schema: S;
  /** The header the cloud puts its request ID in. */
  requestIdHeader: string;
  /** What of the request's credentials an answer must not repeat (see credentialsSent); one that does is refused. */
  sent: readonly string[];
  /** Whether a 2xx may come without a body (a 204); it reads as undefined. */
  emptyOk?: boolean;
  /** The cloud's error answer (its JSON object, or null when there is none) as a coded error. */
  refusal(status: number, body: Record<string, unknown> | null): UpstreamError;
}

/** A 2xx answer's body as its schema reads it; a malformed one is UPSTREAM_ERROR, any other status the cloud's refusal. */
export function readJsonAnswer<S extends z.ZodType>(answer: UpstreamResponse, reading: AnswerReading<S>): z.output<S> {
  const json = parseJsonBody(answer.body);
  if (answer.status < 200 || answer.status >= 300) throw reading.refusal(answer.status, isJsonObject(json) ? json : null);
  const malformed = (what: string, shapeIssues?: string) => {
    const { target } = reading;
    return new UpstreamError('UPSTREAM_ERROR', `${providerLabel(target.provider)} ${target.region} sent ${what} to ${target.operation}.`, {
      ...target,
      status: answer.status,
      requestId: requestIdOf([answer.headers[reading.requestIdHeader]], reading.sent),
      // The cloud may have done what it was asked: a mutation answered so cannot tell whether it did.
      outcomeUnknown: true,
      shapeIssues,
    });
  };
  const empty = reading.emptyOk && (answer.status === 204 || answer.body === '');
  if (!empty && !isJsonObject(json)) throw malformed('a malformed answer');
  // An answer repeating the request's credentials would pass them on to the client: nothing of it is served.
  if (!empty && screenAnswer(json, reading.sent)) throw malformed("an answer repeating the request's credentials");
  const checked = reading.schema.safeParse(empty ? undefined : json);
  if (!checked.success) throw malformed('an answer of an unexpected shape', describeIssues(checked.error.issues));
  return checked.data;
}

/**
 * One walk over a parsed answer before its schema reads it: whether any string in it (keys included) echoes `sent`,
 * and every property whose value is null made absent (set to undefined), so the wire schemas read null as absent
 * without a step of their own per field (wire-schema.ts). Bounded by the answer's container cap.
 */
function screenAnswer(json: unknown, sent: readonly string[]): boolean {
  // Every string of a page is looked at: indexed loops and one stack, no entries arrays or spread copies per object.
  const pending: unknown[] = [json];
  while (pending.length > 0) {
    const value = pending.pop();
    if (typeof value === 'string') {
      if (echoes(value, sent)) return true;
    } else if (Array.isArray(value)) {
      for (let i = 0; i < value.length; i++) pending.push(value[i]);
    } else if (value && typeof value === 'object') {
      const object = value as Record<string, unknown>;
      for (const key in object) {
        if (!Object.hasOwn(object, key)) continue;
        if (echoes(key, sent)) return true;
        const field = object[key];
        if (field === null) object[key] = undefined;
        else pending.push(field);
      }
    }
  }
  return false;
}

/** The first few schema complaints, as `path: message` (the paths are the schema's keys and indices, never values). */
function describeIssues(issues: readonly z.core.$ZodIssue[]): string {
  const shown = issues.slice(0, 3).map((issue) => `${issue.path.map(String).join('.') || '(answer)'}: ${issue.message}`);
  return issues.length > 3 ? `${shown.join('; ')}; and ${issues.length - 3} more` : shown.join('; ');
}
