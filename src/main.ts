/** Entry point: read the command line and the config, start the gateway (on its simulators in simulated mode), stop cleanly. */
// First: it sets NODE_ENV before graphql-js reads it.
import './config/node-env.js';
import cluster from 'node:cluster';
import { ListenError, startApp, type RunningGateway } from './app.js';
import { describeAuth } from './auth/banner.js';
import { readArgs } from './cli.js';
import { ConfigError, loadConfig, loadDotEnv, type GatewayConfig } from './config/index.js';
import { logDestination } from './log-output.js';
import { createLogger } from './logger.js';
import { describeProviders } from './providers/index.js';
import { superviseWorkers } from './workers.js';

const action = readArgs(process.argv.slice(2));
if (action.kind !== 'run') {
  (action.kind === 'print' ? console.log : console.error)(action.text);
  process.exit(action.kind === 'print' ? 0 : 2);
}

function readConfig() {
  try {
    loadDotEnv();
    return loadConfig();
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    for (const problem of error.problems) console.error(`hypernode-gateway: ${problem}`);
    process.exit(1);
  }
}

// Whoever reads the output may go away (`npm start | head`): the gateway goes on serving, not crash on EPIPE.
for (const stream of [process.stdout, process.stderr]) {
  stream.on('error', (error: NodeJS.ErrnoException) => {
    if (error.code !== 'EPIPE') throw error;
  });
}

const config = readConfig();
const logger = createLogger(config.log.level, logDestination(config.log.format));

if (config.workers > 1 && cluster.isPrimary) {
  superviseWorkers(config.workers, logger);
  process.stdout.write(`hypernode-gateway: ${config.workers} workers on one port (supervisor pid ${process.pid}); each prints its own banner\n`);
  // The workers serve; this process only supervises them (workers.ts exits it once they are gone).
  await new Promise<never>(() => undefined);
}

async function start(config: GatewayConfig): Promise<RunningGateway> {
  try {
    return await startApp(config, logger);
  } catch (error) {
    if (!(error instanceof ListenError)) throw error;
    console.error(`hypernode-gateway: ${error.message}`);
    process.exit(1);
  }
}

const app = await start(config);

// Before the banner: whoever reads it may signal at once.
let stopping = false;
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.on(signal, () => {
    if (stopping) return;
    stopping = true;
    logger.info({ signal }, 'stopping');
    app.stop().then(
      () => process.exit(0),
      (error: unknown) => {
        logger.error({ err: error }, 'stop failed');
        process.exit(1);
      },
    );
  });
}

// One write: no log line can land inside the banner.
const backEnd = config.mode === 'simulated' ? 'embedded simulators (no cloud account needed)' : 'live clouds';
const banner = [
  `hypernode-gateway ready: ${app.config.graphql.graphiql ? 'GraphiQL' : 'GraphQL'} at ${app.url}/graphql`,
  `back end: ${backEnd}`,
  ...describeProviders(app.config).map((line) => `  ${line}`),
  `admin: /metrics and /readiness at ${app.adminUrl}`,
  ...describeAuth(app.config),
];
process.stdout.write(`${banner.join('\n')}\n`);
if (app.config.auth.mode === 'none') logger.warn('GATEWAY_AUTH=none: serving without authentication, every caller has every scope');
