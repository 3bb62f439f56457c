/** `Authorization: Bearer <token>` -> the principal: an API key, else a JWT, else a reason to refuse. */
import type { AuthConfig } from '../config/index.js';
import { apiKeyMatcher } from './api-keys.js';
import { jwtVerifier, looksLikeJwt } from './jwt.js';
import { ANONYMOUS, SCOPES, type Principal } from './principal.js';

/** The principal, or why there is none (for the log; never the token). */
export type Authentication = { principal: Principal } | { reason: string };

const BEARER = /^Bearer +(\S+) *$/i;
/** Longer than any key or JWT we issue; spares hashing whatever a client sends. */
const MAX_TOKEN_LENGTH = 8_192;

export function authenticator(auth: AuthConfig): (authorization: string | null) => Promise<Authentication> {
  if (auth.mode === 'none') return async () => ({ principal: ANONYMOUS });
  const keys = auth.devKey ? [...auth.apiKeys, { name: 'dev', key: auth.devKey, scopes: new Set(SCOPES) }] : auth.apiKeys;
  const matchApiKey = apiKeyMatcher(keys);
  const verifyJwt = auth.jwt && jwtVerifier(auth.jwt);
  return async (authorization) => {
    if (!authorization) return { reason: 'no Authorization header' };
    const token = BEARER.exec(authorization)?.[1];
    if (!token || token.length > MAX_TOKEN_LENGTH) return { reason: 'not a Bearer token' };
    const principal = matchApiKey(token);
    if (principal) return { principal };
    if (verifyJwt && looksLikeJwt(token)) return verifyJwt(token);
    return { reason: 'unknown token' };
  };
}
