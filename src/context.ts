/**
 * The per-request context: who is calling, a deadline every upstream call inherits, a concurrency bound per
 * cloud, fresh loaders, the bounds on list arguments, and the errors of list sources that failed while others
 * answered.
 */
import { setMaxListeners } from 'node:events';
import pLimit from 'p-limit';
import type { YogaInitialContext } from 'graphql-yoga';
import type { Principal } from './auth/principal.js';
import type { LimitsConfig, UpstreamConfig } from './config.js';
import { deadlineSignal } from './deadline.js';
import type { GatewayError } from './errors.js';
import { createLoaders, type BatchObserver, type Loaders } from './loaders.js';
import type { Provider } from './model.js';
import { requestIdOf } from './observability/request-id.js';
import type { CallOptions } from './providers/provider.js';
import type { Providers } from './providers/registry.js';
import { RetryBudget } from './providers/retry.js';
import type { IdempotencyStore } from './mutations/idempotency.js';
import { upstreamAdmission, type UpstreamBudget } from './rate-limit/upstream-budget.js';
import type { FleetSnapshots } from './fleet/snapshots.js';
import { SILENT_AUDIT, type AuditLog } from './mutations/audit.js';

/** An error at `path` that leaves the data next to it intact (a failed cloud or region of a list). */
export interface PartialError {
  error: GatewayError;
  path: ReadonlyArray<string | number>;
}

/** What this gateway adds to yoga's context for each request. */
export interface GatewayRequestContext {
  /** Who is calling and with which scopes; set by authentication before the request is parsed. */
  principal: Principal;
  /** Bounds resolvers enforce on list arguments. */
  limits: Pick<LimitsConfig, 'maxPageSize' | 'maxIds'>;
  providers: Providers;
  loaders: Loaders;
  /** Fires when the request's deadline passes or its client goes away. */
  signal: AbortSignal;
  /** How this request calls `provider`: its deadline and its concurrency bound. */
  callOptions(provider: Provider): CallOptions;
  partialErrors: PartialError[];
  /** Idempotency records of mutations, shared by all requests (and replicas, with a shared store). */
  idempotency: IdempotencyStore;
  /** The fleet snapshots lists and counts read, shared by all requests. */
  fleet: FleetSnapshots;
  /** One log line per mutation. */
  audit: AuditLog;
}

export type GatewayContext = YogaInitialContext & GatewayRequestContext;

export interface ContextDependencies {
  providers: Providers;
  upstream: UpstreamConfig;
  idempotency: IdempotencyStore;
  fleet: FleetSnapshots;
  limits: Pick<LimitsConfig, 'maxPageSize' | 'maxIds'>;
  principalOf(request: Request | undefined): Principal;
  /** Told the kind and size of every loader batch, for metrics. */
  onBatch?: BatchObserver | undefined;
  /** Upstream calls per principal; unbounded without. */
  upstreamBudget?: UpstreamBudget | undefined;
  audit?: AuditLog;
}

export function createContextFactory({
  providers,
  upstream,
  idempotency,
  fleet,
  limits,
  principalOf,
  onBatch,
  upstreamBudget,
  audit = SILENT_AUDIT,
}: ContextDependencies) {
  return (initial: YogaInitialContext): GatewayRequestContext => {
    const principal = principalOf(initial.request);
    // Not AbortSignal.any over AbortSignal.timeout: on Node 20 a garbage collection loses that deadline (deadline.ts).
    const signal = deadlineSignal(upstream.requestTimeoutMs, initial.request?.signal);
    // Resilience: one retry budget and one deadline for every call of this request, to every cloud. Each call waits on
    // the signal (a listener, removed when it settles); a request may have many calls, so no listener limit.
    setMaxListeners(0, signal);
    const resilience = {
      deadlineAt: Date.now() + upstream.requestTimeoutMs,
      retries: new RetryBudget(upstream.retry.budgetPerRequest),
      requestId: initial.request ? requestIdOf(initial.request) : undefined,
      ...(upstreamBudget && { admit: upstreamAdmission(upstreamBudget, principal) }),
    };
    const bounds = new Map<Provider, CallOptions>();
    const callOptions = (provider: Provider): CallOptions => {
      let options = bounds.get(provider);
      if (!options) {
        const limit = pLimit(upstream.concurrencyPerProvider);
        options = { signal, ...resilience, schedule: (call) => limit(call) };
        bounds.set(provider, options);
      }
      return options;
    };
    return {
      principal,
      limits,
      providers,
      signal,
      callOptions,
      loaders: createLoaders(providers, callOptions, { naive: !upstream.loaders, onBatch }),
      partialErrors: [],
      idempotency,
      fleet,
      audit,
    };
  };
}
