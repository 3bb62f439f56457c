/** The embedded simulators of simulated mode, and the settings of `npm run simulators` on its own. */
import { z } from 'zod';
import { regionsEnv } from './clouds.js';
import { allProblems, ConfigError, int, optionalText, readEnv, share, type EnvOf } from './env.js';

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

export const simulatorEnv = {
  SIMULATOR_SEED: int(0, 2 ** 31, 1),
  SIMULATOR_HYPERNODES_PER_REGION: int(1, 100_000, 24),
  SIMULATOR_SUPERNODES_PER_REGION: int(1, 100_000, 8),
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
};

/** The simulated fleet and its faults, for `npm start` in simulated mode and for `npm run simulators` alike. */
export function simulatorConfig(e: EnvOf<typeof simulatorEnv>): SimulatorConfig {
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

const standaloneSimulatorsEnv = {
  ...simulatorEnv,
  ...regionsEnv,
  SIMULATOR_ALIBABA_PORT: int(0, 65535, 0),
  SIMULATOR_HUAWEI_PORT: int(0, 65535, 0),
  // Named apart from the clouds' own variables, so that real keys in the environment are never served or printed.
  SIMULATOR_ALIBABA_ACCESS_KEY_ID: simulatorKey,
  SIMULATOR_ALIBABA_ACCESS_KEY_SECRET: simulatorKey,
  SIMULATOR_HUAWEI_AK: simulatorKey,
  SIMULATOR_HUAWEI_SK: simulatorKey,
};

/**
 * Reads and checks the settings of `npm run simulators`; `overrides` (its flags) win over the environment.
 * Throws ConfigError listing every problem, each naming its variable.
 */
export function loadStandaloneSimulatorsConfig(
  overrides: Record<string, string> = {},
  env: Record<string, string | undefined> = process.env,
): StandaloneSimulatorsConfig {
  const reading = readEnv(standaloneSimulatorsEnv, { ...env, ...overrides });
  const e = reading.values;
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
  const all = allProblems(reading, problems);
  if (all.length > 0) throw new ConfigError(all);
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
