/**
 * The environment -> one typed, validated config object. The only module that reads `process.env`.
 * Every problem is reported as one line naming the variable; start-up stops on any.
 */
import { existsSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { z } from 'zod';
import { parseApiKeys, type ApiKey } from './auth/api-keys.js';
import { SCOPES, type Scope } from './auth/principal.js';
import { readManifest } from './trusted-documents/manifest.js';
import type { JwtConfig } from './auth/jwt.js';
import { isRegionName } from './ids.js';
import type { HyperNodeApi } from './providers/alibaba/provider.js';

export type GatewayMode = 'simulated' | 'live';

export interface AlibabaConfig {
  regions: string[];
  /** Null when no credentials are set: the provider is off in live mode. */
  credentials: { accessKeyId: string; accessKeySecret: string; securityToken?: string | undefined } | null;
  /** Used instead of `https://eflo-controller.<region>.aliyuncs.com` for every region. */
  endpoint: URL | null;
  hyperNodeApi: HyperNodeApi;
}

export interface HuaweiConfig {
  regions: string[];
  /** Null when no credentials are set: the provider is off in live mode. */
  credentials: { ak: string; sk: string; securityToken?: string | undefined } | null;
  /** The project of each region; Huawei projects belong to one region. */
  projectIds: Record<string, string>;
  /** Used instead of `https://modelarts.<region>.myhuaweicloud.com` for every region. */
  endpoint: URL | null;
}

export interface UpstreamConfig {
  /** The deadline of one GraphQL request; every upstream call it makes inherits it. */
  requestTimeoutMs: number;
  connectTimeoutMs: number;
  /** The longest one upstream call may take; by default 80% of the request's deadline. */
  callTimeoutMs: number;
  /** The largest answer body one upstream call may bring; a larger one is UPSTREAM_ERROR. */
  maxAnswerBytes: number;
  /** Upstream calls one GraphQL request may have in flight per cloud. */
  concurrencyPerProvider: number;
  /** False switches batching, caching and priming off: a naive resolver per field, for benchmarks only. */
  loaders: boolean;
  /** Identical upstream reads in flight at once, from any requests, share one call. */
  coalesce: boolean;
  retry: RetrySettings;
  breaker: BreakerSettings;
}

/** The fleet snapshot lists and counts read. */
export interface FleetConfig {
  /** How long a region's snapshot is fresh; it is served up to twice that while a refresh runs. 0 turns it off. */
  ttlMs: number;
}

/** Retries of idempotent reads: exponential backoff with full jitter, a budget per request, never past its deadline. */
export interface RetrySettings {
  /** Attempts of one call, the first included. */
  maxAttempts: number;
  baseDelayMs: number;
  maxDelayMs: number;
  /** Retries one GraphQL request may spend across all its calls. */
  budgetPerRequest: number;
}

/** One circuit breaker per cloud and region: it opens when most recent calls failed, and enough were made to tell. */
export interface BreakerSettings {
  /** Share of the window's calls that must have failed, above 0 and below 1. */
  failureRate: number;
  /** Calls the window must hold before the breaker may open. */
  minCalls: number;
  /** How far back the failure rate looks. */
  windowMs: number;
  /** How long it stays open before letting one probe call through. */
  cooldownMs: number;
}

/** Metrics, tracing and readiness. */
export interface ObservabilityConfig {
  /** OpenTelemetry tracing; spans go to `endpoint` over OTLP/HTTP. */
  tracing: { enabled: boolean; endpoint: URL | null };
  /** Longest the readiness probe of one cloud region may take. */
  readinessProbeTimeoutMs: number;
}

/** The embedded simulators of simulated mode. */
export interface SimulatorConfig {
  seed: number;
  /** Alibaba hypernodes per region. */
  hyperNodesPerRegion: number;
  /** Huawei supernodes per region. */
  supernodesPerRegion: number;
  /** Latency and faults the simulators inject into their answers. */
  faults: SimulatorFaultConfig;
  /** Share of reboots, stops and starts that fail (seeded). */
  failureRate: number;
}

export interface SimulatorFaultConfig {
  latencyMs: number;
  /** Share of calls answered with a fault, spread evenly over the kinds below. */
  rate: number;
  kinds: FaultKindName[];
}

export const FAULT_KINDS = ['error', 'throttle', 'reset', 'malformed', 'truncated', 'stall'] as const;
export type FaultKindName = (typeof FAULT_KINDS)[number];

/** Tasks the gateway follows itself (Huawei's server actions). */
export interface TasksConfig {
  /** A task not done this long after its start is failed. */
  timeoutMs: number;
}

/** Live updates: how often watched objects are read, and how many subscriptions one principal may hold open. */
export interface SubscriptionsConfig {
  watchIntervalMs: number;
  maxPerPrincipal: number;
}

export interface GatewayConfig {
  mode: GatewayMode;
  simulator: SimulatorConfig;
  server: ServerConfig;
  upstream: UpstreamConfig;
  fleet: FleetConfig;
  alibaba: AlibabaConfig;
  huawei: HuaweiConfig;
  log: {
    level: 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'trace' | 'silent';
    /** `auto`: human-readable in a terminal, JSON lines otherwise. */
    format: 'auto' | 'pretty' | 'json';
  };
  observability: ObservabilityConfig;
  tasks: TasksConfig;
  subscriptions: SubscriptionsConfig;
  // Access (who may call, and what no operation may do):
  auth: AuthConfig;
  limits: LimitsConfig;
  rateLimit: RateLimitConfig;
  graphql: GraphQLSurfaceConfig;
  /** Bounds of the in-memory idempotency records of mutations. */
  idempotency: { maxRecords: number; maxBytes: number };
  /** Redis shared by replicas (GATEWAY_REDIS_URL); null: every store in memory. */
  redis: RedisConfig | null;
  /** Worker processes on one port (node:cluster); 1 is this process alone. */
  workers: number;
}

/** The Redis that replicas share: idempotency records and rate-limit buckets live there. */
export interface RedisConfig {
  /** `redis://` or `rediss://`, with user and password if any; never logged. */
  url: URL;
  /** Put before every key, so several gateways (or other programs) can share one Redis. */
  prefix: string;
  /** The longest one Redis command (and a connection attempt) may take. */
  timeoutMs: number;
  /** What rate limits do while Redis cannot be reached: let requests through, or refuse them. */
  rateLimitOnFailure: 'allow' | 'deny';
}

export interface ServerConfig {
  host: string;
  port: number;
  /** How long SIGTERM waits for in-flight requests. */
  shutdownGraceMs: number;
  /** Where `/metrics` and `/readiness` are served: a listener of their own, on loopback unless told otherwise. */
  admin: { host: string; port: number };
  /** Open connections the public listener accepts at once; more are closed as they arrive. */
  maxConnections: number;
}

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

export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`invalid configuration:\n${problems.map((p) => `  ${p}`).join('\n')}`);
    this.name = 'ConfigError';
  }
}

