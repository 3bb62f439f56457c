/** Who is calling, and what they may do. */

/**
 * `read` for queries, `write` for mutations, `secrets` for fields marked `@requiresScope(scope: SECRETS)`,
 * `explore` for documents outside the trusted-documents manifest (GraphiQL), when GATEWAY_TRUSTED_DOCUMENTS is set.
 */
export type Scope = 'read' | 'write' | 'secrets' | 'explore';

export const SCOPES: readonly Scope[] = ['read', 'write', 'secrets', 'explore'];

export const isScope = (value: string): value is Scope => (SCOPES as readonly string[]).includes(value);

export interface Principal {
  /** The API key's name, the JWT's `sub`, or `anonymous`. */
  name: string;
  kind: 'api-key' | 'jwt' | 'none';
  scopes: ReadonlySet<Scope>;
  /** Epoch ms when the credential expires (a JWT's `exp`); open subscriptions end then. */
  expiresAt?: number;
}

/** Every caller under `GATEWAY_AUTH=none`: no token, every scope. */
export const ANONYMOUS: Principal = Object.freeze({ name: 'anonymous', kind: 'none', scopes: new Set(SCOPES) });

/** What a request that was never authenticated holds: nothing, so a wiring mistake fails closed. */
export const NOBODY: Principal = Object.freeze({ name: 'nobody', kind: 'none', scopes: new Set<Scope>() });
