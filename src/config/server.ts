/** The listeners: where the gateway and its admin endpoints listen, how many connections, workers and shutdown. */
import { availableParallelism } from 'node:os';
import { z } from 'zod';
import type { GatewayMode } from './clouds.js';
import { int, optionalText, type EnvOf } from './env.js';

export interface ServerConfig {
  host: string;
  port: number;
  /** How long SIGTERM waits for in-flight requests. */
  shutdownGraceMs: number;
  /** Where `/metrics` and `/readiness` are served: a listener of their own, on loopback unless told otherwise. */
  admin: { host: string; port: number };
  /** Open connections the public listener accepts at once; more are closed as they arrive. */
  maxConnections: number;
}

export const serverEnv = {
  PORT: int(0, 65535, 4000),
  HOST: optionalText,
  GATEWAY_ADMIN_PORT: optionalText.pipe(
    z
      .string()
      .regex(/^\d+$/, 'must be a whole number from 0 to 65535')
      .transform(Number)
      .pipe(z.number().max(65535, 'must be at most 65535'))
      .optional(),
  ),
  GATEWAY_ADMIN_HOST: optionalText.transform((v) => v ?? '127.0.0.1'),
  GATEWAY_MAX_CONNECTIONS: int(1, 1_000_000, 1_000),
  GATEWAY_SHUTDOWN_GRACE_MS: int(0, 600_000, 10_000),
  GATEWAY_WORKERS: optionalText.transform((value, ctx) => {
    if (value === undefined) return 1;
    if (value === 'auto') return availableParallelism();
    if (/^\d+$/.test(value) && Number(value) >= 1 && Number(value) <= 256) return Number(value);
    ctx.addIssue({ code: 'custom', message: 'must be auto or a whole number from 1 to 256' });
    return z.NEVER;
  }),
};

/** Prometheus' customary port for an exporter of one's own. */
const DEFAULT_ADMIN_PORT = 9464;

export function serverConfig(
  e: EnvOf<typeof serverEnv>,
  /** `devKeyed`: a development key is printed; `shared`: a Redis through which workers can share state. */
  context: { mode: GatewayMode; devKeyed: boolean; shared: boolean },
  problems: string[],
): { server: ServerConfig; workers: number } {
  // The admin listener's port: its own, or any free one when the public port is (tests, several gateways at once).
  const adminPort = e.GATEWAY_ADMIN_PORT ?? (e.PORT === 0 ? 0 : DEFAULT_ADMIN_PORT);
  if (adminPort !== 0 && adminPort === e.PORT) problems.push('GATEWAY_ADMIN_PORT: must differ from PORT');
  if (e.GATEWAY_WORKERS > 1 && !context.shared) {
    problems.push('GATEWAY_WORKERS: more than 1 worker needs GATEWAY_REDIS_URL, through which workers share idempotency records and rate limits');
  } else if (e.GATEWAY_WORKERS > 1 && context.mode === 'simulated') {
    problems.push('GATEWAY_WORKERS: more than 1 worker needs live mode (each worker would get simulators of its own); run npm run simulators and point live mode at them');
  }
  return {
    server: {
      // A development key is printed and pre-filled in GraphiQL: such a gateway listens on loopback unless HOST says otherwise.
      host: e.HOST ?? (context.devKeyed ? '127.0.0.1' : '0.0.0.0'),
      port: e.PORT,
      shutdownGraceMs: e.GATEWAY_SHUTDOWN_GRACE_MS,
      admin: { host: e.GATEWAY_ADMIN_HOST, port: adminPort },
      maxConnections: e.GATEWAY_MAX_CONNECTIONS,
    },
    workers: e.GATEWAY_WORKERS,
  };
}
