import { availableParallelism } from 'node:os';
import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../../src/config/index.js';

function problemsOf(env: Record<string, string>): string[] {
  try {
    loadConfig(env);
  } catch (error) {
    if (error instanceof ConfigError) return error.problems;
    throw error;
  }
  return [];
}

describe('configuration', () => {
  it('defaults to simulated mode on port 4000 with cn-wulanchabu', () => {
    const config = loadConfig({});
    expect(config.mode).toBe('simulated');
    expect(config.server.port).toBe(4000);
    expect(config.alibaba.regions).toEqual(['cn-wulanchabu']);
    expect(config.alibaba.credentials).toBeNull();
    expect(config.alibaba.endpoint).toBeNull();
    expect(config.upstream.requestTimeoutMs).toBe(10_000);
  });

  it('reads credentials, regions and an endpoint override', () => {
    const config = loadConfig({
      GATEWAY_MODE: 'live',
      GATEWAY_API_KEYS: 'tools=k2-tools-key-000000:read',
      ALIBABA_CLOUD_ACCESS_KEY_ID: 'id',
      ALIBABA_CLOUD_ACCESS_KEY_SECRET: 'secret',
      ALIBABA_CLOUD_SECURITY_TOKEN: 'sts',
      ALIBABA_CLOUD_REGIONS: 'cn-wulanchabu, cn-beijing,cn-beijing',
      ALIBABA_EFLO_ENDPOINT: 'http://127.0.0.1:9000',
      PORT: '8080',
    });
    expect(config.alibaba.credentials).toEqual({ accessKeyId: 'id', accessKeySecret: 'secret', securityToken: 'sts' });
    expect(config.alibaba.regions).toEqual(['cn-wulanchabu', 'cn-beijing']);
    expect(config.alibaba.endpoint?.origin).toBe('http://127.0.0.1:9000');
    expect(config.server.port).toBe(8080);
  });

  it.each([
    [{ PORT: 'eighty' }, 'PORT: must be a whole number from 0 to 65535'],
    [{ PORT: '70000' }, 'PORT: must be at most 65535'],
    [{ GATEWAY_MODE: 'production' }, 'GATEWAY_MODE: must be simulated or live'],
    [{ ALIBABA_CLOUD_REGIONS: 'cn-wulanchabu,Not A Region' }, 'ALIBABA_CLOUD_REGIONS: "Not A Region" is not a comma list of region names'],
    [{ ALIBABA_EFLO_ENDPOINT: 'ftp://x' }, 'ALIBABA_EFLO_ENDPOINT: "ftp://x" is not an http(s) URL'],
    [{ ALIBABA_CLOUD_ACCESS_KEY_ID: 'id' }, 'ALIBABA_CLOUD_ACCESS_KEY_SECRET: must be set when ALIBABA_CLOUD_ACCESS_KEY_ID is set'],
    [{ GATEWAY_MODE: 'live', GATEWAY_AUTH: 'none' }, 'GATEWAY_MODE: live mode needs credentials for at least one cloud'],
    [{ GATEWAY_REQUEST_TIMEOUT_MS: '500', GATEWAY_UPSTREAM_CALL_TIMEOUT_MS: '900' }, 'GATEWAY_UPSTREAM_CALL_TIMEOUT_MS: must not exceed'],
    [{ GATEWAY_UPSTREAM_MAX_ANSWER_BYTES: '1000' }, 'GATEWAY_UPSTREAM_MAX_ANSWER_BYTES: must be at least 65536'],
    [{ GATEWAY_UPSTREAM_MAX_ANSWER_BYTES: 'lots' }, 'GATEWAY_UPSTREAM_MAX_ANSWER_BYTES: must be a whole number'],
    [{ GATEWAY_IDEMPOTENCY_MAX_BYTES: '10' }, 'GATEWAY_IDEMPOTENCY_MAX_BYTES: must be at least 65536'],
    [{ HUAWEICLOUD_SDK_SK: 'sk' }, 'HUAWEICLOUD_SDK_AK: must be set when HUAWEICLOUD_SDK_SK is set'],
    [{ GATEWAY_MODE: 'live', GATEWAY_AUTH: 'none', HUAWEICLOUD_SDK_AK: 'ak', HUAWEICLOUD_SDK_SK: 'sk' }, 'HUAWEICLOUD_SDK_PROJECT_ID: must be set when HUAWEICLOUD_SDK_AK is set'],
    [{ HUAWEICLOUD_REGIONS: 'cn-north-4,cn-southwest-2', HUAWEICLOUD_SDK_PROJECT_ID: 'abc' }, 'HUAWEICLOUD_SDK_PROJECT_ID: give one project per region'],
    [{ HUAWEICLOUD_REGIONS: 'cn-north-4,cn-southwest-2', HUAWEICLOUD_SDK_PROJECT_ID: 'cn-north-4=abc' }, 'HUAWEICLOUD_SDK_PROJECT_ID: no project for cn-southwest-2'],
    [{ HUAWEICLOUD_SDK_PROJECT_ID: 'cn-north-4=a/b' }, 'HUAWEICLOUD_SDK_PROJECT_ID: "cn-north-4=a/b" is not region=projectId'],
    [{ HUAWEI_MODELARTS_ENDPOINT: 'https://user:pw@example.com' }, 'HUAWEI_MODELARTS_ENDPOINT: "https://user:pw@example.com" is not an http(s) URL without credentials'],
    [{ GATEWAY_RETRY_BASE_MS: '500', GATEWAY_RETRY_MAX_MS: '100' }, 'GATEWAY_RETRY_BASE_MS: must not exceed GATEWAY_RETRY_MAX_MS'],
    [{ GATEWAY_RETRY_MAX_ATTEMPTS: '0' }, 'GATEWAY_RETRY_MAX_ATTEMPTS: must be at least 1'],
    [{ GATEWAY_BREAKER_FAILURE_RATE: '1' }, 'GATEWAY_BREAKER_FAILURE_RATE: must be above 0 and below 1'],
    [{ GATEWAY_BREAKER_FAILURE_RATE: 'half' }, 'GATEWAY_BREAKER_FAILURE_RATE: must be a share from 0 to 1'],
    [{ GATEWAY_OTEL: 'yes' }, 'GATEWAY_OTEL: must be true or false'],
    [{ GATEWAY_UPSTREAM_COALESCE: 'yes' }, 'GATEWAY_UPSTREAM_COALESCE: must be on or off'],
    [{ OTEL_EXPORTER_OTLP_ENDPOINT: 'collector:4318' }, 'OTEL_EXPORTER_OTLP_ENDPOINT: "collector:4318" is not an http(s) URL'],
    [{ SIMULATOR_FAULT_RATE: '20%' }, 'SIMULATOR_FAULT_RATE: must be a share from 0 to 1'],
    [{ SIMULATOR_FAULTS: 'error,flood' }, 'SIMULATOR_FAULTS: "flood" is not a comma list of error, throttle, reset, malformed, truncated, stall'],
  ])('refuses %j with one line naming the variable', (env, line) => {
    const problems = problemsOf(env);
    expect(problems).toHaveLength(1);
    expect(problems[0]).toContain(line);
    expect(problems[0]).not.toContain('\n');
  });

  it('reads Huawei credentials and one project per region', () => {
    const config = loadConfig({
      GATEWAY_MODE: 'live',
      GATEWAY_API_KEYS: 'tools=k2-tools-key-000000:read+write',
      HUAWEICLOUD_SDK_AK: 'ak',
      HUAWEICLOUD_SDK_SK: 'sk',
      HUAWEICLOUD_SDK_SECURITY_TOKEN: 'token',
      HUAWEICLOUD_REGIONS: 'cn-north-4,cn-southwest-2',
      HUAWEICLOUD_SDK_PROJECT_ID: 'cn-north-4=p1, cn-southwest-2=p2',
    });
    expect(config.huawei).toEqual({
      regions: ['cn-north-4', 'cn-southwest-2'],
      credentials: { ak: 'ak', sk: 'sk', securityToken: 'token' },
      projectIds: { 'cn-north-4': 'p1', 'cn-southwest-2': 'p2' },
      endpoint: null,
    });
    // Live mode with one cloud's credentials serves that cloud only.
    expect(config.alibaba.credentials).toBeNull();
    expect(loadConfig({ HUAWEICLOUD_SDK_PROJECT_ID: 'p0' }).huawei.projectIds).toEqual({ 'cn-north-4': 'p0' });
  });

  it('defaults resilience and observability settings, and reads them', () => {
    const defaults = loadConfig({});
    expect(defaults.upstream.retry).toEqual({ maxAttempts: 3, baseDelayMs: 100, maxDelayMs: 2_000, budgetPerRequest: 10 });
    expect(defaults.upstream.breaker).toEqual({ failureRate: 0.5, minCalls: 10, windowMs: 10_000, cooldownMs: 10_000 });
    expect(defaults.server.shutdownGraceMs).toBe(10_000);
    expect(defaults.observability).toEqual({ tracing: { enabled: false, endpoint: null }, readinessProbeTimeoutMs: 3_000 });
    expect(defaults.simulator.faults).toEqual({ latencyMs: 0, rate: 0, kinds: ['error', 'throttle', 'reset', 'malformed', 'truncated', 'stall'] });

    const set = loadConfig({
      GATEWAY_OTEL: 'true',
      OTEL_EXPORTER_OTLP_ENDPOINT: 'http://collector:4318',
      SIMULATOR_FAULT_RATE: '0.2',
      SIMULATOR_FAULTS: 'throttle, stall',
      SIMULATOR_LATENCY_MS: '50',
      GATEWAY_BREAKER_FAILURE_RATE: '.25',
    });
    expect(set.observability.tracing).toEqual({ enabled: true, endpoint: new URL('http://collector:4318') });
    expect(set.simulator.faults).toEqual({ latencyMs: 50, rate: 0.2, kinds: ['throttle', 'stall'] });
    expect(set.upstream.breaker.failureRate).toBe(0.25);
  });

  it('defaults the fleet snapshot to 15 s, reads 0 as off, and names GATEWAY_FLEET_TTL_MS when it is bad', () => {
    expect(loadConfig({}).fleet).toEqual({ ttlMs: 15_000 });
    expect(loadConfig({ GATEWAY_FLEET_TTL_MS: '0' }).fleet).toEqual({ ttlMs: 0 });
    for (const bad of ['-1', 'soon', '1.5', '3600001']) {
      const problems = problemsOf({ GATEWAY_FLEET_TTL_MS: bad });
      expect(problems, bad).toHaveLength(1);
      expect(problems[0]!.startsWith('GATEWAY_FLEET_TTL_MS: ')).toBe(true);
    }
  });

  it('keeps every store in memory without GATEWAY_REDIS_URL, reads redis:// and rediss:// with credentials, and names bad Redis settings', () => {
    expect(loadConfig({}).redis).toBeNull();
    const redis = loadConfig({ GATEWAY_REDIS_URL: 'rediss://gw:s3cret@redis.internal:6380/2', GATEWAY_REDIS_PREFIX: 'prod:gw:' }).redis!;
    expect(redis.url.href).toBe('rediss://gw:s3cret@redis.internal:6380/2');
    expect(redis).toMatchObject({ prefix: 'prod:gw:', timeoutMs: 1_000, rateLimitOnFailure: 'allow' });
    expect(loadConfig({ GATEWAY_REDIS_URL: 'redis://localhost', GATEWAY_RATE_LIMIT_ON_STORE_FAILURE: 'deny' }).redis).toMatchObject({
      prefix: 'hypernode-gateway:',
      rateLimitOnFailure: 'deny',
    });
    for (const [name, bad] of [
      ['GATEWAY_REDIS_URL', 'http://user:hunter2@localhost:6379'],
      ['GATEWAY_REDIS_URL', 'localhost:6379'],
      ['GATEWAY_REDIS_PREFIX', 'has spaces'],
      ['GATEWAY_REDIS_TIMEOUT_MS', '5'],
      ['GATEWAY_RATE_LIMIT_ON_STORE_FAILURE', 'maybe'],
    ] as const) {
      const problems = problemsOf({ GATEWAY_REDIS_URL: 'redis://localhost', [name]: bad });
      expect(problems, bad).toHaveLength(1);
      expect(problems[0]!.startsWith(`${name}: `)).toBe(true);
      expect(problems[0]).not.toContain('hunter2');
    }
  });

  it('runs one worker unless told, auto for one per core, and more only with Redis in live mode', () => {
    const live = { GATEWAY_MODE: 'live', GATEWAY_AUTH: 'none', HUAWEICLOUD_SDK_AK: 'ak', HUAWEICLOUD_SDK_SK: 'sk', HUAWEICLOUD_SDK_PROJECT_ID: 'p1' };
    expect(loadConfig({}).workers).toBe(1);
    expect(loadConfig({ ...live, GATEWAY_REDIS_URL: 'redis://localhost', GATEWAY_WORKERS: '3' }).workers).toBe(3);
    expect(loadConfig({ ...live, GATEWAY_REDIS_URL: 'redis://localhost', GATEWAY_WORKERS: 'auto' }).workers).toBe(availableParallelism());
    expect(problemsOf({ ...live, GATEWAY_WORKERS: '2' })).toEqual([expect.stringMatching(/^GATEWAY_WORKERS: more than 1 worker needs GATEWAY_REDIS_URL/)]);
    expect(problemsOf({ GATEWAY_REDIS_URL: 'redis://localhost', GATEWAY_WORKERS: '2' })).toEqual([expect.stringMatching(/^GATEWAY_WORKERS: more than 1 worker needs live mode/)]);
    for (const bad of ['0', 'many', '257']) expect(problemsOf({ GATEWAY_WORKERS: bad }), bad).toEqual([expect.stringMatching(/^GATEWAY_WORKERS: /)]);
  });

  it('reports every bad variable at once', () => {
    expect(problemsOf({ PORT: 'x', GATEWAY_MODE: 'y' }).map((p) => p.split(':')[0]).sort()).toEqual(['GATEWAY_MODE', 'PORT']);
  });

  it('reports a malformed variable and a broken rule between others together', () => {
    expect(problemsOf({ PORT: 'eighty', GATEWAY_RETRY_BASE_MS: '500', GATEWAY_RETRY_MAX_MS: '100' })).toEqual([
      'PORT: must be a whole number from 0 to 65535',
      'GATEWAY_RETRY_BASE_MS: must not exceed GATEWAY_RETRY_MAX_MS',
    ]);
    expect(problemsOf({ GATEWAY_API_KEYS: 'frontend', GATEWAY_MAX_COST: 'lots', GATEWAY_JWT_ISSUER: 'https://id.example.com' })).toEqual([
      'GATEWAY_MAX_COST: must be a whole number from 1 to 10000000',
      'GATEWAY_API_KEYS: entry 1 is not name=key:scope+scope',
      'GATEWAY_JWT_JWKS_URL: must be set with GATEWAY_JWT_ISSUER (JWTs need a JWKS URL, an issuer and an audience)',
    ]);
  });

  it('does not judge a rule by the default of a malformed variable it reads', () => {
    // With GATEWAY_REQUEST_TIMEOUT_MS at its default (10000), 20000 would exceed it; the malformed value is the problem.
    expect(problemsOf({ GATEWAY_REQUEST_TIMEOUT_MS: 'soon', GATEWAY_UPSTREAM_CALL_TIMEOUT_MS: '20000' })).toEqual([
      'GATEWAY_REQUEST_TIMEOUT_MS: must be a whole number from 100 to 600000',
    ]);
    expect(problemsOf({ GATEWAY_JWT_JWKS_URL: 'ftp://id.example.com', GATEWAY_JWT_ISSUER: 'i', GATEWAY_JWT_AUDIENCE: 'a' })).toEqual([
      'GATEWAY_JWT_JWKS_URL: "ftp://id.example.com" is not an https URL (http only on localhost) without credentials',
    ]);
  });

  describe('access settings', () => {
    const live = { GATEWAY_MODE: 'live', ALIBABA_CLOUD_ACCESS_KEY_ID: 'id', ALIBABA_CLOUD_ACCESS_KEY_SECRET: 'secret' };

    it('defaults to required auth, 100-item pages, limits, a rate limit, and introspection and GraphiQL on in simulated mode', () => {
      const config = loadConfig({});
      expect(config.auth).toEqual({ mode: 'required', apiKeys: [], jwt: null, devKey: null, trustedProxyHops: 0 });
      expect(config.limits).toEqual({
        maxDepth: 10,
        maxAliases: 15,
        maxDirectives: 50,
        maxTokens: 1_000,
        maxCost: 5_000,
        maxBodyBytes: 100_000,
        maxPageSize: 100,
        maxIds: 100,
      });
      expect(config.rateLimit).toEqual({ perSecond: 50, burst: 100, upstream: { perSecond: 100, burst: 500 } });
      expect(config.graphql).toEqual({ introspection: true, graphiql: true, corsOrigins: [], trustedDocuments: null });
    });

    it('turns introspection and GraphiQL off by default in live mode, and follows their settings', () => {
      expect(loadConfig({ ...live, GATEWAY_AUTH: 'none' }).graphql).toEqual({ introspection: false, graphiql: false, corsOrigins: [], trustedDocuments: null });
      expect(loadConfig({ ...live, GATEWAY_AUTH: 'none', GATEWAY_INTROSPECTION: 'true' }).graphql).toEqual({ introspection: true, graphiql: false, corsOrigins: [], trustedDocuments: null });
      expect(loadConfig({ GATEWAY_GRAPHIQL: 'false' }).graphql).toEqual({ introspection: true, graphiql: false, corsOrigins: [], trustedDocuments: null });
    });

    it('reads API keys with their scopes, and a JWT issuer', () => {
      const config = loadConfig({
        ...live,
        GATEWAY_API_KEYS: 'frontend=k1-frontend-key-0000:read, tools=k2-tools-key-000000:read+write,ops=k3-ops-key-00000000:read+write+secrets',
        GATEWAY_JWT_JWKS_URL: 'https://id.example.com/.well-known/jwks.json',
        GATEWAY_JWT_ISSUER: 'https://id.example.com/',
        GATEWAY_JWT_AUDIENCE: 'hypernode-gateway',
      });
      expect(config.auth.apiKeys).toEqual([
        { name: 'frontend', key: 'k1-frontend-key-0000', scopes: new Set(['read']) },
        { name: 'tools', key: 'k2-tools-key-000000', scopes: new Set(['read', 'write']) },
        { name: 'ops', key: 'k3-ops-key-00000000', scopes: new Set(['read', 'write', 'secrets']) },
      ]);
      expect(config.auth.jwt).toEqual({
        jwksUrl: new URL('https://id.example.com/.well-known/jwks.json'),
        issuer: 'https://id.example.com/',
        audience: 'hypernode-gateway',
      });
    });

    it('lets live mode start without authentication only when GATEWAY_AUTH=none says so', () => {
      expect(problemsOf(live)).toEqual([
        'GATEWAY_AUTH: live mode needs GATEWAY_API_KEYS or GATEWAY_JWT_JWKS_URL, or GATEWAY_AUTH=none to serve without authentication',
      ]);
      expect(loadConfig({ ...live, GATEWAY_AUTH: 'none' }).auth.mode).toBe('none');
      expect(loadConfig({ ...live, GATEWAY_API_KEYS: 'tools=k2-tools-key-000000:read' }).auth.mode).toBe('required');
    });

    it.each([
      [{ GATEWAY_AUTH: 'off' }, 'GATEWAY_AUTH: must be required or none'],
      [{ GATEWAY_AUTH: 'none', GATEWAY_API_KEYS: 'a=k-just-long-enough:read' }, 'GATEWAY_AUTH: none contradicts'],
      [{ GATEWAY_API_KEYS: 'frontend' }, 'GATEWAY_API_KEYS: entry 1 is not name=key:scope+scope'],
      [{ GATEWAY_API_KEYS: 'a=k1-frontend-key-0000:read,b=k2-tools-key-000000:admin' }, 'GATEWAY_API_KEYS: entry 2 (b): unknown scope "admin"'],
      [{ GATEWAY_API_KEYS: 'a=k1-frontend-key-0000:read,a=k2-tools-key-000000:read' }, 'GATEWAY_API_KEYS: entry 2: the name a is used twice'],
      [{ GATEWAY_API_KEYS: 'a=k1-frontend-key-0000:read,b=k1-frontend-key-0000:write' }, 'GATEWAY_API_KEYS: entry 2 (b): the same key as a'],
      [{ GATEWAY_API_KEYS: 'a=k1-frontend-key-0000:' }, 'GATEWAY_API_KEYS: entry 1 (a): needs at least one scope'],
      [{ GATEWAY_JWT_JWKS_URL: 'https://id.example.com/jwks' }, 'GATEWAY_JWT_ISSUER: must be set with GATEWAY_JWT_JWKS_URL'],
      [{ GATEWAY_JWT_JWKS_URL: 'http://id.example.com/jwks' }, 'GATEWAY_JWT_JWKS_URL: "http://id.example.com/jwks" is not an https URL'],
      [{ GATEWAY_INTROSPECTION: 'yes' }, 'GATEWAY_INTROSPECTION: must be true or false'],
      [{ GATEWAY_MAX_PAGE_SIZE: '0' }, 'GATEWAY_MAX_PAGE_SIZE: must be at least 1'],
      [{ GATEWAY_RATE_LIMIT_BURST: 'lots' }, 'GATEWAY_RATE_LIMIT_BURST: must be a whole number'],
    ])('refuses %j with one line naming the variable', (env, line) => {
      const problems = problemsOf(env);
      expect(problems).toHaveLength(1);
      expect(problems[0]).toContain(line);
      expect(problems[0]).not.toContain('\n');
    });

    it('never repeats a key in a problem', () => {
      const problems = problemsOf({ GATEWAY_API_KEYS: 'ok=first-secret-key:read,bad=second-secret-key:root,ok=third-secret-key:read, broken-secret-key' });
      expect(problems).toHaveLength(3);
      expect(problems.join('\n')).not.toMatch(/secret-key/);
    });
  });
});