const optionalText = z
  .string()
  .optional()
  .transform((v) => (v === undefined || v.trim() === '' ? undefined : v.trim()));

const int = (min: number, max: number, fallback: number) =>
  optionalText.pipe(
    z
      .string()
      .regex(/^\d+$/, `must be a whole number from ${min} to ${max}`)
      .transform(Number)
      .pipe(z.number().min(min, `must be at least ${min}`).max(max, `must be at most ${max}`))
      .optional()
      .transform((v) => v ?? fallback),
  );

/** A share from 0 to 1, such as 0.2. */
const share = (fallback: number) =>
  optionalText.pipe(
    z
      .string()
      .regex(/^(0(\.\d+)?|1(\.0+)?|\.\d+)$/, 'must be a share from 0 to 1, e.g. 0.2')
      .transform(Number)
      .optional()
      .transform((v) => v ?? fallback),
  );

const regionList = (fallback: string) =>
  optionalText.transform((value, ctx) => {
    const regions = [...new Set((value ?? fallback).split(',').map((r) => r.trim()).filter(Boolean))];
    const bad = regions.filter((r) => !isRegionName(r));
    if (regions.length === 0 || bad.length > 0) {
      ctx.addIssue({ code: 'custom', message: `"${bad.join(',') || value}" is not a comma list of region names like ${fallback}` });
      return z.NEVER;
    }
    return regions;
  });

const endpoint = optionalText.transform((value, ctx) => {
  if (value === undefined) return null;
  try {
    const url = new URL(value);
    if ((url.protocol === 'http:' || url.protocol === 'https:') && !url.username && !url.password) return url;
  } catch {
    // reported below
  }
  ctx.addIssue({ code: 'custom', message: `"${value}" is not an http(s) URL without credentials` });
  return z.NEVER;
});

