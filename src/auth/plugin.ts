/**
 * Authentication before anything else: a request without a valid token is answered 401 before its body is read,
 * so it is never parsed, executed or sent upstream. The principal found is kept for the context and rate limits.
 * An address that failed too often is refused (429) before its token is looked at (failures.ts).
 */
import type { Plugin } from 'graphql-yoga';
import type { AuthConfig } from '../config/index.js';
import { UnauthenticatedError } from '../errors.js';
import { rateLimitedRefusal, refusal } from '../errors-graphql.js';
import type { Logger } from '../logger.js';
import type { RateLimitStore } from '../rate-limit/store.js';
import { authenticator } from './authenticate.js';
import { AuthFailures, clientAddress } from './failures.js';
import { NOBODY, type Principal } from './principal.js';

export interface Authentication {
  plugin: Plugin;
  /** The principal of an authenticated request; NOBODY (no scopes) for any other. */
  principalOf(request: Request | undefined): Principal;
  /**
   * What authenticating an HTTP request does, for transports that are not HTTP requests (WebSocket): an address that
   * failed too often is refused (429), then the `Authorization` value is checked and a failure counted (401). The
   * refusal is thrown, a coded GraphQLError. `serverContext` holds the Node request (`{ req }`) the address is read from.
   */
  identify(serverContext: unknown, authorization: string | null): Promise<Principal>;
  /** Makes `principal` the one of `request` (a request built for a WebSocket operation). */
  bind(request: Request, principal: Principal): void;
}

export function createAuthentication(auth: AuthConfig, logger: Logger, store: RateLimitStore): Authentication {
  const authenticate = authenticator(auth);
  const principals = new WeakMap<Request, Principal>();
  const failures = new AuthFailures(store, logger);
  async function identify(serverContext: unknown, authorization: string | null): Promise<Principal> {
    const address = clientAddress(serverContext, auth.trustedProxyHops);
    const admitted = auth.mode === 'none' ? { allowed: true as const } : await failures.admits(address);
    if (!admitted.allowed) throw rateLimitedRefusal(admitted.retryAfterMs);
    const verdict = await authenticate(authorization);
    if ('reason' in verdict) {
      await failures.failed(address, verdict.reason);
      throw refusal(new UnauthenticatedError(), { status: 401, headers: { 'www-authenticate': 'Bearer' } });
    }
    return verdict.principal;
  }
  return {
    plugin: {
      async onRequestParse({ request, serverContext }) {
        principals.set(request, await identify(serverContext, request.headers.get('authorization')));
      },
    },
    principalOf: (request) => (request && principals.get(request)) ?? NOBODY,
    identify,
    bind: (request, principal) => void principals.set(request, principal),
  };
}