describe('the HTTP surface settings', () => {
  const live = { GATEWAY_MODE: 'live', ALIBABA_CLOUD_ACCESS_KEY_ID: 'id', ALIBABA_CLOUD_ACCESS_KEY_SECRET: 'secret' };
  const key = 'tools=tools-key-0123456789:read';

  it('listens on loopback in simulated mode with a development key, on every address otherwise, and as HOST says', () => {
    expect(loadConfig({}).server.host).toBe('127.0.0.1');
    expect(loadConfig({ GATEWAY_API_KEYS: key }).server.host).toBe('0.0.0.0');
    expect(loadConfig({ GATEWAY_AUTH: 'none' }).server.host).toBe('0.0.0.0');
    expect(loadConfig({ ...live, GATEWAY_API_KEYS: key }).server.host).toBe('0.0.0.0');
    expect(loadConfig({ HOST: '0.0.0.0' }).server.host).toBe('0.0.0.0');
  });

  it('serves /metrics and /readiness on an admin port bound to loopback: 9464, or any free one when PORT is', () => {
    expect(loadConfig({}).server.admin).toEqual({ host: '127.0.0.1', port: 9464 });
    expect(loadConfig({ PORT: '0' }).server.admin).toEqual({ host: '127.0.0.1', port: 0 });
    expect(loadConfig({ GATEWAY_ADMIN_PORT: '9100', GATEWAY_ADMIN_HOST: '10.0.0.5' }).server.admin).toEqual({ host: '10.0.0.5', port: 9100 });
    expect(problemsOf({ PORT: '9464' })).toEqual(['GATEWAY_ADMIN_PORT: must differ from PORT']);
    expect(problemsOf({ GATEWAY_ADMIN_PORT: '70000' })).toEqual(['GATEWAY_ADMIN_PORT: must be at most 65535']);
  });

  it('caps connections and reads the CORS allow-list, empty by default', () => {
    expect(loadConfig({}).server.maxConnections).toBe(1_000);
    expect(loadConfig({ GATEWAY_MAX_CONNECTIONS: '50' }).server.maxConnections).toBe(50);
    expect(loadConfig({}).graphql.corsOrigins).toEqual([]);
    expect(loadConfig({ GATEWAY_CORS_ORIGINS: 'https://console.example.com, http://localhost:5173' }).graphql.corsOrigins).toEqual([
      'https://console.example.com',
      'http://localhost:5173',
    ]);
    for (const bad of ['*', 'https://console.example.com/', 'console.example.com', 'https://user:pw@console.example.com', 'null']) {
      expect(problemsOf({ GATEWAY_CORS_ORIGINS: bad })).toEqual([expect.stringMatching(/^GATEWAY_CORS_ORIGINS: .* is not a comma list of origins/)]);
    }
  });

  it('reads the upstream-call budget per principal, 0 turning it off', () => {
    expect(loadConfig({ GATEWAY_UPSTREAM_BUDGET_PER_SECOND: '0', GATEWAY_UPSTREAM_BUDGET_BURST: '7' }).rateLimit.upstream).toEqual({ perSecond: 0, burst: 7 });
    expect(problemsOf({ GATEWAY_UPSTREAM_BUDGET_PER_SECOND: 'many' })).toEqual([expect.stringMatching(/^GATEWAY_UPSTREAM_BUDGET_PER_SECOND: must be a whole number/)]);
  });

  it('refuses API keys shorter than 16 characters, without repeating them', () => {
    const problems = problemsOf({ GATEWAY_API_KEYS: 'ok=sixteen-chars-ok:read,short=fifteen-chars-x:read' });
    expect(problems).toEqual(['GATEWAY_API_KEYS: entry 2 (short): the key must be at least 16 characters']);
    expect(loadConfig({ GATEWAY_API_KEYS: 'ok=sixteen-chars-ok:read' }).auth.apiKeys).toHaveLength(1);
  });
});