const envSchema = z.object({
  GATEWAY_MODE: optionalText.pipe(z.enum(['simulated', 'live'], 'must be simulated or live').default('simulated')),
  PORT: int(0, 65535, 4000),
  HOST: optionalText,
  GATEWAY_ADMIN_PORT: optionalText.pipe(
    z
      .string()
      .regex(/^\d+$/, 'must be a whole number from 0 to 65535')
      .transform(Number)
      .pipe(z.number().max(65535, 'must be at most 65535'))
      .optional(),
  ),
  GATEWAY_ADMIN_HOST: optionalText.transform((v) => v ?? '127.0.0.1'),
  GATEWAY_MAX_CONNECTIONS: int(1, 1_000_000, 1_000),
  GATEWAY_CORS_ORIGINS: optionalText.transform((value, ctx) => {
    const origins = [...new Set((value ?? '').split(',').map((o) => o.trim()).filter(Boolean))];
    const bad = origins.filter((origin) => !isOrigin(origin));
    if (bad.length > 0) {
      ctx.addIssue({ code: 'custom', message: `"${bad.join(',')}" is not a comma list of origins like https://console.example.com` });
      return z.NEVER;
    }
    return origins;
  }),
  LOG_LEVEL: optionalText.pipe(
    z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'], 'must be one of fatal, error, warn, info, debug, trace, silent').default('info'),
  ),
  LOG_FORMAT: optionalText.pipe(z.enum(['pretty', 'json'], 'must be pretty or json').optional()),
  GATEWAY_REQUEST_TIMEOUT_MS: int(100, 600_000, 10_000),
  GATEWAY_UPSTREAM_CONNECT_TIMEOUT_MS: int(10, 60_000, 3_000),
  // The default follows the deadline (see loadConfig), so that setting only the deadline is a valid configuration.
  GATEWAY_UPSTREAM_CALL_TIMEOUT_MS: int(10, 600_000, 0),
  GATEWAY_UPSTREAM_MAX_ANSWER_BYTES: int(65_536, 67_108_864, 4 * 1024 * 1024),
  GATEWAY_UPSTREAM_CONCURRENCY: int(1, 1000, 10),
  GATEWAY_TASK_TIMEOUT_MS: int(100, 86_400_000, 900_000),
  GATEWAY_WATCH_INTERVAL_MS: int(50, 600_000, 2_000),
  GATEWAY_MAX_SUBSCRIPTIONS: int(1, 100_000, 20),
  GATEWAY_LOADERS: optionalText.pipe(z.enum(['on', 'off'], 'must be on or off').default('on')),
  GATEWAY_UPSTREAM_COALESCE: optionalText.pipe(z.enum(['on', 'off'], 'must be on or off').default('on')),
  GATEWAY_FLEET_TTL_MS: int(0, 3_600_000, 15_000),
  SIMULATOR_SEED: int(0, 2 ** 31, 1),
  SIMULATOR_HYPERNODES_PER_REGION: int(1, 100_000, 24),
  SIMULATOR_SUPERNODES_PER_REGION: int(1, 100_000, 8),
  ALIBABA_CLOUD_ACCESS_KEY_ID: optionalText,
  ALIBABA_CLOUD_ACCESS_KEY_SECRET: optionalText,
  ALIBABA_CLOUD_SECURITY_TOKEN: optionalText,
  ALIBABA_CLOUD_REGIONS: regionList('cn-wulanchabu'),
  ALIBABA_EFLO_ENDPOINT: endpoint,
  ALIBABA_EFLO_HYPERNODE_API: optionalText.pipe(
    z.enum(['auto', 'DescribeHyperNode', 'GetHyperNode'], 'must be auto, DescribeHyperNode or GetHyperNode').default('auto'),
  ),
  HUAWEICLOUD_SDK_AK: optionalText,
  HUAWEICLOUD_SDK_SK: optionalText,
  HUAWEICLOUD_SDK_SECURITY_TOKEN: optionalText,
  HUAWEICLOUD_SDK_PROJECT_ID: optionalText,
  HUAWEICLOUD_REGIONS: regionList('cn-north-4'),
  HUAWEI_MODELARTS_ENDPOINT: endpoint,
  // Resilience and observability.
  GATEWAY_RETRY_MAX_ATTEMPTS: int(1, 10, 3),
  GATEWAY_RETRY_BASE_MS: int(1, 60_000, 100),
  GATEWAY_RETRY_MAX_MS: int(1, 600_000, 2_000),
  GATEWAY_RETRY_BUDGET: int(0, 1000, 10),
  GATEWAY_BREAKER_FAILURE_RATE: share(0.5),
  GATEWAY_BREAKER_MIN_CALLS: int(1, 100_000, 10),
  GATEWAY_BREAKER_WINDOW_MS: int(1_000, 3_600_000, 10_000),
  GATEWAY_BREAKER_COOLDOWN_MS: int(10, 3_600_000, 10_000),
  GATEWAY_SHUTDOWN_GRACE_MS: int(0, 600_000, 10_000),
  GATEWAY_IDEMPOTENCY_MAX_RECORDS: int(1, 10_000_000, 50_000),
  GATEWAY_IDEMPOTENCY_MAX_BYTES: int(65_536, 4_294_967_296, 32 * 1024 * 1024),
  GATEWAY_READINESS_PROBE_TIMEOUT_MS: int(10, 60_000, 3_000),
  GATEWAY_REDIS_URL: optionalText.transform((value, ctx) => {
    if (value === undefined) return null;
    try {
      const url = new URL(value);
      if ((url.protocol === 'redis:' || url.protocol === 'rediss:') && url.hostname) return url;
    } catch {
      // reported below
    }
    // Never echo the value: it may hold a password.
    ctx.addIssue({ code: 'custom', message: 'is not a redis:// or rediss:// URL (redis://[user:password@]host[:port][/db])' });
    return z.NEVER;
  }),
  GATEWAY_REDIS_PREFIX: optionalText.pipe(
    z.string().regex(/^[A-Za-z0-9:_.-]{1,64}$/, 'must be 1 to 64 letters, digits or ":_.-"').default('hypernode-gateway:'),
  ),
  GATEWAY_REDIS_TIMEOUT_MS: int(10, 60_000, 1_000),
  GATEWAY_WORKERS: optionalText.transform((value, ctx) => {
    if (value === undefined) return 1;
    if (value === 'auto') return availableParallelism();
    if (/^\d+$/.test(value) && Number(value) >= 1 && Number(value) <= 256) return Number(value);
    ctx.addIssue({ code: 'custom', message: 'must be auto or a whole number from 1 to 256' });
    return z.NEVER;
  }),
  GATEWAY_RATE_LIMIT_ON_STORE_FAILURE: optionalText.pipe(z.enum(['allow', 'deny'], 'must be allow or deny').default('allow')),
  GATEWAY_OTEL: optionalText.pipe(z.enum(['true', 'false'], 'must be true or false').default('false')).transform((v) => v === 'true'),
  OTEL_EXPORTER_OTLP_ENDPOINT: endpoint,
  SIMULATOR_LATENCY_MS: int(0, 600_000, 0),
  SIMULATOR_FAULT_RATE: share(0),
  SIMULATOR_FAILURE_RATE: share(0),
  SIMULATOR_FAULTS: optionalText.transform((value, ctx) => {
    const kinds = [...new Set((value ?? FAULT_KINDS.join(',')).split(',').map((k) => k.trim()).filter(Boolean))];
    const bad = kinds.filter((k) => !(FAULT_KINDS as readonly string[]).includes(k));
    if (kinds.length === 0 || bad.length > 0) {
      ctx.addIssue({ code: 'custom', message: `"${bad.join(',') || value}" is not a comma list of ${FAULT_KINDS.join(', ')}` });
      return z.NEVER;
    }
    return kinds as FaultKindName[];
  }),
});

