/** The gateway as `npm start` runs it with no settings — on its embedded simulators — listening on a loopback port. */
import { startApp, type RunningGateway } from '../../src/app.js';
import { loadConfig } from '../../src/config/index.js';
import { createLogger } from '../../src/logger.js';

export function startGatewayOnSimulators(): Promise<RunningGateway> {
  return startApp(loadConfig({ PORT: '0', HOST: '127.0.0.1', LOG_LEVEL: 'silent' }), createLogger('silent'));
}
