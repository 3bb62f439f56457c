/**
 * Authentication before anything else: a request without a valid token is answered 401 before its body is read,
 * so it is never parsed, executed or sent upstream. The principal found is kept for the context and rate limits.
 * An address that failed too often is refused (429) before its token is looked at (failures.ts).
 */
import type { Plugin } from 'graphql-yoga';
import type { AuthConfig } from '../config/index.js';
import { RateLimitedError, UnauthenticatedError } from '../errors.js';
import { refusal } from '../errors-graphql.js';
import type { Logger } from '../logger.js';
import type { RateLimitStore } from '../rate-limit/store.js';
import { authenticator } from './authenticate.js';
import { AuthFailures, clientAddress } from './failures.js';
import { NOBODY, type Principal } from './principal.js';

export interface Authentication {
  plugin: Plugin;
  /** The principal of an authenticated request; NOBODY (no scopes) for any other. */
  principalOf(request: Request | undefined): Principal;
  /** Checks an `Authorization` value; for transports that are not HTTP requests (WebSocket). */
  authenticate(authorization: string | null): ReturnType<ReturnType<typeof authenticator>>;
  /** Makes `principal` the one of `request` (a request built for a WebSocket operation). */
  bind(request: Request, principal: Principal): void;
}

export function createAuthentication(auth: AuthConfig, logger: Logger, store: RateLimitStore): Authentication {
  const authenticate = authenticator(auth);
  const principals = new WeakMap<Request, Principal>();
  const failures = new AuthFailures(store, logger);
  return {
    plugin: {
      async onRequestParse({ request, serverContext }) {
        const address = clientAddress(serverContext);
        const admitted = auth.mode === 'none' ? { allowed: true as const } : await failures.admits(address);
        if (!admitted.allowed) {
          const retryAfter = String(Math.ceil(admitted.retryAfterMs / 1000));
          throw refusal(new RateLimitedError(admitted.retryAfterMs), { status: 429, headers: { 'retry-after': retryAfter } });
        }
        const verdict = await authenticate(request.headers.get('authorization'));
        if ('reason' in verdict) {
          await failures.failed(address, verdict.reason);
          throw refusal(new UnauthenticatedError(), { status: 401, headers: { 'www-authenticate': 'Bearer' } });
        }
        principals.set(request, verdict.principal);
      },
    },
    principalOf: (request) => (request && principals.get(request)) ?? NOBODY,
    authenticate,
    bind: (request, principal) => void principals.set(request, principal),
  };
}
