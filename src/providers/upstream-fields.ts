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

/** Whether `value` holds one of `sent` (the access key ID, the signature, the token of the request answered), or a long part of one. */
export function echoes(value: string, sent: readonly string[]): boolean {
  for (let i = 0; i < sent.length; i++) {
    const secret = sent[i]!;
    if (value.includes(secret) || (value.length >= MIN_ECHO && secret.includes(value))) return true;
  }
  return false;
}

/** `value` when it is a string matching `pattern` that echoes nothing the gateway signed with. */
export function plausibleField(value: unknown, pattern: RegExp, sent: readonly string[]): string | undefined {
  if (typeof value !== 'string' || !pattern.test(value) || echoes(value, sent)) return undefined;
  return value;
}

/** What of a request's credentials an answer must never repeat: the access key ID, the signature, the token. */
export function credentialsSent(accessKeyId: string, authorization: string, securityToken?: string): string[] {
  const signature = /Signature=([0-9A-Fa-f]+)/.exec(authorization)?.[1];
  return [accessKeyId, signature ?? authorization, securityToken ?? ''].filter((part) => part.length > 0);
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