const PROJECT_ID = /^[A-Za-z0-9-]{1,64}$/;

/** `scheme://host[:port]` exactly as a browser sends it in `Origin`: no path, no credentials, no wildcard. */
function isOrigin(value: string): boolean {
  try {
    const url = new URL(value);
    return (url.protocol === 'https:' || url.protocol === 'http:') && url.origin === value;
  } catch {
    return false;
  }
}

/** `HUAWEICLOUD_SDK_PROJECT_ID`: one ID (for a single region) or `region=id,region=id` covering every region. */
function projectIds(value: string | undefined, regions: string[], problems: string[]): Record<string, string> {
  if (value === undefined) return {};
  const name = 'HUAWEICLOUD_SDK_PROJECT_ID';
  if (!value.includes('=')) {
    if (!PROJECT_ID.test(value)) problems.push(`${name}: "${value}" is not a project ID (1 to 64 letters, digits and hyphens)`);
    else if (regions.length > 1) problems.push(`${name}: give one project per region as region=id,... when HUAWEICLOUD_REGIONS names several`);
    return Object.fromEntries(regions.map((region) => [region, value]));
  }
  const ids: Record<string, string> = {};
  for (const entry of value.split(',').map((e) => e.trim()).filter(Boolean)) {
    const [region, id] = entry.split('=').map((part) => part.trim());
    if (!region || !id || !isRegionName(region) || !PROJECT_ID.test(id)) {
      problems.push(`${name}: "${entry}" is not region=projectId`);
      continue;
    }
    ids[region] = id;
  }
  const missing = regions.filter((region) => !ids[region]);
  if (missing.length > 0 && problems.length === 0) problems.push(`${name}: no project for ${missing.join(', ')}`);
  return ids;
}

