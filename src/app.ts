/**
 * The running gateway: in simulated mode the embedded simulators first, then the providers, the yoga instance
 * and the HTTP server; `stop` undoes it all in reverse.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { withDevKey } from './auth/dev-key.js';
import { adminListener } from './observability/admin.js';
import type { GatewayConfig } from './config/index.js';
import type { Logger } from './logger.js';
import type { ProviderRegistry } from './providers/registry.js';
import { createRuntime, type Runtime, type RuntimeOptions } from './runtime.js';
import { createGateway, type Gateway } from './server.js';
import { trackRequests } from './shutdown.js';
import { afterUpstreamWrites } from './upstream-first.js';
import { attachWebSocket } from './websocket.js';
import { configForSimulators, startSimulators, type Simulators } from './simulators/index.js';

export interface RunningGateway {
  /** `http://<host>:<port>` the gateway listens on. */
  url: string;
  /** `http://<host>:<port>` of the admin listener: `/metrics`, `/readiness`, `/health`. */
  adminUrl: string;
  /** The public listener, with its timeouts and connection cap. */
  server: Server;
  /** The config in effect: in simulated mode, pointed at the simulators. */
  config: GatewayConfig;
  yoga: Gateway;
  providers: ProviderRegistry;
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
  const yoga = createGateway({
    config: effective,
    providers,
    logger,
    observability: runtime,
    ...(runtime.shared && { idempotency: runtime.shared.idempotency, rateLimitStore: runtime.shared.rateLimit, fleetStore: runtime.shared.fleet, taskStore: runtime.shared.tasks, persistedQueries: runtime.shared.persistedQueries, eventBus: runtime.shared.bus, watchLeases: runtime.shared.watchLeases }),
  });
  const server: Server = createServer(HTTP_TIMEOUTS, afterUpstreamWrites(yoga));
  server.keepAliveTimeout = HTTP_TIMEOUTS.keepAliveTimeout;
  server.maxConnections = effective.server.maxConnections;
  const requests = trackRequests(server);
  const admin: Server = createServer(HTTP_TIMEOUTS, adminListener(runtime));
  admin.keepAliveTimeout = HTTP_TIMEOUTS.keepAliveTimeout;
  const adminRequests = trackRequests(admin);
  let url: string;
  let adminUrl: string;
  try {
    url = await listen(server, effective.server.port, effective.server.host, ['PORT', 'HOST']);
    adminUrl = await listen(admin, effective.server.admin.port, effective.server.admin.host, ['GATEWAY_ADMIN_PORT', 'GATEWAY_ADMIN_HOST']);
  } catch (error) {
    // A port is taken (or not ours): nothing started may outlive the failed start.
    server.close();
    await runtime.close();
    await simulators?.stop();
    throw error;
  }
  // graphql-ws on /graphql, once the port is ours (ws would report a failed listen as its own error).
  const websocket = attachWebSocket(server, yoga, { maxPayloadBytes: effective.limits.maxBodyBytes, logger: logger.child({ component: 'websocket' }) });
  void runtime.readiness.probe(); // readiness: each cloud region answers one minimal call, bounded in time

  return {
    url,
    adminUrl,
    server,
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
      const [cutOff] = await Promise.all([requests.close(effective.server.shutdownGraceMs), adminRequests.close(0)]);
      if (cutOff > 0) logger.warn({ cutOff }, 'requests still in flight at the end of the shutdown grace period were cut off');
      await runtime.close();
      await simulators?.stop();
    },
  };
}

/**
 * Slow clients hold a socket each: the headers must arrive within 10 s and the whole request within 30 s (Node
 * checks every second), and an idle keep-alive connection is closed after 5 s.
 */
const HTTP_TIMEOUTS = { headersTimeout: 10_000, requestTimeout: 30_000, keepAliveTimeout: 5_000, connectionsCheckingInterval: 1_000 };

/** A port the gateway could not listen on, in one line that names the setting to change (main.ts prints it). */
export class ListenError extends Error {
  constructor(setting: string, host: string, port: number, readonly code: string) {
    const why =
      code === 'EADDRINUSE'
        ? 'is in use by another program'
        : code === 'EACCES'
          ? 'needs privileges this process lacks'
          : code === 'EADDRNOTAVAIL'
            ? 'is not an address of this machine'
            : `cannot be listened on (${code})`;
    super(`port ${port} on ${host} ${why}; set ${setting} to another one`);
    this.name = 'ListenError';
  }
}

/** Listens; a failure names the port's setting when the port is taken or forbidden, else the host's. */
async function listen(server: Server, port: number, host: string, [portSetting, hostSetting]: [string, string]): Promise<string> {
  await new Promise<void>((resolve, reject) => {
    const failed = (error: NodeJS.ErrnoException) => {
      const code = error.code ?? 'failed';
      reject(new ListenError(code === 'EADDRINUSE' || code === 'EACCES' ? `${portSetting} (or ${hostSetting})` : hostSetting, host, port, code));
    };
    server.once('error', failed);
    server.listen(port, host, () => {
      server.off('error', failed);
      resolve();
    });
  });
  const { port: bound } = server.address() as AddressInfo;
  const shown = host === '0.0.0.0' || host === '::' ? 'localhost' : host.includes(':') ? `[${host}]` : host;
  return `http://${shown}:${bound}`;
}
