/**
 * A gateway in-process (called with `yoga.fetch`) over simulators on loopback, as the tests and benchmarks use it.
 */
import { loadConfig, type GatewayConfig } from '../../src/config/index.js';
import { globalId } from '../../src/ids.js';
import { createLogger, type Logger } from '../../src/logger.js';
import { adminHandler } from '../../src/observability/admin.js';
import type { RateLimitStore } from '../../src/rate-limit/store.js';
import { createRuntime, type Runtime, type RuntimeOptions } from '../../src/runtime.js';
import { createGateway, type Gateway } from '../../src/server.js';
import { AlibabaSimulator, type AlibabaSimulatorOptions } from '../../src/simulators/alibaba.js';
import { HuaweiSimulator, type HuaweiSimulatorOptions } from '../../src/simulators/huawei.js';
import { ALIBABA_SEED, HUAWEI_SEED } from '../../src/simulators/seed-ids.js';

export const ALIBABA_KEY = { accessKeyId: 'LTAI-test-key', accessKeySecret: 'test-secret-do-not-log' };
export const HUAWEI_KEY = { ak: 'HWTESTAK0000000000', sk: 'huawei-sk-do-not-log' };

/** The API key `stack.query` sends: configured with every scope unless a test sets GATEWAY_API_KEYS itself. */
export const STACK_TOKEN = 'stack-key-with-every-scope-0123456789';

export interface StackOptions {
  env?: Record<string, string>;
  alibaba?: Partial<AlibabaSimulatorOptions>;
  huawei?: Partial<HuaweiSimulatorOptions>;
  /** The secrets the gateway signs with, when a test wants them to differ from the simulators'. */
  alibabaSecret?: string;
  huaweiSecret?: string;
  /** The gateway's logger; silent unless a test wants to read the lines. */
  logger?: Logger;
  rateLimitStore?: RateLimitStore;
  /** Metrics, breakers and tracing options of the runtime. */
  runtime?: RuntimeOptions;
}

export interface GraphQLAnswer<T = Record<string, unknown>> {
  status: number;
  headers: Headers;
  data?: T | null;
  errors?: Array<{ message: string; path?: Array<string | number>; extensions?: Record<string, unknown> }>;
}

export interface Stack {
  yoga: Gateway;
  config: GatewayConfig;
  alibaba: AlibabaSimulator;
  huawei: HuaweiSimulator;
  /** Metrics, breakers, readiness and tracing of this gateway. */
  runtime: Runtime;
  /** A GET of a non-GraphQL path of the public listener, such as `/health`. */
  get(path: string): Promise<Response>;
  /** A GET of the admin listener: `/metrics`, `/readiness`. */
  admin(path: string): Promise<Response>;
  /** Upstream calls of both simulators since the last reset. */
  upstreamCalls(): number;
  resetCalls(): void;
  /** Sends `document` with the stack's all-scopes key. */
  query<T = Record<string, unknown>>(document: string, variables?: Record<string, unknown>): Promise<GraphQLAnswer<T>>;
  /** Sends `document` as `Authorization: Bearer <token>`, or with no Authorization header for null. */
  queryAs<T = Record<string, unknown>>(token: string | null, document: string, variables?: Record<string, unknown>): Promise<GraphQLAnswer<T>>;
  stop(): Promise<void>;
}

/** Another gateway over the same config (and so the same simulators and Redis): a second replica behind a balancer. */
export interface Replica {
  yoga: Gateway;
  runtime: Runtime;
  admin(path: string): Promise<Response>;
  query<T = Record<string, unknown>>(document: string, variables?: Record<string, unknown>): Promise<GraphQLAnswer<T>>;
  queryAs<T = Record<string, unknown>>(token: string | null, document: string, variables?: Record<string, unknown>): Promise<GraphQLAnswer<T>>;
  stop(): Promise<void>;
}

export function startReplica(config: GatewayConfig, options: Pick<StackOptions, 'logger' | 'runtime' | 'rateLimitStore'> = {}): Replica {
  const logger = options.logger ?? createLogger('silent');
  const runtime = createRuntime(config, logger, options.runtime);
  const yoga = createGateway({
    config,
    providers: runtime.providers,
    logger,
    observability: runtime,
    rateLimitStore: options.rateLimitStore ?? runtime.shared?.rateLimit,
    ...(runtime.shared && { idempotency: runtime.shared.idempotency, fleetStore: runtime.shared.fleet, taskStore: runtime.shared.tasks, persistedQueries: runtime.shared.persistedQueries, eventBus: runtime.shared.bus, watchLeases: runtime.shared.watchLeases }),
  });
  const admin = adminHandler(runtime);
  const queryAs = answerOf(yoga);
  return {
    yoga,
    runtime,
    admin: (path) => admin(new Request(`http://admin${path}`)),
    query: (document, variables) => queryAs(STACK_TOKEN, document, variables),
    queryAs,
    stop: () => runtime.close(),
  };
}