/**
 * Reads `.env` of the working directory into the environment when there is one; variables already set win.
 * Throws ConfigError naming the file when it cannot be read.
 */
export function loadDotEnv(path = '.env'): boolean {
  if (!existsSync(path)) return false;
  try {
    process.loadEnvFile(path);
  } catch (error) {
    throw new ConfigError([`${path}: cannot be read (${(error as Error).message})`]);
  }
  return true;
}

/** Reads and checks the environment; throws ConfigError listing every problem. */
export function loadConfig(env: Record<string, string | undefined> = process.env): GatewayConfig {
  const parsed = envSchema.safeParse(env);
  const parsedAccess = accessEnvSchema.safeParse(env);
  if (!parsed.success || !parsedAccess.success) {
    const issues = [...(parsed.error?.issues ?? []), ...(parsedAccess.error?.issues ?? [])];
    throw new ConfigError(issues.map((issue) => `${String(issue.path[0])}: ${issue.message}`));
  }
  const e = parsed.data;
  const problems: string[] = [];
  const pair = (idName: string, id: string | undefined, secretName: string, secret: string | undefined) => {
    if (id && !secret) problems.push(`${secretName}: must be set when ${idName} is set`);
    if (secret && !id) problems.push(`${idName}: must be set when ${secretName} is set`);
    return Boolean(id && secret);
  };
  const alibabaHasKeys = pair(
    'ALIBABA_CLOUD_ACCESS_KEY_ID',
    e.ALIBABA_CLOUD_ACCESS_KEY_ID,
    'ALIBABA_CLOUD_ACCESS_KEY_SECRET',
    e.ALIBABA_CLOUD_ACCESS_KEY_SECRET,
  );
  const huaweiHasKeys = pair('HUAWEICLOUD_SDK_AK', e.HUAWEICLOUD_SDK_AK, 'HUAWEICLOUD_SDK_SK', e.HUAWEICLOUD_SDK_SK);
  const huaweiProjects = projectIds(e.HUAWEICLOUD_SDK_PROJECT_ID, e.HUAWEICLOUD_REGIONS, problems);
  if (e.GATEWAY_MODE === 'live' && huaweiHasKeys && e.HUAWEICLOUD_SDK_PROJECT_ID === undefined) {
    problems.push('HUAWEICLOUD_SDK_PROJECT_ID: must be set when HUAWEICLOUD_SDK_AK is set');
  }
  if (e.GATEWAY_MODE === 'live' && !alibabaHasKeys && !huaweiHasKeys && problems.length === 0) {
    problems.push(
      'GATEWAY_MODE: live mode needs credentials for at least one cloud (ALIBABA_CLOUD_ACCESS_KEY_ID and ALIBABA_CLOUD_ACCESS_KEY_SECRET, or HUAWEICLOUD_SDK_AK and HUAWEICLOUD_SDK_SK)',
    );
  }
  const callTimeoutMs = e.GATEWAY_UPSTREAM_CALL_TIMEOUT_MS || Math.max(10, Math.round(e.GATEWAY_REQUEST_TIMEOUT_MS * 0.8));
  if (callTimeoutMs > e.GATEWAY_REQUEST_TIMEOUT_MS) {
    problems.push('GATEWAY_UPSTREAM_CALL_TIMEOUT_MS: must not exceed GATEWAY_REQUEST_TIMEOUT_MS');
  }
  const access = accessConfig(parsedAccess.data, e.GATEWAY_MODE, problems);
  // The admin listener's port: its own, or any free one when the public port is (tests, several gateways at once).
  const adminPort = e.GATEWAY_ADMIN_PORT ?? (e.PORT === 0 ? 0 : DEFAULT_ADMIN_PORT);
  if (adminPort !== 0 && adminPort === e.PORT) problems.push('GATEWAY_ADMIN_PORT: must differ from PORT');
  // A development key is printed and pre-filled in GraphiQL: such a gateway listens on loopback unless HOST says otherwise.
  const devKeyed = e.GATEWAY_MODE === 'simulated' && access.auth.mode === 'required' && access.auth.apiKeys.length === 0 && !access.auth.jwt;
  if (e.GATEWAY_BREAKER_FAILURE_RATE <= 0 || e.GATEWAY_BREAKER_FAILURE_RATE >= 1) {
    problems.push('GATEWAY_BREAKER_FAILURE_RATE: must be above 0 and below 1');
  }
  if (e.GATEWAY_RETRY_BASE_MS > e.GATEWAY_RETRY_MAX_MS) {
    problems.push('GATEWAY_RETRY_BASE_MS: must not exceed GATEWAY_RETRY_MAX_MS');
  }
  if (e.GATEWAY_WORKERS > 1 && !e.GATEWAY_REDIS_URL) {
    problems.push('GATEWAY_WORKERS: more than 1 worker needs GATEWAY_REDIS_URL, through which workers share idempotency records and rate limits');
  } else if (e.GATEWAY_WORKERS > 1 && e.GATEWAY_MODE === 'simulated') {
    problems.push('GATEWAY_WORKERS: more than 1 worker needs live mode (each worker would get simulators of its own); run npm run simulators and point live mode at them');
  }
  if (problems.length > 0) throw new ConfigError(problems);

  return {
    mode: e.GATEWAY_MODE,
    simulator: simulatorConfig(e),
    server: {
      host: e.HOST ?? (devKeyed ? '127.0.0.1' : '0.0.0.0'),
      port: e.PORT,
      shutdownGraceMs: e.GATEWAY_SHUTDOWN_GRACE_MS,
      admin: { host: e.GATEWAY_ADMIN_HOST, port: adminPort },
      maxConnections: e.GATEWAY_MAX_CONNECTIONS,
    },
    upstream: {
      requestTimeoutMs: e.GATEWAY_REQUEST_TIMEOUT_MS,
      connectTimeoutMs: e.GATEWAY_UPSTREAM_CONNECT_TIMEOUT_MS,
      callTimeoutMs,
      maxAnswerBytes: e.GATEWAY_UPSTREAM_MAX_ANSWER_BYTES,
      concurrencyPerProvider: e.GATEWAY_UPSTREAM_CONCURRENCY,
      loaders: e.GATEWAY_LOADERS === 'on',
      coalesce: e.GATEWAY_UPSTREAM_COALESCE === 'on',
      retry: {
        maxAttempts: e.GATEWAY_RETRY_MAX_ATTEMPTS,
        baseDelayMs: e.GATEWAY_RETRY_BASE_MS,
        maxDelayMs: e.GATEWAY_RETRY_MAX_MS,
        budgetPerRequest: e.GATEWAY_RETRY_BUDGET,
      },
      breaker: {
        failureRate: e.GATEWAY_BREAKER_FAILURE_RATE,
        minCalls: e.GATEWAY_BREAKER_MIN_CALLS,
        windowMs: e.GATEWAY_BREAKER_WINDOW_MS,
        cooldownMs: e.GATEWAY_BREAKER_COOLDOWN_MS,
      },
    },
    fleet: { ttlMs: e.GATEWAY_FLEET_TTL_MS },
    alibaba: {
      regions: e.ALIBABA_CLOUD_REGIONS,
      credentials: alibabaHasKeys
        ? {
            accessKeyId: e.ALIBABA_CLOUD_ACCESS_KEY_ID!,
            accessKeySecret: e.ALIBABA_CLOUD_ACCESS_KEY_SECRET!,
            securityToken: e.ALIBABA_CLOUD_SECURITY_TOKEN,
          }
        : null,
      endpoint: e.ALIBABA_EFLO_ENDPOINT,
      hyperNodeApi: e.ALIBABA_EFLO_HYPERNODE_API,
    },
    huawei: {
      regions: e.HUAWEICLOUD_REGIONS,
      credentials: huaweiHasKeys
        ? { ak: e.HUAWEICLOUD_SDK_AK!, sk: e.HUAWEICLOUD_SDK_SK!, securityToken: e.HUAWEICLOUD_SDK_SECURITY_TOKEN }
        : null,
      projectIds: huaweiProjects,
      endpoint: e.HUAWEI_MODELARTS_ENDPOINT,
    },
    log: { level: e.LOG_LEVEL, format: e.LOG_FORMAT ?? 'auto' },
    idempotency: { maxRecords: e.GATEWAY_IDEMPOTENCY_MAX_RECORDS, maxBytes: e.GATEWAY_IDEMPOTENCY_MAX_BYTES },
    redis: e.GATEWAY_REDIS_URL
      ? { url: e.GATEWAY_REDIS_URL, prefix: e.GATEWAY_REDIS_PREFIX, timeoutMs: e.GATEWAY_REDIS_TIMEOUT_MS, rateLimitOnFailure: e.GATEWAY_RATE_LIMIT_ON_STORE_FAILURE }
      : null,
    workers: e.GATEWAY_WORKERS,
    observability: {
      tracing: { enabled: e.GATEWAY_OTEL, endpoint: e.OTEL_EXPORTER_OTLP_ENDPOINT },
      readinessProbeTimeoutMs: e.GATEWAY_READINESS_PROBE_TIMEOUT_MS,
    },
    tasks: { timeoutMs: e.GATEWAY_TASK_TIMEOUT_MS },
    subscriptions: { watchIntervalMs: e.GATEWAY_WATCH_INTERVAL_MS, maxPerPrincipal: e.GATEWAY_MAX_SUBSCRIPTIONS },
    ...access,
    graphql: { ...access.graphql, corsOrigins: e.GATEWAY_CORS_ORIGINS },
  };
}

