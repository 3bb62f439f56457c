/**
 * A gateway in-process (called with `yoga.fetch`) over simulators on loopback, as the tests and benchmarks use it.
 */
import { loadConfig, type GatewayConfig } from '../../src/config.js';
import { createLogger } from '../../src/logger.js';
import { HttpTransport } from '../../src/providers/http.js';
import { createProviders } from '../../src/providers/index.js';
import { createGateway, type Gateway } from '../../src/server.js';
import { AlibabaSimulator, type AlibabaSimulatorOptions } from '../../src/simulators/alibaba.js';

export const ALIBABA_KEY = { accessKeyId: 'LTAI-test-key', accessKeySecret: 'test-secret-do-not-log' };

/** An API key with every scope, configured unless a test sets GATEWAY_API_KEYS itself. */
export const STACK_TOKEN = 'stack-key-with-every-scope-0123456789';

export interface StackOptions {
  env?: Record<string, string>;
  alibaba?: Partial<AlibabaSimulatorOptions>;
  /** The secret the gateway signs with, when a test wants it to differ from the simulator's. */
  alibabaSecret?: string;
}

export interface GraphQLAnswer<T = Record<string, unknown>> {
  status: number;
  data?: T | null;
  errors?: Array<{ message: string; path?: Array<string | number>; extensions?: Record<string, unknown> }>;
}

export interface Stack {
  yoga: Gateway;
  config: GatewayConfig;
  alibaba: AlibabaSimulator;
  query<T = Record<string, unknown>>(document: string, variables?: Record<string, unknown>): Promise<GraphQLAnswer<T>>;
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
  const yoga = createGateway({ config, providers, logger: createLogger('silent') });
  return {
    yoga,
    config,
    alibaba,
    async query<T>(document: string, variables?: Record<string, unknown>) {
      const response = await yoga.fetch('http://gateway/graphql', {
        method: 'POST',
        headers: { 'content-type': 'application/json', accept: 'application/json' },
        body: JSON.stringify({ query: document, variables }),
      });
      const body = (await response.json()) as Omit<GraphQLAnswer<T>, 'status'>;
      return { status: response.status, ...body };
    },
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
