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
import { buildSchema } from './schema.js';

export interface GatewayOptions {
  config: Pick<GatewayConfig, 'mode' | 'upstream' | 'auth' | 'limits'>;
  providers: Providers;
  logger: Logger;
}

export type Gateway = YogaServerInstance<object, GatewayRequestContext>;

export function createGateway({ config, providers, logger }: GatewayOptions): Gateway {
  const { auth, limits } = config;
  const authentication = createAuthentication(auth, logger.child({ component: 'auth' }));
  // In the order a request meets them: who, how big, may it run.
  const plugins: NonNullable<YogaServerOptions<object, GatewayRequestContext>['plugins']> = [
    authentication.plugin,
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
