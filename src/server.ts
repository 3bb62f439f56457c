/** createGateway: the yoga instance, its plugins and the context factory, over the providers it is given. */
import { blockFieldSuggestionsPlugin } from '@escape.tech/graphql-armor-block-field-suggestions';
import { useDisableIntrospection } from '@graphql-yoga/plugin-disable-introspection';
import { createYoga, type Plugin, type YogaServerInstance, type YogaServerOptions } from 'graphql-yoga';
import { useOperationScopes } from './auth/authorize.js';
import { createAuthentication, type Authentication } from './auth/plugin.js';
import type { GatewayConfig } from './config/index.js';
import { createContextFactory, useRequestCloudsEnd, type GatewayRequestContext } from './context.js';
import { useCompiledExecution } from './compiled-execution.js';
import { useCompression } from './compression.js';
import { useCsrfPrevention } from './csrf.js';
import { maskError, usePartialErrors, useRequestErrorCodes } from './errors-graphql.js';
import { createExplorer } from './graphiql.js';
import { useRequestBodyLimit, useStrictRequestBody } from './http-body.js';
import { useLanding } from './landing.js';
import { useOperationLimits } from './limits.js';
import type { Logger } from './logger.js';
import { createAuditLog, useRefusedMutationAudit } from './mutations/audit.js';
import { MemoryIdempotencyStore, type IdempotencyStore } from './mutations/idempotency.js';
import { FleetSnapshots } from './fleet/snapshots.js';
import { MemoryFleetStore, type FleetStore } from './fleet/store.js';
import { observabilityPlugins, type Observability } from './observability/plugins.js';
import type { ProviderRegistry } from './providers/registry.js';
import { MemoryRateLimitStore } from './rate-limit/memory-store.js';
import { requestRateLimit } from './rate-limit/request-limit.js';
import { upstreamBudgetLeft } from './rate-limit/upstream-budget.js';
import { corsFor, useApiResponseHeaders } from './http-surface.js';
import { operationAdmission, type OperationAdmission } from './operation-admission.js';
import { boundedParserCache } from './parse-cache.js';
import type { RateLimitStore } from './rate-limit/store.js';
import { buildSchema } from './schema.js';
import { createMemoryEventBus, type EventBus } from './subscriptions/bus.js';
import { SubscriptionRegistry } from './subscriptions/registry.js';
import type { LiveUpdates } from './subscriptions/streams.js';
import type { WatchLeases } from './subscriptions/leases.js';
import { WatchHub } from './subscriptions/watchers.js';
import { MemoryTaskStore, type TaskStore } from './tasks/store.js';
import { TaskService } from './tasks/tasks.js';

import { useTrustedDocuments } from './trusted-documents/plugin.js';
import { MemoryPersistedQueryStore, type PersistedQueryStore } from './trusted-documents/store.js';
import { useSchemaEndpoint } from './schema-endpoint.js';

export interface GatewayOptions {
  config: Pick<GatewayConfig, 'mode' | 'upstream' | 'fleet' | 'auth' | 'limits' | 'rateLimit' | 'graphql' | 'idempotency' | 'tasks' | 'subscriptions'>;
  providers: ProviderRegistry;
  logger: Logger;
  /** Where mutation idempotency records live; in memory unless replicas share one. */
  idempotency?: IdempotencyStore;
  /** Where rate-limit counters live; in memory unless replicas share one. */
  rateLimitStore?: RateLimitStore;
  /** Where fleet snapshots live; in memory unless replicas share one. */
  fleetStore?: FleetStore;
  /** Documents registered by automatic persisted queries; in memory unless replicas share one. */
  persistedQueries?: PersistedQueryStore;
  /** Metrics, readiness and tracing (see runtime.ts); without them: GraphQL and /health only. */
  observability?: Observability;
  /** Where records of the tasks the gateway started live; in memory unless replicas share one. */
  taskStore?: TaskStore;
  /** Where watchers publish changes for subscriptions; in memory unless replicas share one. */
  eventBus?: EventBus;
  /** Which replica watches each watched object; in memory (this gateway watches all) unless replicas share them. */
  watchLeases?: WatchLeases;
}

export type Gateway = YogaServerInstance<object, GatewayRequestContext> & {
  /** Watchers and open subscriptions: the WebSocket transport serves them too, and shutdown completes them. */
  live: LiveUpdates & { close(): Promise<void> };
  /** Authenticates an `Authorization` value from an address the way HTTP requests are (for WebSocket operations). */
  identify: Authentication['identify'];
  /** The request checks and `onParams` hooks HTTP requests go through, for an operation of another transport. */
  admitOperation: OperationAdmission;
  /** Makes `principal` the caller of `request` (a request built for a WebSocket operation). */
  bindPrincipal: Authentication['bind'];
};

