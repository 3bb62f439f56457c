/** createGateway: the yoga instance, its plugins and the context factory, over the providers it is given. */
import { createYoga, type YogaServerInstance } from 'graphql-yoga';
import type { GatewayConfig } from './config.js';
import { createContextFactory, type GatewayRequestContext } from './context.js';
import { maskError, usePartialErrors } from './errors-graphql.js';
import type { Logger } from './logger.js';
import { observabilityPlugins, type Observability } from './observability/plugins.js';
import type { Providers } from './providers/registry.js';
import { buildSchema } from './schema.js';

export interface GatewayOptions {
  config: Pick<GatewayConfig, 'mode' | 'upstream'>;
  providers: Providers;
  logger: Logger;
  /** Metrics, readiness and tracing (see runtime.ts); without them: GraphQL and /health only. */
  observability?: Observability;
}

export type Gateway = YogaServerInstance<object, GatewayRequestContext>;

export function createGateway({ config, providers, logger, observability }: GatewayOptions): Gateway {
  return createYoga<object, GatewayRequestContext>({
    schema: buildSchema(),
    context: createContextFactory({
      providers,
      upstream: config.upstream,
      onBatch: observability && ((kind, size) => observability.metrics.batch(kind, size)),
    }),
    graphqlEndpoint: '/graphql',
    healthCheckEndpoint: '/health',
    landingPage: false,
    graphiql: { title: 'hypernode-gateway' },
    maskedErrors: { maskError: (error, message) => maskError(error, message) },
    logging: logger.child({ component: 'yoga' }),
    plugins: [...observabilityPlugins(observability, logger), usePartialErrors()],
  });
}
