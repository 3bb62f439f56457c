/**
 * API keys: `GATEWAY_API_KEYS` is a comma list of `name=key:scope+scope`. A presented token is compared with
 * every key in constant time, so neither timing nor the order of keys tells how close a guess came.
 */
import { createHash, timingSafeEqual } from 'node:crypto';
import { isScope, SCOPES, type Principal, type Scope } from './principal.js';

export interface ApiKey {
  name: string;
  key: string;
  scopes: ReadonlySet<Scope>;
}

const NAME = /^[A-Za-z0-9_.-]{1,64}$/;
const KEY = /^[\x21-\x7e]+$/;
/** Shorter keys can be guessed; a random 16-character key is beyond any guessing the auth throttle allows. */
export const MIN_KEY_LENGTH = 16;

/** Parses `name=key:scope+scope,...`. Problems name the entry by position and name, never by its key. */
export function parseApiKeys(text: string): { keys: ApiKey[]; problems: string[] } {
  const keys: ApiKey[] = [];
  const problems: string[] = [];
  text.split(',').forEach((raw, index) => {
    const entry = raw.trim();
    const at = `entry ${index + 1}`;
    const eq = entry.indexOf('=');
    const colon = entry.lastIndexOf(':');
    if (eq <= 0 || colon < eq + 2) {
      problems.push(`${at} is not name=key:scope+scope`);
      return;
    }
    const name = entry.slice(0, eq);
    const key = entry.slice(eq + 1, colon);
    const scopes = entry.slice(colon + 1).split('+').filter(Boolean);
    if (!NAME.test(name)) problems.push(`${at}: the name must be 1 to 64 letters, digits, "_", "." or "-"`);
    else if (!KEY.test(key)) problems.push(`${at} (${name}): the key must be printable ASCII without spaces`);
    else if (key.length < MIN_KEY_LENGTH) problems.push(`${at} (${name}): the key must be at least ${MIN_KEY_LENGTH} characters`);
    else if (scopes.length === 0) problems.push(`${at} (${name}): needs at least one scope of ${SCOPES.join(', ')}`);
    else if (!scopes.every(isScope)) {
      problems.push(`${at} (${name}): unknown scope "${scopes.find((s) => !isScope(s))}"; scopes are ${SCOPES.join(', ')}`);
    } else if (keys.some((k) => k.name === name)) problems.push(`${at}: the name ${name} is used twice`);
    else if (keys.some((k) => k.key === key)) problems.push(`${at} (${name}): the same key as ${keys.find((k) => k.key === key)!.name}`);
    else keys.push({ name, key, scopes: new Set(scopes as Scope[]) });
  });
  return { keys, problems };
}

const digest = (text: string) => createHash('sha256').update(text).digest();

/** The principal of the key `token` equals, or null. Compares against every key, whatever matched. */
export function apiKeyMatcher(keys: readonly ApiKey[]): (token: string) => Principal | null {
  const known = keys.map((key) => ({ key, digest: digest(key.key) }));
  return (token) => {
    const presented = digest(token);
    let match: ApiKey | null = null;
    for (const { key, digest: expected } of known) {
      if (timingSafeEqual(presented, expected) && match === null) match = key;
    }
    return match && { name: match.name, kind: 'api-key', scopes: match.scopes };
  };
}
