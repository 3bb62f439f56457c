/**
 * The per-request context: who is calling, a deadline every upstream call inherits, a concurrency bound per
 * cloud, fresh loaders, the bounds on list arguments, and the errors of list sources that failed while others
 * answered.
 */
import { setMaxListeners } from 'node:events';
import pLimit from 'p-limit';
import type { YogaInitialContext } from 'graphql-yoga';
import type { Principal } from './auth/principal.js';
import type { LimitsConfig, UpstreamConfig } from './config/index.js';
import { deadlineSignal } from './deadline.js';
import type { PartialError } from './errors.js';
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
import type { LiveUpdates } from './subscriptions/streams.js';
import type { TaskReader, TaskService } from './tasks/tasks.js';

export type { PartialError } from './errors.js';

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
  /** The tasks the gateway started, shared by all requests. */
  taskService: TaskService;
  /** Tasks read for this request, each at most once. */
  tasks: TaskReader;
  /** Watchers, the event bus and the open subscriptions, shared by all requests. */
  live: LiveUpdates;
  /**
   * A fresh deadline, loaders and task reader, for one event of a long-lived subscription: its request's deadline and
   * caches must not outlive the moment they were made for.
   */
  forEvent(): Pick<GatewayRequestContext, 'signal' | 'callOptions' | 'loaders' | 'tasks'>;
}

export type GatewayContext = YogaInitialContext & GatewayRequestContext;

export interface ContextDependencies {
  providers: Providers;
  upstream: UpstreamConfig;
  idempotency: IdempotencyStore;
  fleet: FleetSnapshots;
  tasks: TaskService;
  live: LiveUpdates;
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
  tasks,
  live,
  limits,
  principalOf,
  onBatch,
  upstreamBudget,
  audit = SILENT_AUDIT,
}: ContextDependencies) {
  return (initial: YogaInitialContext): GatewayRequestContext => {
    const principal = principalOf(initial.request);
    const clientGone = initial.request?.signal;
    const requestId = initial.request ? requestIdOf(initial.request) : undefined;
    const admit = upstreamBudget && upstreamAdmission(upstreamBudget, principal);
    const bound = (forEvent = false) => {
      // Not AbortSignal.any over AbortSignal.timeout: on Node 20 a garbage collection loses that deadline (deadline.ts).
      // An event's reads need only their deadline: a client that leaves ends its subscription, which stops its events.
      const signal = deadlineSignal(upstream.requestTimeoutMs, forEvent ? undefined : clientGone);
      // Resilience: one retry budget and one deadline for every call of this request, to every cloud. Each call waits on
      // the signal (a listener, removed when it settles); a request may have many calls, so no listener limit.
      setMaxListeners(0, signal);
      const resilience = {
        deadlineAt: Date.now() + upstream.requestTimeoutMs,
        retries: new RetryBudget(upstream.retry.budgetPerRequest),
        requestId,
        ...(admit && { admit }),
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
      const loaders = createLoaders(providers, callOptions, { naive: !upstream.loaders, onBatch });
      return { signal, callOptions, loaders, tasks: tasks.reader(callOptions, (ids) => loaders.nodes.known.loadMany(ids)) };
    };
    return {
      principal,
      limits,
      providers,
      ...bound(),
      partialErrors: [],
      idempotency,
      fleet,
      audit,
      taskService: tasks,
      live,
      forEvent: () => bound(true),
    };
  };
}
