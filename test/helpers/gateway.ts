/**
 * The gateway as `npm start` runs it — on its embedded simulators — listening on a loopback port, with no settings
 * but `env`.
 */
import { startApp, type RunningGateway } from '../../src/app.js';
import { loadConfig } from '../../src/config/index.js';
import { createLogger } from '../../src/logger.js';

export function startGatewayOnSimulators(env: Record<string, string> = {}): Promise<RunningGateway> {
  return startApp(loadConfig({ PORT: '0', HOST: '127.0.0.1', LOG_LEVEL: 'silent', ...env }), createLogger('silent'));
}
