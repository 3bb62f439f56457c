/**
 * The running gateway: in simulated mode the embedded simulators first, then the providers, the yoga instance
 * and the HTTP server; `stop` undoes it all in reverse.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { withDevKey } from './auth/dev-key.js';
import type { GatewayConfig } from './config.js';
import type { Logger } from './logger.js';
import type { Providers } from './providers/registry.js';
import { createRuntime, type Runtime, type RuntimeOptions } from './runtime.js';
import { createGateway, type Gateway } from './server.js';
import { trackRequests } from './shutdown.js';
import { attachWebSocket } from './websocket.js';
import { configForSimulators, startSimulators, type Simulators } from './simulators/index.js';

export interface RunningGateway {
  /** `http://<host>:<port>` the gateway listens on. */
  url: string;
  /** The config in effect: in simulated mode, pointed at the simulators. */
  config: GatewayConfig;
  yoga: Gateway;
  providers: Providers;
  simulators: Simulators | null;
  /** Metrics, breakers, readiness, tracing and the upstream pool. */
  runtime: Runtime;
  /** Stops accepting, lets requests in flight finish (up to GATEWAY_SHUTDOWN_GRACE_MS), then closes the pools. */
  stop(): Promise<void>;
}

export async function startApp(config: GatewayConfig, logger: Logger, options: RuntimeOptions = {}): Promise<RunningGateway> {
  let effective = config;
  let simulators: Simulators | null = null;
  if (config.mode === 'simulated') {
    const started = await startSimulators(config);
    simulators = started.simulators;
    effective = configForSimulators(config, started.simulators, started.credentials);
  }
  // Access: simulated mode with nothing configured gets a development key.
  effective = withDevKey(effective);
  const runtime = createRuntime(effective, logger, { processMetrics: true, ...options });
  const { providers } = runtime;
  const yoga = createGateway({ config: effective, providers, logger, observability: runtime });
  const server: Server = createServer(yoga);
  const requests = trackRequests(server);
  const websocket = attachWebSocket(server, yoga, { maxPayloadBytes: effective.limits.maxBodyBytes, logger: logger.child({ component: 'websocket' }) });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(effective.server.port, effective.server.host, () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  const host = effective.server.host === '0.0.0.0' || effective.server.host === '::' ? 'localhost' : effective.server.host;
  void runtime.readiness.probe(); // readiness: each cloud region answers one minimal call, bounded in time

  return {
    url: `http://${host}:${port}`,
    config: effective,
    yoga,
    providers,
    simulators,
    runtime,
    async stop() {
      runtime.readiness.stop();
      // Open subscriptions are completed (a final message on each), not cut, before the connections close.
      await yoga.live.close();
      await websocket.close();
      const cutOff = await requests.close(effective.server.shutdownGraceMs);
      if (cutOff > 0) logger.warn({ cutOff }, 'requests still in flight at the end of the shutdown grace period were cut off');
      await runtime.close();
      await simulators?.stop();
    },
  };
}
