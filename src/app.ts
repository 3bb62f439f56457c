/**
 * The running gateway: in simulated mode the embedded simulators first, then the providers, the yoga instance
 * and the HTTP server; `stop` undoes it all in reverse.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { withDevKey } from './auth/dev-key.js';
import type { GatewayConfig } from './config.js';
import type { Logger } from './logger.js';
import { HttpTransport } from './providers/http.js';
import { createProviders } from './providers/index.js';
import type { Providers } from './providers/registry.js';
import { createGateway, type Gateway } from './server.js';
import { configForSimulators, startSimulators, type Simulators } from './simulators/index.js';

export interface RunningGateway {
  /** `http://<host>:<port>` the gateway listens on. */
  url: string;
  /** The config in effect: in simulated mode, pointed at the simulators. */
  config: GatewayConfig;
  yoga: Gateway;
  providers: Providers;
  simulators: Simulators | null;
  stop(): Promise<void>;
}

export async function startApp(config: GatewayConfig, logger: Logger): Promise<RunningGateway> {
  let effective = config;
  let simulators: Simulators | null = null;
  if (config.mode === 'simulated') {
    const started = await startSimulators(config);
    simulators = started.simulators;
    effective = configForSimulators(config, started.simulators, started.credentials);
  }
  // Access: simulated mode with nothing configured gets a development key.
  effective = withDevKey(effective);
  const transport = new HttpTransport({
    connectTimeoutMs: effective.upstream.connectTimeoutMs,
    callTimeoutMs: effective.upstream.callTimeoutMs,
  });
  const providers = createProviders(effective, transport);
  const yoga = createGateway({ config: effective, providers, logger });
  const server: Server = createServer(yoga);
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(effective.server.port, effective.server.host, () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  const host = effective.server.host === '0.0.0.0' || effective.server.host === '::' ? 'localhost' : effective.server.host;

  return {
    url: `http://${host}:${port}`,
    config: effective,
    yoga,
    providers,
    simulators,
    async stop() {
      await new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeIdleConnections();
      });
      await transport.close();
      await simulators?.stop();
    },
  };
}