/** Prometheus' customary port for an exporter of one's own. */
const DEFAULT_ADMIN_PORT = 9464;

// ---- Access: authentication, operation limits, rate limits, the GraphQL surface ----

const flag = optionalText.pipe(z.enum(['true', 'false'], 'must be true or false').optional());

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

const accessEnvSchema = z.object({
  GATEWAY_AUTH: optionalText.pipe(z.enum(['required', 'none'], 'must be required or none').default('required')),
  GATEWAY_API_KEYS: optionalText,
  GATEWAY_JWT_JWKS_URL: jwksUrl,
  GATEWAY_JWT_ISSUER: optionalText,
  GATEWAY_JWT_AUDIENCE: optionalText,
  GATEWAY_DEV_KEY: optionalText.pipe(z.string().regex(/^[A-Za-z0-9_-]{24,128}$/, 'must be 24 to 128 letters, digits, "-" or "_"').optional()),
  GATEWAY_INTROSPECTION: flag,
  GATEWAY_GRAPHIQL: flag,
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
});

function accessConfig(
  e: z.infer<typeof accessEnvSchema>,
  mode: GatewayMode,
  problems: string[],
): Pick<GatewayConfig, 'auth' | 'limits' | 'rateLimit'> & { graphql: Omit<GraphQLSurfaceConfig, 'corsOrigins'> } {
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
    auth: { mode: e.GATEWAY_AUTH, apiKeys: apiKeys.keys, jwt, devKey: e.GATEWAY_DEV_KEY ?? null },
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
      trustedDocuments,
    },
  };
}

