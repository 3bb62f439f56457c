/**
 * `npm run simulators`: both clouds' simulators on their own, for tools built on the clouds' SDKs. Prints each
 * endpoint and the credentials to use (`--json`: one line for scripts); SIGTERM or Ctrl-C stops them.
 */
import { parseArgs } from 'node:util';
import { ConfigError, loadStandaloneSimulatorsConfig, type StandaloneSimulatorsConfig } from '../config/index.js';
import { API_VERSION } from '../providers/alibaba/wire.js';
import { startSimulators } from './index.js';

/** Each flag sets one setting. Credentials have none: a flag's value shows in every process list. */
const FLAGS = {
  'alibaba-port': 'SIMULATOR_ALIBABA_PORT',
  'huawei-port': 'SIMULATOR_HUAWEI_PORT',
  'alibaba-regions': 'ALIBABA_CLOUD_REGIONS',
  'huawei-regions': 'HUAWEICLOUD_REGIONS',
  seed: 'SIMULATOR_SEED',
  hypernodes: 'SIMULATOR_HYPERNODES_PER_REGION',
  supernodes: 'SIMULATOR_SUPERNODES_PER_REGION',
  latency: 'SIMULATOR_LATENCY_MS',
  'fault-rate': 'SIMULATOR_FAULT_RATE',
  faults: 'SIMULATOR_FAULTS',
} as const;

const USAGE = `usage: npm run simulators -- [--json] ${Object.entries(FLAGS)
  .map(([flag, setting]) => `[--${flag} <${setting}>]`)
  .join(' ')}
Credentials: SIMULATOR_ALIBABA_ACCESS_KEY_ID and _SECRET, SIMULATOR_HUAWEI_AK and _SK (fresh ones when unset).`;

function fail(lines: string[]): never {
  for (const line of lines) console.error(`hypernode-simulators: ${line}`);
  process.exit(1);
}

function readArguments(): { json: boolean; config: StandaloneSimulatorsConfig } {
  let values: Record<string, string | boolean | undefined>;
  try {
    ({ values } = parseArgs({
      options: {
        json: { type: 'boolean' },
        help: { type: 'boolean' },
        ...Object.fromEntries(Object.keys(FLAGS).map((flag) => [flag, { type: 'string' as const }])),
      },
      strict: true,
      allowPositionals: false,
    }));
  } catch (error) {
    fail([`${(error as Error).message} (npm run simulators -- --help lists the flags)`]);
  }
  if (values.help) {
    console.log(USAGE);
    process.exit(0);
  }
  const fromFlags = Object.fromEntries(
    Object.entries(FLAGS).flatMap(([flag, setting]) => (typeof values[flag] === 'string' ? [[setting, values[flag]]] : [])),
  );
  try {
    return { json: values.json === true, config: loadStandaloneSimulatorsConfig(fromFlags) };
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    // A problem with a flag's value names the flag too.
    const flagOf = new Map(Object.entries(FLAGS).map(([flag, setting]) => [setting as string, flag]));
    fail(
      error.problems.map((problem) => {
        const colon = problem.indexOf(':');
        const setting = problem.slice(0, colon);
        return setting in fromFlags ? `--${flagOf.get(setting)} (${setting})${problem.slice(colon)}` : problem;
      }),
    );
  }
}

for (const stream of [process.stdout, process.stderr]) {
  stream.on('error', (error: NodeJS.ErrnoException) => {
    if (error.code !== 'EPIPE') throw error;
  });
}

const { json, config } = readArguments();
let started: Awaited<ReturnType<typeof startSimulators>>;
try {
  started = await startSimulators(config, {
    credentials: { alibaba: config.alibaba.credentials, huawei: config.huawei.credentials },
    ports: { alibaba: config.alibaba.port, huawei: config.huawei.port },
  });
} catch (error) {
  const e = error as NodeJS.ErrnoException & { port?: number };
  if (e.code !== 'EADDRINUSE') fail([`cannot start: ${e.message}`]);
  const setting = e.port === config.alibaba.port ? 'SIMULATOR_ALIBABA_PORT' : 'SIMULATOR_HUAWEI_PORT';
  fail([`${setting}: port ${e.port} is in use`]);
}
const { simulators, credentials } = started;

// Listening before anything is printed: whoever reads the endpoints may signal at once.
let stopping = false;
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.on(signal, () => {
    if (stopping) return;
    stopping = true;
    simulators.stop().then(
      () => process.exit(0),
      () => process.exit(1),
    );
  });
}

const description = {
  alibaba: {
    endpoint: simulators.alibaba.url,
    regions: simulators.alibaba.regions,
    accessKeyId: credentials.alibaba.accessKeyId,
    accessKeySecret: credentials.alibaba.accessKeySecret,
  },
  huawei: {
    endpoint: simulators.huawei.url,
    regions: simulators.huawei.regions,
    projectIds: simulators.huawei.projectIds,
    ak: credentials.huawei.ak,
    sk: credentials.huawei.sk,
  },
};

if (json) {
  console.log(JSON.stringify(description));
} else {
  const { seed, hyperNodesPerRegion, supernodesPerRegion, faults } = config.simulator;
  const misbehaviour = faults.latencyMs > 0 || faults.rate > 0 ? `; ${faults.latencyMs} ms latency, fault rate ${faults.rate} (${faults.kinds.join(', ')})` : '';
  const { alibaba, huawei } = description;
  console.log(
    [
      `hypernode simulators ready: seed ${seed}, ${hyperNodesPerRegion} hypernodes per Alibaba region, ${supernodesPerRegion} supernodes per Huawei region${misbehaviour}`,
      `Alibaba Cloud Lingjun (eflo-controller ${API_VERSION}, ACS3-HMAC-SHA256)`,
      `  endpoint:        ${alibaba.endpoint}`,
      `  regions:         ${alibaba.regions.join(', ')}`,
      `  accessKeyId:     ${alibaba.accessKeyId}`,
      `  accessKeySecret: ${alibaba.accessKeySecret}`,
      'Huawei Cloud ModelArts (SDK-HMAC-SHA256)',
      `  endpoint:        ${huawei.endpoint}`,
      `  projects:        ${Object.entries(huawei.projectIds).map(([region, id]) => `${region}=${id}`).join(',')}`,
      `  ak:              ${huawei.ak}`,
      `  sk:              ${huawei.sk}`,
      'Stop with Ctrl-C or SIGTERM.',
    ].join('\n'),
  );
}
