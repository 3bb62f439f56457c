/** createGateway: the yoga instance, its plugins and the context factory, over the providers it is given. */
import { createYoga, type YogaServerInstance, type YogaServerOptions } from 'graphql-yoga';
import { useOperationScopes } from './auth/authorize.js';
import { createAuthentication } from './auth/plugin.js';
import type { GatewayConfig } from './config.js';
import { createContextFactory, type GatewayRequestContext } from './context.js';
import { maskError, usePartialErrors } from './errors-graphql.js';
import { useOperationLimits } from './limits.js';
import type { Logger } from './logger.js';
import type { Providers } from './providers/registry.js';
import { MemoryRateLimitStore } from './rate-limit/memory-store.js';
import { useRateLimit } from './rate-limit/plugin.js';
import type { RateLimitStore } from './rate-limit/store.js';
import { buildSchema } from './schema.js';

export interface GatewayOptions {
  config: Pick<GatewayConfig, 'mode' | 'upstream' | 'auth' | 'limits' | 'rateLimit'>;
  providers: Providers;
  logger: Logger;
  /** Where rate-limit counters live; in memory unless replicas share one. */
  rateLimitStore?: RateLimitStore;
}

export type Gateway = YogaServerInstance<object, GatewayRequestContext>;

export function createGateway({ config, providers, logger, rateLimitStore = new MemoryRateLimitStore() }: GatewayOptions): Gateway {
  const { auth, limits, rateLimit } = config;
  const authentication = createAuthentication(auth, logger.child({ component: 'auth' }));
  // In the order a request meets them: who, how often, how big, may it run.
  const plugins: NonNullable<YogaServerOptions<object, GatewayRequestContext>['plugins']> = [
    authentication.plugin,
    ...(rateLimit.perSecond > 0
      ? [useRateLimit({ store: rateLimitStore, rule: rateLimit, principalOf: authentication.principalOf, logger: logger.child({ component: 'rate-limit' }) })]
      : []),
    ...useOperationLimits(limits),
    useOperationScopes(),
    usePartialErrors(),
  ];
  return createYoga<object, GatewayRequestContext>({
    schema: buildSchema(),
    context: createContextFactory({ providers, upstream: config.upstream, limits, principalOf: authentication.principalOf }),
    graphqlEndpoint: '/graphql',
    healthCheckEndpoint: '/health',
    landingPage: false,
    graphiql: {
      title: 'hypernode-gateway',
      // The development key of simulated mode, so the first query from GraphiQL just works.
      ...(auth.devKey && { headers: JSON.stringify({ Authorization: `Bearer ${auth.devKey}` }) }),
    },
    maskedErrors: { maskError: (error, message) => maskError(error, message) },
    logging: logger.child({ component: 'yoga' }),
    batching: false,
    maxRequestBodySize: limits.maxBodyBytes,
    plugins,
  });
}
