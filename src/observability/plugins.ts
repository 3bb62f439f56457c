/**
 * The yoga plugins that make the gateway operable: a request ID on every response, log line and error; request
 * metrics; and operation spans when tracing is on.
 */
import { GraphQLError, getOperationAST, type ExecutionResult } from 'graphql';
import type { Plugin } from 'graphql-yoga';
import type { Logger } from '../logger.js';
import type { GatewayMetrics, RequestOutcome } from './metrics.js';
import type { Readiness } from './readiness.js';
import { REQUEST_ID_HEADER, requestIdOf } from './request-id.js';
import { useOperationSpans, type Tracing } from './tracing.js';

export interface Observability {
  metrics: GatewayMetrics;
  readiness: Readiness;
  tracing: Tracing;
}

export function observabilityPlugins(observability: Observability | undefined, logger: Logger): Plugin[] {
  if (!observability) return [];
  const { metrics, tracing } = observability;
  // `/metrics` and `/readiness` are the admin listener's (admin.ts), not the public port's.
  return [
    useRequestId(metrics, logger.child({ component: 'request' })),
    ...(tracing.tracer ? [useOperationSpans(tracing.tracer)] : []),
  ];
}

interface RequestRecord {
  startedAt: number;
  operation?: string;
  outcome?: RequestOutcome;
}

/**
 * Gives each request its ID (response header `x-request-id`, `extensions.gatewayRequestId` on every error, the
 * `requestId` of its log lines) and records how each GraphQL request ended.
 */
function useRequestId(metrics: GatewayMetrics, log: Logger): Plugin {
  const records = new WeakMap<Request, RequestRecord>();
  return {
    onRequest({ request }) {
      requestIdOf(request);
      records.set(request, { startedAt: performance.now() });
      metrics.inFlight.inc();
    },
    onExecute({ args }) {
      const record = records.get((args.contextValue as { request: Request }).request);
      if (record) record.operation = getOperationAST(args.document, args.operationName)?.name?.value ?? 'anonymous';
    },
    onResultProcess({ request, result, setResult }) {
      const record = records.get(request);
      if (!record || Array.isArray(result) || Symbol.asyncIterator in result) return;
      const single = result as ExecutionResult;
      record.outcome = outcomeOf(single, record.operation !== undefined);
      if (single.errors?.length) {
        const gatewayRequestId = requestIdOf(request);
        setResult({ ...single, errors: single.errors.map((error) => withExtension(error, { gatewayRequestId })) });
      }
    },
    onResponse({ request, response }) {
      const requestId = requestIdOf(request);
      response.headers.set(REQUEST_ID_HEADER, requestId);
      metrics.inFlight.dec();
      const record = records.get(request);
      if (!record?.outcome) return;
      const seconds = (performance.now() - record.startedAt) / 1000;
      const operation = record.operation ?? 'unknown';
      metrics.request(operation, record.outcome, seconds);
      log.info({ requestId, operation, outcome: record.outcome, status: response.status, ms: Math.round(seconds * 1000) }, 'graphql request');
    },
  };
}

function outcomeOf(result: ExecutionResult, executed: boolean): RequestOutcome {
  if (!executed) return result.errors?.length ? 'rejected' : 'ok';
  if (!result.errors?.length) return 'ok';
  const fields = Object.values(result.data ?? {});
  return fields.some((value) => value !== null) ? 'partial' : 'error';
}

function withExtension(error: GraphQLError, extra: Record<string, unknown>): GraphQLError {
  return new GraphQLError(error.message, {
    nodes: error.nodes,
    source: error.source,
    positions: error.positions,
    path: error.path,
    extensions: { ...error.extensions, ...extra },
  });
}