function answerOf(yoga: Gateway) {
  return async <T>(token: string | null, document: string, variables?: Record<string, unknown>): Promise<GraphQLAnswer<T>> => {
    const response = await yoga.fetch('http://gateway/graphql', {
      method: 'POST',
      headers: { 'content-type': 'application/json', accept: 'application/json', ...(token !== null && { authorization: `Bearer ${token}` }) },
      body: JSON.stringify({ query: document, variables }),
    });
    const body = (await response.json()) as Omit<GraphQLAnswer<T>, 'status' | 'headers'>;
    return { status: response.status, headers: response.headers, ...body };
  };
}

export async function startStack(options: StackOptions = {}): Promise<Stack> {
  const alibaba = await new AlibabaSimulator({
    credentials: [ALIBABA_KEY],
    actionDurationMs: 300,
    fleet: { regions: ['cn-wulanchabu', 'cn-beijing'], hyperNodesPerRegion: 24 },
    ...options.alibaba,
  }).start();
  const huawei = await new HuaweiSimulator({
    credentials: [HUAWEI_KEY],
    actionDurationMs: 300,
    fleet: { regions: ['cn-north-4', 'cn-southwest-2'], supernodesPerRegion: 8 },
    ...options.huawei,
  }).start();
  const config = loadConfig({
    GATEWAY_MODE: 'live',
    ALIBABA_CLOUD_ACCESS_KEY_ID: ALIBABA_KEY.accessKeyId,
    ALIBABA_CLOUD_ACCESS_KEY_SECRET: options.alibabaSecret ?? ALIBABA_KEY.accessKeySecret,
    ALIBABA_CLOUD_REGIONS: alibaba.regions.join(','),
    ALIBABA_EFLO_ENDPOINT: alibaba.url,
    HUAWEICLOUD_SDK_AK: HUAWEI_KEY.ak,
    HUAWEICLOUD_SDK_SK: options.huaweiSecret ?? HUAWEI_KEY.sk,
    HUAWEICLOUD_REGIONS: huawei.regions.join(','),
    HUAWEICLOUD_SDK_PROJECT_ID: Object.entries(huawei.projectIds)
      .map(([region, id]) => `${region}=${id}`)
      .join(','),
    HUAWEI_MODELARTS_ENDPOINT: huawei.url,
    LOG_LEVEL: 'silent',
    GATEWAY_API_KEYS: `stack=${STACK_TOKEN}:read+write+secrets`,
    // Short backoff keeps retrying tests fast.
    GATEWAY_RETRY_BASE_MS: '5',
    GATEWAY_RETRY_MAX_MS: '40',
    // Tests of their own pin the upstream budget; the others make more calls a second than a caller should.
    GATEWAY_UPSTREAM_BUDGET_PER_SECOND: '0',
    // Lists read the clouds afresh, so each test sees the calls it causes; fleet tests turn the snapshot on.
    GATEWAY_FLEET_TTL_MS: '0',
    ...options.env,
  });
  const { yoga, runtime, admin, query, queryAs } = startReplica(config, options);

  return {
    yoga,
    config,
    alibaba,
    huawei,
    runtime,
    get: (path) => Promise.resolve(yoga.fetch(`http://gateway${path}`)),
    admin,
    upstreamCalls: () => alibaba.calls.total() + huawei.calls.total(),
    resetCalls() {
      alibaba.calls.reset();
      huawei.calls.reset();
    },
    query,
    queryAs,
    async stop() {
      await runtime.close();
      await Promise.all([alibaba.stop(), huawei.stop()]);
    },
  };
}

/** The seed's hyper cluster (Huawei, CreateHyperCluster example). */
export const SEED_HUAWEI = {
  clusterId: globalId('HUAWEI', HUAWEI_SEED.region, 'hypercluster', HUAWEI_SEED.hyperClusterId),
  name: HUAWEI_SEED.name,
  subnetId: HUAWEI_SEED.subnetId,
};

/** The seed's hypernode and its only node. */
export const SEED = {
  hyperNodeId: globalId('ALIBABA', ALIBABA_SEED.region, 'hypernode', ALIBABA_SEED.hyperNodeId),
  nodeId: globalId('ALIBABA', ALIBABA_SEED.region, 'node', ALIBABA_SEED.nodeId),
  clusterId: globalId('ALIBABA', ALIBABA_SEED.region, 'hypercluster', ALIBABA_SEED.clusterId),
  hostname: ALIBABA_SEED.hostname,
};
