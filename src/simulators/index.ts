/** Starts the embedded simulators of simulated mode, each with fresh credentials, and says how to reach them. */
import { randomBytes } from 'node:crypto';
import type { GatewayConfig } from '../config.js';
import { AlibabaSimulator } from './alibaba.js';

export interface Simulators {
  alibaba: AlibabaSimulator;
  stop(): Promise<void>;
}

export interface SimulatorSettings {
  seed: number;
  hyperNodesPerRegion: number;
  alibabaRegions: readonly string[];
}

export async function startSimulators(settings: SimulatorSettings): Promise<{ simulators: Simulators; credentials: SimulatedCredentials }> {
  const credentials: SimulatedCredentials = {
    alibaba: { accessKeyId: `SIM${randomBytes(8).toString('hex').toUpperCase()}`, accessKeySecret: randomBytes(24).toString('base64url') },
  };
  const alibaba = await new AlibabaSimulator({
    fleet: { seed: settings.seed, regions: settings.alibabaRegions, hyperNodesPerRegion: settings.hyperNodesPerRegion },
    credentials: [credentials.alibaba],
  }).start();
  return {
    simulators: { alibaba, stop: () => alibaba.stop() },
    credentials,
  };
}

export interface SimulatedCredentials {
  alibaba: { accessKeyId: string; accessKeySecret: string };
}

/** The config pointed at running simulators: their URLs and credentials replace the cloud's. */
export function configForSimulators(config: GatewayConfig, simulators: Simulators, credentials: SimulatedCredentials): GatewayConfig {
  return {
    ...config,
    alibaba: { ...config.alibaba, credentials: credentials.alibaba, endpoint: new URL(simulators.alibaba.url) },
  };
}
