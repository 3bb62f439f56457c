/**
 * OpenTelemetry tracing behind `GATEWAY_OTEL`: a span for each GraphQL operation and, beneath it, one for each HTTP
 * call to a cloud (made in the transport). Spans go over OTLP/HTTP to `OTEL_EXPORTER_OTLP_ENDPOINT`; off, there is
 * no tracer at all and nothing is recorded.
 */
import { SpanStatusCode, context, trace, type Tracer } from '@opentelemetry/api';
import { AsyncLocalStorageContextManager } from '@opentelemetry/context-async-hooks';
import { OTLPTraceExporter } from '@opentelemetry/exporter-trace-otlp-http';
import { resourceFromAttributes } from '@opentelemetry/resources';
import { BasicTracerProvider, BatchSpanProcessor, SimpleSpanProcessor, type SpanExporter } from '@opentelemetry/sdk-trace-base';
import { getOperationAST } from 'graphql';
import type { Plugin } from 'graphql-yoga';
import type { ObservabilityConfig } from '../config/index.js';

export interface Tracing {
  /** Undefined when tracing is off. */
  tracer: Tracer | undefined;
  /** Flushes what is left to export. */
  shutdown(): Promise<void>;
}

let contextManagerSet = false;

/** `exporter` replaces the OTLP exporter (tests pass an in-memory one) and exports each span as it ends. */
export function createTracing(settings: ObservabilityConfig['tracing'], exporter?: SpanExporter): Tracing {
  if (!settings.enabled) return { tracer: undefined, shutdown: async () => {} };
  if (!contextManagerSet) {
    // Carries the operation's span into the resolvers' and transport's async calls.
    context.setGlobalContextManager(new AsyncLocalStorageContextManager().enable());
    contextManagerSet = true;
  }
  const processor = exporter
    ? new SimpleSpanProcessor(exporter)
    : new BatchSpanProcessor(new OTLPTraceExporter(settings.endpoint ? { url: new URL('v1/traces', withSlash(settings.endpoint)).href } : {}));
  const provider = new BasicTracerProvider({
    resource: resourceFromAttributes({ 'service.name': 'hypernode-gateway' }),
    spanProcessors: [processor],
  });
  return { tracer: provider.getTracer('hypernode-gateway'), shutdown: () => provider.shutdown() };
}

const withSlash = (url: URL) => (url.href.endsWith('/') ? url.href : `${url.href}/`);

/** A span around each GraphQL execution, active while it runs so upstream calls nest beneath it. */
export function useOperationSpans(tracer: Tracer): Plugin {
  return {
    onExecute({ args, executeFn, setExecuteFn }) {
      const operation = getOperationAST(args.document, args.operationName);
      const type = operation?.operation ?? 'query';
      const name = operation?.name?.value;
      const span = tracer.startSpan(`graphql ${type}${name ? ` ${name}` : ''}`, {
        attributes: { 'graphql.operation.type': type, ...(name ? { 'graphql.operation.name': name } : {}) },
      });
      const active = trace.setSpan(context.active(), span);
      setExecuteFn((execution) => context.with(active, () => executeFn(execution)));
      return {
        onExecuteDone({ result }) {
          const errors = 'errors' in result ? (result.errors?.length ?? 0) : 0;
          if (errors > 0) {
            span.setAttribute('graphql.error.count', errors);
            span.setStatus({ code: SpanStatusCode.ERROR });
          }
          span.end();
        },
      };
    },
  };
}
