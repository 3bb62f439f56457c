/**
 * A gateway in-process (called with `yoga.fetch`) over simulators on loopback, as the tests and benchmarks use it.
 */
import { loadConfig, type GatewayConfig } from '../../src/config.js';
import { createLogger, type Logger } from '../../src/logger.js';
import { HttpTransport } from '../../src/providers/http.js';
import { createProviders } from '../../src/providers/index.js';
import type { RateLimitStore } from '../../src/rate-limit/store.js';
import { createGateway, type Gateway } from '../../src/server.js';
import { AlibabaSimulator, type AlibabaSimulatorOptions } from '../../src/simulators/alibaba.js';

export const ALIBABA_KEY = { accessKeyId: 'LTAI-test-key', accessKeySecret: 'test-secret-do-not-log' };

/** The API key `stack.query` sends: configured with every scope unless a test sets GATEWAY_API_KEYS itself. */
export const STACK_TOKEN = 'stack-key-with-every-scope-0123456789';

export interface StackOptions {
  env?: Record<string, string>;
  alibaba?: Partial<AlibabaSimulatorOptions>;
  /** The secret the gateway signs with, when a test wants it to differ from the simulator's. */
  alibabaSecret?: string;
  /** The gateway's logger; silent unless a test wants to read the lines. */
  logger?: Logger;
  rateLimitStore?: RateLimitStore;
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
  /** Sends `document` with the stack's all-scopes key. */
  query<T = Record<string, unknown>>(document: string, variables?: Record<string, unknown>): Promise<GraphQLAnswer<T>>;
  /** Sends `document` as `Authorization: Bearer <token>`, or with no Authorization header for null. */
  queryAs<T = Record<string, unknown>>(token: string | null, document: string, variables?: Record<string, unknown>): Promise<GraphQLAnswer<T>>;
  stop(): Promise<void>;
}

export async function startStack(options: StackOptions = {}): Promise<Stack> {
  const alibaba = await new AlibabaSimulator({
    credentials: [ALIBABA_KEY],
    fleet: { regions: ['cn-wulanchabu', 'cn-beijing'], hyperNodesPerRegion: 24 },
    ...options.alibaba,
  }).start();
  const config = loadConfig({
    GATEWAY_MODE: 'live',
    ALIBABA_CLOUD_ACCESS_KEY_ID: ALIBABA_KEY.accessKeyId,
    ALIBABA_CLOUD_ACCESS_KEY_SECRET: options.alibabaSecret ?? ALIBABA_KEY.accessKeySecret,
    ALIBABA_CLOUD_REGIONS: alibaba.regions.join(','),
    ALIBABA_EFLO_ENDPOINT: alibaba.url,
    LOG_LEVEL: 'silent',
    GATEWAY_API_KEYS: `stack=${STACK_TOKEN}:read+write+secrets`,
    ...options.env,
  });
  const transport = new HttpTransport({ connectTimeoutMs: config.upstream.connectTimeoutMs, callTimeoutMs: config.upstream.callTimeoutMs });
  const providers = createProviders(config, transport);
  const yoga = createGateway({ config, providers, logger: options.logger ?? createLogger('silent'), rateLimitStore: options.rateLimitStore });
  const queryAs = async <T>(token: string | null, document: string, variables?: Record<string, unknown>): Promise<GraphQLAnswer<T>> => {
    const response = await yoga.fetch('http://gateway/graphql', {
      method: 'POST',
      headers: { 'content-type': 'application/json', accept: 'application/json', ...(token !== null && { authorization: `Bearer ${token}` }) },
      body: JSON.stringify({ query: document, variables }),
    });
    const body = (await response.json()) as Omit<GraphQLAnswer<T>, 'status' | 'headers'>;
    return { status: response.status, headers: response.headers, ...body };
  };
  return {
    yoga,
    config,
    alibaba,
    query: (document, variables) => queryAs(STACK_TOKEN, document, variables),
    queryAs,
    async stop() {
      await transport.close();
      await alibaba.stop();
    },
  };
}

/** The seed's hypernode and its only node. */
export const SEED = {
  hyperNodeId: 'alibaba:cn-wulanchabu:hypernode:e01-cn-zvp2tgykr08',
  nodeId: 'alibaba:cn-wulanchabu:node:e01-cn-zvp2tgykr0b',
  clusterId: 'alibaba:cn-wulanchabu:hypercluster:i112138561737531371671',
  hostname: 'alywlcb-lingjun-gpu-0025',
};
