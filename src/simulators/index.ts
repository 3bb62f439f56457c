/** Starts the embedded simulators of simulated mode, each with fresh credentials, and says how to reach them. */
import { randomBytes } from 'node:crypto';
import type { GatewayConfig, SimulatorConfig } from '../config/index.js';
import { AlibabaSimulator } from './alibaba.js';
import { evenFaults } from './faults.js';
import { HuaweiSimulator } from './huawei.js';

export interface Simulators {
  alibaba: AlibabaSimulator;
  huawei: HuaweiSimulator;
  stop(): Promise<void>;
}

export interface SimulatedCredentials {
  alibaba: { accessKeyId: string; accessKeySecret: string };
  huawei: { ak: string; sk: string };
}

export interface StartOptions {
  /** Credentials to serve instead of fresh ones, per cloud. */
  credentials?: { alibaba?: SimulatedCredentials['alibaba'] | null; huawei?: SimulatedCredentials['huawei'] | null };
  /** Ports to listen on; 0 or none: a free one. */
  ports?: { alibaba?: number; huawei?: number };
}

/** Simulators serving the config's regions with a fleet of the config's size. */
export async function startSimulators(
  config: { simulator: SimulatorConfig; alibaba: { regions: string[] }; huawei: { regions: string[] } },
  options: StartOptions = {},
) {
  const credentials: SimulatedCredentials = {
    alibaba: options.credentials?.alibaba ?? {
      accessKeyId: `SIM${randomBytes(8).toString('hex').toUpperCase()}`,
      accessKeySecret: randomBytes(24).toString('base64url'),
    },
    huawei: options.credentials?.huawei ?? { ak: `SIM${randomBytes(10).toString('hex').toUpperCase()}`, sk: randomBytes(30).toString('base64url') },
  };
  const { seed, hyperNodesPerRegion, supernodesPerRegion, failureRate } = config.simulator;
  const { latencyMs, rate, kinds } = config.simulator.faults;
  const faults = evenFaults(rate, kinds, { latencyMs, seed, throttleWaitMs: 200 });
  const [alibaba, huawei] = await Promise.all([
    new AlibabaSimulator({
      fleet: { seed, regions: config.alibaba.regions, hyperNodesPerRegion },
      credentials: [credentials.alibaba],
      faults,
      failureRate,
      port: options.ports?.alibaba,
    }).start(),
    new HuaweiSimulator({
      fleet: { seed, regions: config.huawei.regions, supernodesPerRegion },
      credentials: [credentials.huawei],
      faults,
      failureRate,
      port: options.ports?.huawei,
    }).start(),
  ]);
  const simulators: Simulators = {
    alibaba,
    huawei,
    stop: async () => {
      await Promise.all([alibaba.stop(), huawei.stop()]);
    },
  };
  return { simulators, credentials };
}

/** The config pointed at running simulators: their URLs, credentials and projects replace the clouds'. */
export function configForSimulators(config: GatewayConfig, simulators: Simulators, credentials: SimulatedCredentials): GatewayConfig {
  return {
    ...config,
    alibaba: { ...config.alibaba, credentials: credentials.alibaba, endpoint: new URL(simulators.alibaba.url) },
    huawei: {
      ...config.huawei,
      credentials: credentials.huawei,
      projectIds: simulators.huawei.projectIds,
      endpoint: new URL(simulators.huawei.url),
    },
  };
}
