/** Logs, metrics, tracing and readiness. */
import { z } from 'zod';
import { endpoint, int, optionalText, type EnvOf } from './env.js';

export interface LogConfig {
  level: 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'trace' | 'silent';
  /** `auto`: human-readable in a terminal, JSON lines otherwise. */
  format: 'auto' | 'pretty' | 'json';
}

/** Metrics, tracing and readiness. */
export interface ObservabilityConfig {
  /** OpenTelemetry tracing; spans go to `endpoint` over OTLP/HTTP. */
  tracing: { enabled: boolean; endpoint: URL | null };
  /** Longest the readiness probe of one cloud region may take. */
  readinessProbeTimeoutMs: number;
}

export const observabilityEnv = {
  LOG_LEVEL: optionalText.pipe(
    z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'], 'must be one of fatal, error, warn, info, debug, trace, silent').default('info'),
  ),
  LOG_FORMAT: optionalText.pipe(z.enum(['pretty', 'json'], 'must be pretty or json').optional()),
  GATEWAY_READINESS_PROBE_TIMEOUT_MS: int(10, 60_000, 3_000),
  GATEWAY_OTEL: optionalText.pipe(z.enum(['true', 'false'], 'must be true or false').default('false')).transform((v) => v === 'true'),
  OTEL_EXPORTER_OTLP_ENDPOINT: endpoint,
};

export function observabilityConfig(e: EnvOf<typeof observabilityEnv>): { log: LogConfig; observability: ObservabilityConfig } {
  return {
    log: { level: e.LOG_LEVEL, format: e.LOG_FORMAT ?? 'auto' },
    observability: {
      tracing: { enabled: e.GATEWAY_OTEL, endpoint: e.OTEL_EXPORTER_OTLP_ENDPOINT },
      readinessProbeTimeoutMs: e.GATEWAY_READINESS_PROBE_TIMEOUT_MS,
    },
  };
}