function trustedDocumentsConfig(e: z.infer<typeof accessEnvSchema>, problems: string[]): TrustedDocumentsConfig | null {
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

type SimulatorEnv = Pick<
  z.infer<typeof envSchema>,
  'SIMULATOR_SEED' | 'SIMULATOR_HYPERNODES_PER_REGION' | 'SIMULATOR_SUPERNODES_PER_REGION' | 'SIMULATOR_LATENCY_MS' | 'SIMULATOR_FAULT_RATE' | 'SIMULATOR_FAULTS' | 'SIMULATOR_FAILURE_RATE'
>;

/** The simulated fleet and its faults, for `npm start` in simulated mode and for `npm run simulators` alike. */
function simulatorConfig(e: SimulatorEnv): SimulatorConfig {
  return {
    seed: e.SIMULATOR_SEED,
    hyperNodesPerRegion: e.SIMULATOR_HYPERNODES_PER_REGION,
    supernodesPerRegion: e.SIMULATOR_SUPERNODES_PER_REGION,
    faults: { latencyMs: e.SIMULATOR_LATENCY_MS, rate: e.SIMULATOR_FAULT_RATE, kinds: e.SIMULATOR_FAULTS },
    failureRate: e.SIMULATOR_FAILURE_RATE,
  };
}

// ---- The simulators on their own (`npm run simulators`) ----

/** `npm run simulators`: both clouds' simulators without the gateway, for tools built on the clouds' SDKs. */
export interface StandaloneSimulatorsConfig {
  simulator: SimulatorConfig;
  alibaba: { regions: string[]; /** 0: a free port. */ port: number; credentials: { accessKeyId: string; accessKeySecret: string } | null };
  huawei: { regions: string[]; /** 0: a free port. */ port: number; credentials: { ak: string; sk: string } | null };
}

/** A key its owner may type: no spaces or control characters, at most 128 characters. */
const simulatorKey = optionalText.pipe(
  z
    .string()
    .regex(/^[\x21-\x7e]{1,128}$/, 'must be 1 to 128 printable characters without spaces')
    .optional(),
);

const standaloneSimulatorsSchema = envSchema
  .pick({
    SIMULATOR_SEED: true,
    SIMULATOR_HYPERNODES_PER_REGION: true,
    SIMULATOR_SUPERNODES_PER_REGION: true,
    SIMULATOR_LATENCY_MS: true,
    SIMULATOR_FAULT_RATE: true,
    SIMULATOR_FAULTS: true,
    SIMULATOR_FAILURE_RATE: true,
    ALIBABA_CLOUD_REGIONS: true,
    HUAWEICLOUD_REGIONS: true,
  })
  .extend({
    SIMULATOR_ALIBABA_PORT: int(0, 65535, 0),
    SIMULATOR_HUAWEI_PORT: int(0, 65535, 0),
    // Named apart from the clouds' own variables, so that real keys in the environment are never served or printed.
    SIMULATOR_ALIBABA_ACCESS_KEY_ID: simulatorKey,
    SIMULATOR_ALIBABA_ACCESS_KEY_SECRET: simulatorKey,
    SIMULATOR_HUAWEI_AK: simulatorKey,
    SIMULATOR_HUAWEI_SK: simulatorKey,
  });

/**
 * Reads and checks the settings of `npm run simulators`; `overrides` (its flags) win over the environment.
 * Throws ConfigError listing every problem, each naming its variable.
 */
export function loadStandaloneSimulatorsConfig(
  overrides: Record<string, string> = {},
  env: Record<string, string | undefined> = process.env,
): StandaloneSimulatorsConfig {
  const parsed = standaloneSimulatorsSchema.safeParse({ ...env, ...overrides });
  if (!parsed.success) throw new ConfigError(parsed.error.issues.map((issue) => `${String(issue.path[0])}: ${issue.message}`));
  const e = parsed.data;
  const problems: string[] = [];
  const pair = (idName: string, id: string | undefined, secretName: string, secret: string | undefined) => {
    if (id && !secret) problems.push(`${secretName}: must be set when ${idName} is set`);
    if (secret && !id) problems.push(`${idName}: must be set when ${secretName} is set`);
    return id && secret ? [id, secret] as const : null;
  };
  const alibabaKey = pair('SIMULATOR_ALIBABA_ACCESS_KEY_ID', e.SIMULATOR_ALIBABA_ACCESS_KEY_ID, 'SIMULATOR_ALIBABA_ACCESS_KEY_SECRET', e.SIMULATOR_ALIBABA_ACCESS_KEY_SECRET);
  const huaweiKey = pair('SIMULATOR_HUAWEI_AK', e.SIMULATOR_HUAWEI_AK, 'SIMULATOR_HUAWEI_SK', e.SIMULATOR_HUAWEI_SK);
  if (e.SIMULATOR_ALIBABA_PORT !== 0 && e.SIMULATOR_ALIBABA_PORT === e.SIMULATOR_HUAWEI_PORT) {
    problems.push('SIMULATOR_HUAWEI_PORT: must differ from SIMULATOR_ALIBABA_PORT');
  }
  if (problems.length > 0) throw new ConfigError(problems);
  return {
    simulator: simulatorConfig(e),
    alibaba: {
      regions: e.ALIBABA_CLOUD_REGIONS,
      port: e.SIMULATOR_ALIBABA_PORT,
      credentials: alibabaKey ? { accessKeyId: alibabaKey[0], accessKeySecret: alibabaKey[1] } : null,
    },
    huawei: {
      regions: e.HUAWEICLOUD_REGIONS,
      port: e.SIMULATOR_HUAWEI_PORT,
      credentials: huaweiKey ? { ak: huaweiKey[0], sk: huaweiKey[1] } : null,
    },
  };
}
