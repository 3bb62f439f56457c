/** Entry point: read the config, start the gateway (on its simulators in simulated mode), stop cleanly. */
import { ListenError, startApp } from './app.js';
import { describeAuth } from './auth/banner.js';
import { ConfigError, loadConfig } from './config.js';
import { createLogger } from './logger.js';
import { describeProviders } from './providers/index.js';

function readConfig() {
  try {
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
const logger = createLogger(config.log.level);
const app = await startApp(config, logger).catch((error: unknown) => {
  if (!(error instanceof ListenError)) throw error;
  console.error(`hypernode-gateway: ${error.message}`);
  process.exit(1);
});

const backEnd = config.mode === 'simulated' ? 'embedded simulators (no cloud account needed)' : 'live clouds';
console.log(`hypernode-gateway ready: ${app.config.graphql.graphiql ? 'GraphiQL' : 'GraphQL'} at ${app.url}/graphql`);
console.log(`back end: ${backEnd}`);
for (const line of describeProviders(app.config)) console.log(`  ${line}`);
console.log(`admin: /metrics and /readiness at ${app.adminUrl}`);
for (const line of describeAuth(app.config)) console.log(line);
if (app.config.auth.mode === 'none') logger.warn('GATEWAY_AUTH=none: serving without authentication, every caller has every scope');

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
