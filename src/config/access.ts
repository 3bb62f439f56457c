/** Who may call, and what no operation may do: authentication, operation limits, rate limits, the GraphQL surface. */
import { z } from 'zod';
import { parseApiKeys, type ApiKey } from '../auth/api-keys.js';
import type { JwtConfig } from '../auth/jwt.js';
import { SCOPES, type Scope } from '../auth/principal.js';
import { readManifest } from '../trusted-documents/manifest.js';
import type { GatewayMode } from './clouds.js';
import { flag, int, optionalText, type EnvOf } from './env.js';

export interface AuthConfig {
  /** `none` only with an explicit GATEWAY_AUTH=none: no token is asked and every caller has every scope. */
  mode: 'required' | 'none';
  apiKeys: ApiKey[];
  jwt: JwtConfig | null;
  /**
   * A key with every scope in simulated mode when nothing else is configured: GATEWAY_DEV_KEY, or one made at
   * start (see auth/dev-key.ts).
   */
  devKey: string | null;
  /** GATEWAY_TRUSTED_PROXY_HOPS: proxies of one's own in front, whose `X-Forwarded-For` names the client (0: none). */
  trustedProxyHops: number;
}

/** What no operation may exceed; each is refused before any upstream call. */
export interface LimitsConfig {
  maxDepth: number;
  maxAliases: number;
  maxDirectives: number;
  maxTokens: number;
  /** Each field costs 1, times `first` (or the number of `ids`) for the fields below a list. */
  maxCost: number;
  maxBodyBytes: number;
  /** The largest `first` of a connection. */
  maxPageSize: number;
  /** The most IDs `nodes(ids:)` takes. */
  maxIds: number;
}

/** A token bucket per principal; `perSecond` 0 turns rate limiting off. */
export interface RateLimitConfig {
  perSecond: number;
  burst: number;
  /** Upstream calls per principal: a second token bucket, one token per HTTP call to a cloud; `perSecond` 0 turns it off. */
  upstream: { perSecond: number; burst: number };
}

export interface GraphQLSurfaceConfig {
  introspection: boolean;
  graphiql: boolean;
  /** Origins a browser may call from (CORS); none by default, and never with credentials. */
  corsOrigins: string[];
  /** GATEWAY_TRUSTED_DOCUMENTS: the documents a frontend ships; null when every document may run. */
  trustedDocuments: TrustedDocumentsConfig | null;
}

export interface TrustedDocumentsConfig {
  /** `log`: documents outside the manifest run, logged and counted; `enforce`: only the manifest's run. */
  mode: 'log' | 'enforce';
  /** A caller with this scope may still send any document (GraphiQL); null: nobody may. */
  bypassScope: Scope | null;
  /** The manifest's documents by the hex sha256 of their text. */
  documents: Map<string, string>;
}

export interface AccessConfig {
  auth: AuthConfig;
  limits: LimitsConfig;
  rateLimit: RateLimitConfig;
  graphql: GraphQLSurfaceConfig;
}

/** An https URL, or http on a loopback host (a JWKS fetched in clear text would let anyone on the path sign). */
const jwksUrl = optionalText.transform((value, ctx) => {
  if (value === undefined) return null;
  try {
    const url = new URL(value);
    const loopback = ['localhost', '127.0.0.1', '[::1]'].includes(url.hostname);
    if ((url.protocol === 'https:' || (url.protocol === 'http:' && loopback)) && !url.username && !url.password) return url;
  } catch {
    // reported below
  }
  ctx.addIssue({ code: 'custom', message: `"${value}" is not an https URL (http only on localhost) without credentials` });
  return z.NEVER;
});

/** `scheme://host[:port]` exactly as a browser sends it in `Origin`: no path, no credentials, no wildcard. */
function isOrigin(value: string): boolean {
  try {
    const url = new URL(value);
    return (url.protocol === 'https:' || url.protocol === 'http:') && url.origin === value;
  } catch {
    return false;
  }
}

