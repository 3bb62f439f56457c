/**
 * Which fields of a cloud's error answer are passed on: only values that look like what the clouds send, and never
 * one that echoes what the gateway signed with. Messages are the gateway's own; they never embed upstream text.
 */

/** A cloud's error code: `Throttling.User`, `APIG.0308`, `ModelArts.6404`. */
export const PROVIDER_CODE = /^[A-Za-z0-9._-]{1,64}$/;
/** A cloud's request ID: a UUID or a hex string. */
export const REQUEST_ID = /^[A-Za-z0-9-]{1,64}$/;

/** Values this short are not worth hiding, and could collide with a legitimate code. */
const MIN_ECHO = 8;

/**
 * `value` when it is a string matching `pattern` that is not part of any of `sent` (the Authorization and token
 * headers of the request answered: an answer echoing them would pass on the access key ID or the signature).
 */
export function plausibleField(value: unknown, pattern: RegExp, sent: readonly string[]): string | undefined {
  if (typeof value !== 'string' || !pattern.test(value)) return undefined;
  if (value.length >= MIN_ECHO && sent.some((header) => header.includes(value))) return undefined;
  return value;
}

/** The cloud's code when it is plausible, else `HTTP<status>`. */
export function providerCodeOf(value: unknown, status: number, sent: readonly string[]): string {
  return plausibleField(value, PROVIDER_CODE, sent) ?? `HTTP${status}`;
}

/** The first plausible request ID of `candidates` (the body's, then the header's). */
export function requestIdOf(candidates: readonly unknown[], sent: readonly string[]): string | undefined {
  for (const candidate of candidates) {
    const id = plausibleField(candidate, REQUEST_ID, sent);
    if (id) return id;
  }
  return undefined;
}