export function createGateway({
  config,
  providers,
  logger,
  idempotency = new MemoryIdempotencyStore(config.idempotency),
  rateLimitStore = new MemoryRateLimitStore(),
  fleetStore = new MemoryFleetStore(),
  persistedQueries = new MemoryPersistedQueryStore(),
  observability,
  taskStore = new MemoryTaskStore(),
  eventBus = createMemoryEventBus(),
  watchLeases,
}: GatewayOptions): Gateway {
  const { auth, limits, rateLimit, graphql } = config;
  const schema = buildSchema();
  const audit = createAuditLog(logger.child({ component: 'audit' }));
  const authentication = createAuthentication(auth, logger.child({ component: 'auth' }), rateLimitStore);
  const upstreamBudget =
    rateLimit.upstream.perSecond > 0 ? { store: rateLimitStore, rule: rateLimit.upstream, logger: logger.child({ component: 'rate-limit' }) } : undefined;
  // How often a principal may call, and whether its upstream-call budget is spent: checked for each HTTP request
  // and each WebSocket operation alike.
  const requestChecks = [
    ...(rateLimit.perSecond > 0
      ? [requestRateLimit({ store: rateLimitStore, rule: rateLimit, principalOf: authentication.principalOf, logger: logger.child({ component: 'rate-limit' }) })]
      : []),
    ...(upstreamBudget ? [upstreamBudgetLeft(upstreamBudget, authentication.principalOf)] : []),
  ];
  // In the order a request meets them: its ID and metrics, who, whether cross-site, how often, what is visible, how
  // big, may it run.
  const plugins: NonNullable<YogaServerOptions<object, GatewayRequestContext>['plugins']> = [
    // Before tracing, which wraps whichever execute function it finds.
    useCompiledExecution(logger.child({ component: 'graphql-jit' })),
    ...observabilityPlugins(observability, logger),
    useRequestCloudsEnd(),
    useApiResponseHeaders(),
    useLanding(graphql),
    authentication.plugin,
    useCsrfPrevention(),
    useStrictRequestBody(),
    ...useTrustedDocuments({
      trusted: graphql.trustedDocuments,
      store: persistedQueries,
      principalOf: authentication.principalOf,
      logger: logger.child({ component: 'trusted-documents' }),
      registry: observability?.metrics.registry,
    }),
    ...requestChecks.map((check): Plugin => ({ onRequestParse: ({ request }) => check(request) })),
    ...(graphql.introspection ? [useSchemaEndpoint(schema)] : [useDisableIntrospection(), blockFieldSuggestionsPlugin()]),
    ...useOperationLimits(limits),
    useRefusedMutationAudit(audit),
    useOperationScopes(),
    usePartialErrors(),
    useRequestErrorCodes(),
  ];
  // GraphiQL from the gateway itself, offline; in simulated mode its tabs send the development key.
  const explorer = graphql.graphiql ? createExplorer(auth.devKey ? { headers: { Authorization: `Bearer ${auth.devKey}` } } : {}) : null;
  if (explorer) plugins.push(explorer.plugin);
  // After every plugin that sets a request parser, so it limits the body whichever parser reads it.
  plugins.push(useRequestBodyLimit(limits.maxBodyBytes));
  // Last, so it compresses what every other plugin has finished.
  plugins.push(useCompression());
  const tasks = new TaskService({ store: taskStore, timeoutMs: config.tasks.timeoutMs });
  const metrics = observability?.metrics;
  const hub = new WatchHub({
    providers,
    tasks,
    bus: eventBus,
    leases: watchLeases,
    intervalMs: config.subscriptions.watchIntervalMs,
    upstream: config.upstream,
    logger: logger.child({ component: 'watchers' }),
    onWatchers: metrics && ((nodes, taskCount) => {
      metrics.watchers.set({ kind: 'node' }, nodes);
      metrics.watchers.set({ kind: 'task' }, taskCount);
    }),
  });
  const registry = new SubscriptionRegistry(config.subscriptions.maxPerPrincipal, metrics && ((open) => metrics.subscriptionsOpen.set(open)));
  const live = {
    bus: eventBus,
    hub,
    registry,
    async close() {
      await registry.closeAll();
      await hub.close();
    },
  };
  const yoga = createYoga<object, GatewayRequestContext>({
    schema,
    context: createContextFactory({
      providers,
      upstream: config.upstream,
      idempotency,
      fleet: new FleetSnapshots({ store: fleetStore, ttlMs: config.fleet.ttlMs, upstream: config.upstream, logger: logger.child({ component: 'fleet' }) }),
      tasks,
      live,
      limits,
      principalOf: authentication.principalOf,
      onBatch: observability && ((kind, size) => observability.metrics.batch(kind, size)),
      upstreamBudget,
      audit,
      logger: logger.child({ component: 'mutations' }),
    }),
    cors: corsFor(graphql.corsOrigins),
    graphqlEndpoint: '/graphql',
    healthCheckEndpoint: '/health',
    landingPage: false,
    graphiql: explorer?.graphiql ?? false,
    ...(explorer && { renderGraphiQL: explorer.renderGraphiQL }),
    maskedErrors: { maskError: (error, message) => maskError(error, message) },
    logging: logger.child({ component: 'yoga' }),
    batching: false,
    // useRequestBodyLimit instead (above).
    maxRequestBodySize: false,
    parserAndValidationCache: boundedParserCache(),
    plugins,
  });
  return Object.assign(yoga, {
    live,
    identify: authentication.identify,
    admitOperation: operationAdmission(requestChecks, plugins, yoga.fetchAPI),
    bindPrincipal: authentication.bind,
  });
}
