/**
 * The long-lived parts every request shares, made once per gateway (the app, or a test stack): one upstream pool
 * with retries and a breaker per cloud region, the providers over it, metrics, tracing and readiness.
 */
import type { SpanExporter } from '@opentelemetry/sdk-trace-base';
import type { GatewayConfig } from './config/index.js';
import type { Logger } from './logger.js';
import { GatewayMetrics } from './observability/metrics.js';
import type { Observability } from './observability/plugins.js';
import { Readiness } from './observability/readiness.js';
import { createTracing } from './observability/tracing.js';
import { Breakers } from './providers/breaker.js';
import { HttpTransport } from './providers/http.js';
import { createProviders } from './providers/index.js';
import type { ProviderRegistry } from './providers/registry.js';
import { createSharedStores, type SharedStores } from './redis/stores.js';

export interface Runtime extends Observability {
  transport: HttpTransport;
  providers: ProviderRegistry;
  breakers: Breakers;
  /** The stores replicas share, over Redis; null without GATEWAY_REDIS_URL (every store in memory). */
  shared: SharedStores | null;
  /** Closes the pool and flushes the spans left to export. */
  close(): Promise<void>;
}

export interface RuntimeOptions {
  /** Replaces the OTLP exporter when tracing is on (tests pass an in-memory one). */
  spanExporter?: SpanExporter;
  /** Process metrics (memory, CPU, event loop) in `/metrics`; once per process. */
  processMetrics?: boolean;
}

export function createRuntime(
  config: Pick<GatewayConfig, 'upstream' | 'alibaba' | 'huawei' | 'observability'> & Partial<Pick<GatewayConfig, 'redis'>>,
  logger: Logger,
  options: RuntimeOptions = {},
): Runtime {
  const metrics = new GatewayMetrics({ processMetrics: options.processMetrics });
  const tracing = createTracing(config.observability.tracing, options.spanExporter);
  const breakers = new Breakers(config.upstream.breaker, {
    onStateChange: (provider, region, state) => {
      metrics.breaker(provider, region, state);
      logger[state === 'closed' ? 'info' : 'warn']({ component: 'breaker', provider, region, state }, 'circuit breaker state');
    },
  });
  let readiness: Readiness | undefined;
  const transport = new HttpTransport(
    { connectTimeoutMs: config.upstream.connectTimeoutMs, callTimeoutMs: config.upstream.callTimeoutMs, maxAnswerBytes: config.upstream.maxAnswerBytes },
    {
      retry: config.upstream.retry,
      breakers,
      tracer: tracing.tracer,
      logger: logger.child({ component: 'upstream' }),
      onCall: (event) => {
        metrics.upstreamCall(event);
        readiness?.record(event);
      },
      onRetry: (target, error) => metrics.retry(target, error.code),
      coalesce: config.upstream.coalesce,
      sharedReadTimeoutMs: config.upstream.requestTimeoutMs,
      onCoalesced: (target) => metrics.coalescedRead(target),
    },
  );
  const providers = createProviders(config, transport);
  // A pending idempotency record holds its token a little longer than a request may run.
  const shared = config.redis ? createSharedStores(config.redis, config.upstream.requestTimeoutMs + 5_000, logger, metrics) : null;
  readiness = new Readiness(
    providers,
    breakers,
    config.observability.readinessProbeTimeoutMs,
    logger.child({ component: 'readiness' }),
    shared ? () => shared.connection.up() : undefined,
  );
  return {
    transport,
    providers,
    breakers,
    metrics,
    tracing,
    readiness,
    shared,
    async close() {
      readiness.stop();
      await transport.close();
      await shared?.close();
      await tracing.shutdown();
    },
  };
}