export const accessEnv = {
  GATEWAY_AUTH: optionalText.pipe(z.enum(['required', 'none'], 'must be required or none').default('required')),
  GATEWAY_API_KEYS: optionalText,
  GATEWAY_JWT_JWKS_URL: jwksUrl,
  GATEWAY_JWT_ISSUER: optionalText,
  GATEWAY_JWT_AUDIENCE: optionalText,
  GATEWAY_TRUSTED_PROXY_HOPS: int(0, 10, 0),
  GATEWAY_DEV_KEY: optionalText.pipe(z.string().regex(/^[A-Za-z0-9_-]{24,128}$/, 'must be 24 to 128 letters, digits, "-" or "_"').optional()),
  GATEWAY_INTROSPECTION: flag,
  GATEWAY_GRAPHIQL: flag,
  GATEWAY_CORS_ORIGINS: optionalText.transform((value, ctx) => {
    const origins = [...new Set((value ?? '').split(',').map((o) => o.trim()).filter(Boolean))];
    const bad = origins.filter((origin) => !isOrigin(origin));
    if (bad.length > 0) {
      ctx.addIssue({ code: 'custom', message: `"${bad.join(',')}" is not a comma list of origins like https://console.example.com` });
      return z.NEVER;
    }
    return origins;
  }),
  GATEWAY_TRUSTED_DOCUMENTS: optionalText,
  GATEWAY_TRUSTED_DOCUMENTS_MODE: optionalText.pipe(z.enum(['log', 'enforce'], 'must be log or enforce').optional()),
  GATEWAY_TRUSTED_DOCUMENTS_BYPASS_SCOPE: optionalText.pipe(z.enum(SCOPES, `must be one of ${SCOPES.join(', ')}`).optional()),
  GATEWAY_MAX_DEPTH: int(1, 1000, 10),
  GATEWAY_MAX_ALIASES: int(0, 1000, 15),
  GATEWAY_MAX_DIRECTIVES: int(0, 1000, 50),
  GATEWAY_MAX_TOKENS: int(10, 100_000, 1_000),
  GATEWAY_MAX_COST: int(1, 10_000_000, 5_000),
  GATEWAY_MAX_BODY_BYTES: int(1_000, 100_000_000, 100_000),
  GATEWAY_MAX_PAGE_SIZE: int(1, 1_000, 100),
  GATEWAY_MAX_IDS: int(1, 1_000, 100),
  GATEWAY_RATE_LIMIT_PER_SECOND: int(0, 1_000_000, 50),
  GATEWAY_RATE_LIMIT_BURST: int(1, 1_000_000, 100),
  GATEWAY_UPSTREAM_BUDGET_PER_SECOND: int(0, 1_000_000, 100),
  GATEWAY_UPSTREAM_BUDGET_BURST: int(1, 1_000_000, 500),
};

type AccessEnv = EnvOf<typeof accessEnv>;

