/**
 * The per-request context: who is calling, the request's view of the clouds (every upstream call inherits its
 * deadline, retry budget, admission and per-cloud concurrency bound), fresh loaders, the bounds on list arguments,
 * and the errors of list sources that failed while others answered. What costs something is made on first use.
 */
import { isAsyncIterable, type Plugin, type YogaInitialContext } from 'graphql-yoga';
import type { Principal } from './auth/principal.js';
import { RequestClouds } from './clouds.js';
import type { LimitsConfig, UpstreamConfig } from './config/index.js';
import type { PartialError } from './errors.js';
import { createLoaders, type BatchObserver, type Loaders } from './loaders.js';
import { createLogger, type Logger } from './logger.js';
import { requestIdOf } from './observability/request-id.js';
import type { ProviderRegistry } from './providers/registry.js';
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
  /** The gateway's ID of the request (`x-request-id`), for log lines. */
  requestId: string | undefined;
  /** For what goes wrong unexpectedly inside a request but is answered coded (a node operation's masked failure). */
  logger: Logger;
  /** Bounds resolvers enforce on list arguments. */
  limits: Pick<LimitsConfig, 'maxPageSize' | 'maxIds'>;
  /** The clouds served, for checks of what an argument names; calls go through `clouds`. */
  providers: ProviderRegistry;
  /** The one way into the clouds for this request: its deadline, retry budget, admission and concurrency bound. */
  clouds: RequestClouds;
  loaders: Loaders;
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
   * A fresh view of the clouds, loaders and task reader, for one event of a long-lived subscription: its request's
   * deadline and caches must not outlive the moment they were made for.
   */
  forEvent(): Pick<GatewayRequestContext, 'clouds' | 'loaders' | 'tasks'>;
}

export type GatewayContext = YogaInitialContext & GatewayRequestContext;

export interface ContextDependencies {
  providers: ProviderRegistry;
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
  /** Shared by every request; silent without. */
  logger?: Logger;
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
  logger = createLogger('silent'),
}: ContextDependencies) {
  return (initial: YogaInitialContext): GatewayRequestContext => {
    const principal = principalOf(initial.request);
    const clientGone = initial.request?.signal;
    const requestId = initial.request ? requestIdOf(initial.request) : undefined;
    const admission = upstreamBudget && (() => upstreamAdmission(upstreamBudget, principal));
    const bound = (forEvent = false) => {
      const clouds = new RequestClouds(providers, {
        timeoutMs: upstream.requestTimeoutMs,
        concurrencyPerProvider: upstream.concurrencyPerProvider,
        retryBudget: upstream.retry.budgetPerRequest,
        // An event's reads need only their deadline: a client that leaves ends its subscription, which stops its events.
        clientGone: forEvent ? undefined : clientGone,
        requestId,
        admission,
      });
      const loaders = createLoaders(clouds, { naive: !upstream.loaders, onBatch });
      return { clouds, loaders, tasks: tasks.reader(clouds, (ids) => loaders.nodes.known.loadMany(ids)) };
    };
    return {
      principal,
      requestId,
      logger,
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

/**
 * Ends each request's view of the clouds once its result is done, so its deadline timer goes then rather than firing
 * later for nothing. A subscription's own view ends when it has subscribed; each event's (`forEvent()`) when that
 * event's result is done.
 */
export function useRequestCloudsEnd(): Plugin<GatewayRequestContext> {
  const end = (ctx: unknown) => (ctx as Partial<GatewayRequestContext> | undefined)?.clouds?.end();
  return {
    onExecute: ({ args }) => ({
      onExecuteDone: ({ result }) => {
        if (!isAsyncIterable(result)) return end(args.contextValue);
        return { onEnd: () => end(args.contextValue) };
      },
    }),
    onSubscribe: ({ args }) => ({
      onSubscribeResult: ({ result }) => {
        // Read at each hook: the events' resolvers put each event's own view in the context.
        end(args.contextValue);
        if (!isAsyncIterable(result)) return;
        return { onNext: () => end(args.contextValue), onEnd: () => end(args.contextValue) };
      },
    }),
  };
}
