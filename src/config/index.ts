/**
 * The environment -> one typed, validated config object, assembled from one module per concern. Only this folder
 * reads `process.env`. Every problem is reported as one line naming the variable; start-up stops on any.
 */
import { existsSync } from 'node:fs';
import { accessConfig, accessEnv, type AccessConfig } from './access.js';
import { backgroundConfig, backgroundEnv, type FleetConfig, type SubscriptionsConfig, type TasksConfig } from './background.js';
import { cloudsConfig, cloudsEnv, modeEnv, type AlibabaConfig, type GatewayMode, type HuaweiConfig } from './clouds.js';
import { allProblems, ConfigError, readEnv } from './env.js';
import { observabilityConfig, observabilityEnv, type LogConfig, type ObservabilityConfig } from './observability.js';
import { serverConfig, serverEnv, type ServerConfig } from './server.js';
import { simulatorConfig, simulatorEnv, type SimulatorConfig } from './simulators.js';
import { storesConfig, storesEnv, type IdempotencyConfig, type RedisConfig } from './stores.js';
import { upstreamConfig, upstreamEnv, type UpstreamConfig } from './upstream.js';

export type * from './access.js';
export type * from './background.js';
export type * from './clouds.js';
export type * from './observability.js';
export type * from './server.js';
export type * from './simulators.js';
export type * from './stores.js';
export type * from './upstream.js';
export { ConfigError } from './env.js';
export { FAULT_KINDS, loadStandaloneSimulatorsConfig } from './simulators.js';

export interface GatewayConfig extends AccessConfig {
  mode: GatewayMode;
  simulator: SimulatorConfig;
  server: ServerConfig;
  upstream: UpstreamConfig;
  fleet: FleetConfig;
  alibaba: AlibabaConfig;
  huawei: HuaweiConfig;
  log: LogConfig;
  observability: ObservabilityConfig;
  tasks: TasksConfig;
  subscriptions: SubscriptionsConfig;
  idempotency: IdempotencyConfig;
  /** Redis shared by replicas (GATEWAY_REDIS_URL); null: every store in memory. */
  redis: RedisConfig | null;
  /** Worker processes on one port (node:cluster); 1 is this process alone. */
  workers: number;
}

const gatewayEnv = {
  ...modeEnv,
  ...serverEnv,
  ...cloudsEnv,
  ...upstreamEnv,
  ...backgroundEnv,
  ...storesEnv,
  ...observabilityEnv,
  ...simulatorEnv,
  ...accessEnv,
};

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

/** Reads and checks the environment; throws ConfigError listing every problem: malformed values and broken rules. */
export function loadConfig(env: Record<string, string | undefined> = process.env): GatewayConfig {
  const reading = readEnv(gatewayEnv, env);
  const e = reading.values;
  // The rules between variables, each pushing one line naming the variable to change.
  const problems: string[] = [];
  const mode = e.GATEWAY_MODE;
  const clouds = cloudsConfig(e, problems);
  const upstream = upstreamConfig(e, problems);
  const access = accessConfig(e, mode, problems);
  const stores = storesConfig(e);
  const devKeyed = mode === 'simulated' && access.auth.mode === 'required' && access.auth.apiKeys.length === 0 && !access.auth.jwt;
  const { server, workers } = serverConfig(e, { mode, devKeyed, shared: stores.redis !== null }, problems);
  const all = allProblems(reading, problems);
  if (all.length > 0) throw new ConfigError(all);

  return {
    mode,
    simulator: simulatorConfig(e),
    server,
    upstream,
    ...backgroundConfig(e),
    ...clouds,
    ...observabilityConfig(e),
    ...stores,
    workers,
    ...access,
  };
}
