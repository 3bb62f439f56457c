/** Work that outlives one request: fleet snapshots, tasks the gateway follows, watchers of subscriptions. */
import { int, type EnvOf } from './env.js';

/** The fleet snapshot lists and counts read. */
export interface FleetConfig {
  /** How long a region's snapshot is fresh; it is served up to twice that while a refresh runs. 0 turns it off. */
  ttlMs: number;
}

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

export const backgroundEnv = {
  GATEWAY_FLEET_TTL_MS: int(0, 3_600_000, 15_000),
  GATEWAY_TASK_TIMEOUT_MS: int(100, 86_400_000, 900_000),
  GATEWAY_WATCH_INTERVAL_MS: int(50, 600_000, 2_000),
  GATEWAY_MAX_SUBSCRIPTIONS: int(1, 100_000, 20),
};

export function backgroundConfig(e: EnvOf<typeof backgroundEnv>): { fleet: FleetConfig; tasks: TasksConfig; subscriptions: SubscriptionsConfig } {
  return {
    fleet: { ttlMs: e.GATEWAY_FLEET_TTL_MS },
    tasks: { timeoutMs: e.GATEWAY_TASK_TIMEOUT_MS },
    subscriptions: { watchIntervalMs: e.GATEWAY_WATCH_INTERVAL_MS, maxPerPrincipal: e.GATEWAY_MAX_SUBSCRIPTIONS },
  };
}
