/**
 * JWTs signed by an identity provider: verified with jose against its JWKS (fetched, cached and refreshed by
 * jose), its issuer and audience; the principal is the `sub`, its scopes the known words of the `scope` claim.
 */
import { createRemoteJWKSet, errors, jwtVerify, type JWTPayload } from 'jose';
import { isScope, type Principal, type Scope } from './principal.js';

export interface JwtConfig {
  jwksUrl: URL;
  issuer: string;
  audience: string;
}

/** Asymmetric algorithms only: a JWKS publishes public keys, and `none` or HMAC would let a client sign. */
const ALGORITHMS = ['RS256', 'RS384', 'RS512', 'PS256', 'PS384', 'PS512', 'ES256', 'ES384', 'ES512', 'EdDSA', 'Ed25519'];

/** Three base64url parts: tells a JWT from an API key before any verification work. */
export const looksLikeJwt = (token: string): boolean => /^[\w-]+\.[\w-]+\.[\w-]+$/.test(token);

export type JwtVerdict = { principal: Principal } | { reason: string };

export function jwtVerifier(config: JwtConfig): (token: string) => Promise<JwtVerdict> {
  const keys = createRemoteJWKSet(config.jwksUrl, { timeoutDuration: 3_000 });
  return async (token) => {
    let payload: JWTPayload;
    try {
      ({ payload } = await jwtVerify(token, keys, {
        issuer: config.issuer,
        audience: config.audience,
        algorithms: ALGORITHMS,
        requiredClaims: ['sub', 'exp'],
      }));
    } catch (error) {
      // jose's codes (ERR_JWT_EXPIRED, ERR_JWKS_TIMEOUT, ...) say why without repeating the token.
      return { reason: error instanceof errors.JOSEError ? error.code : 'unverifiable' };
    }
    // jose checks that `sub` is there, not what it holds: an empty one would make every such token one principal.
    if (typeof payload.sub !== 'string' || payload.sub.trim() === '') return { reason: 'empty_sub' };
    return { principal: { name: payload.sub, kind: 'jwt', scopes: scopesOf(payload['scope']), expiresAt: payload.exp! * 1000 } };
  };
}

/** The `scope` claim: space-separated words (RFC 8693, RFC 9068), or a list of them; unknown words are ignored. */
function scopesOf(claim: unknown): ReadonlySet<Scope> {
  const words = typeof claim === 'string' ? claim.split(' ') : Array.isArray(claim) ? claim.filter((w) => typeof w === 'string') : [];
  return new Set(words.filter(isScope));
}