export function accessConfig(e: AccessEnv, mode: GatewayMode, problems: string[]): AccessConfig {
  const apiKeys = e.GATEWAY_API_KEYS === undefined ? { keys: [], problems: [] } : parseApiKeys(e.GATEWAY_API_KEYS);
  problems.push(...apiKeys.problems.map((problem) => `GATEWAY_API_KEYS: ${problem}`));

  const jwtSettings = { GATEWAY_JWT_JWKS_URL: e.GATEWAY_JWT_JWKS_URL, GATEWAY_JWT_ISSUER: e.GATEWAY_JWT_ISSUER, GATEWAY_JWT_AUDIENCE: e.GATEWAY_JWT_AUDIENCE };
  const jwtSet = Object.entries(jwtSettings).filter(([, value]) => value != null);
  if (jwtSet.length > 0 && jwtSet.length < 3) {
    const missing = Object.keys(jwtSettings).filter((name) => !jwtSet.some(([set]) => set === name));
    problems.push(`${missing[0]}: must be set with ${jwtSet.map(([name]) => name).join(' and ')} (JWTs need a JWKS URL, an issuer and an audience)`);
  }
  const jwt = jwtSet.length === 3 ? { jwksUrl: e.GATEWAY_JWT_JWKS_URL!, issuer: e.GATEWAY_JWT_ISSUER!, audience: e.GATEWAY_JWT_AUDIENCE! } : null;

  const anyCredential = e.GATEWAY_API_KEYS !== undefined || jwtSet.length > 0;
  if (e.GATEWAY_AUTH === 'none' && anyCredential) {
    problems.push('GATEWAY_AUTH: none contradicts the configured GATEWAY_API_KEYS or GATEWAY_JWT_* settings; keep one');
  }
  if (e.GATEWAY_AUTH === 'required' && !anyCredential && mode === 'live') {
    problems.push('GATEWAY_AUTH: live mode needs GATEWAY_API_KEYS or GATEWAY_JWT_JWKS_URL, or GATEWAY_AUTH=none to serve without authentication');
  }

  if (e.GATEWAY_DEV_KEY !== undefined && (mode !== 'simulated' || e.GATEWAY_AUTH === 'none' || anyCredential)) {
    problems.push('GATEWAY_DEV_KEY: only in simulated mode with no GATEWAY_API_KEYS, GATEWAY_JWT_* or GATEWAY_AUTH=none; give real keys as GATEWAY_API_KEYS');
  }

  const trustedDocuments = trustedDocumentsConfig(e, problems);

  const simulated = mode === 'simulated';
  return {
    auth: { mode: e.GATEWAY_AUTH, apiKeys: apiKeys.keys, jwt, devKey: e.GATEWAY_DEV_KEY ?? null, trustedProxyHops: e.GATEWAY_TRUSTED_PROXY_HOPS },
    limits: {
      maxDepth: e.GATEWAY_MAX_DEPTH,
      maxAliases: e.GATEWAY_MAX_ALIASES,
      maxDirectives: e.GATEWAY_MAX_DIRECTIVES,
      maxTokens: e.GATEWAY_MAX_TOKENS,
      maxCost: e.GATEWAY_MAX_COST,
      maxBodyBytes: e.GATEWAY_MAX_BODY_BYTES,
      maxPageSize: e.GATEWAY_MAX_PAGE_SIZE,
      maxIds: e.GATEWAY_MAX_IDS,
    },
    rateLimit: {
      perSecond: e.GATEWAY_RATE_LIMIT_PER_SECOND,
      burst: e.GATEWAY_RATE_LIMIT_BURST,
      upstream: { perSecond: e.GATEWAY_UPSTREAM_BUDGET_PER_SECOND, burst: e.GATEWAY_UPSTREAM_BUDGET_BURST },
    },
    graphql: {
      introspection: e.GATEWAY_INTROSPECTION === undefined ? simulated : e.GATEWAY_INTROSPECTION === 'true',
      graphiql: e.GATEWAY_GRAPHIQL === undefined ? simulated : e.GATEWAY_GRAPHIQL === 'true',
      corsOrigins: e.GATEWAY_CORS_ORIGINS,
      trustedDocuments,
    },
  };
}

function trustedDocumentsConfig(e: AccessEnv, problems: string[]): TrustedDocumentsConfig | null {
  if (e.GATEWAY_TRUSTED_DOCUMENTS === undefined) {
    for (const name of ['GATEWAY_TRUSTED_DOCUMENTS_MODE', 'GATEWAY_TRUSTED_DOCUMENTS_BYPASS_SCOPE'] as const) {
      if (e[name] !== undefined) problems.push(`${name}: needs GATEWAY_TRUSTED_DOCUMENTS, the manifest of trusted documents`);
    }
    return null;
  }
  try {
    const documents = readManifest(e.GATEWAY_TRUSTED_DOCUMENTS);
    return { mode: e.GATEWAY_TRUSTED_DOCUMENTS_MODE ?? 'enforce', bypassScope: e.GATEWAY_TRUSTED_DOCUMENTS_BYPASS_SCOPE ?? null, documents };
  } catch (error) {
    problems.push(`GATEWAY_TRUSTED_DOCUMENTS: ${(error as Error).message}`);
    return null;
  }
}
