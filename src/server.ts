/** createGateway: the yoga instance, its plugins and the context factory, over the providers it is given. */
import { createYoga, type YogaServerInstance } from 'graphql-yoga';
import type { GatewayConfig } from './config.js';
import { createContextFactory, type GatewayRequestContext } from './context.js';
import { maskError, usePartialErrors } from './errors-graphql.js';
import type { Logger } from './logger.js';
import { MemoryIdempotencyStore, type IdempotencyStore } from './mutations/idempotency.js';
import type { Providers } from './providers/registry.js';
import { buildSchema } from './schema.js';

export interface GatewayOptions {
  config: Pick<GatewayConfig, 'mode' | 'upstream'>;
  providers: Providers;
  logger: Logger;
  /** Where mutation idempotency records live; in memory unless a shared store is given. */
  idempotency?: IdempotencyStore;
}

export type Gateway = YogaServerInstance<object, GatewayRequestContext>;

export function createGateway({ config, providers, logger, idempotency = new MemoryIdempotencyStore() }: GatewayOptions): Gateway {
  return createYoga<object, GatewayRequestContext>({
    schema: buildSchema(),
    context: createContextFactory({ providers, upstream: config.upstream, idempotency }),
    graphqlEndpoint: '/graphql',
    healthCheckEndpoint: '/health',
    landingPage: false,
    graphiql: { title: 'hypernode-gateway' },
    maskedErrors: { maskError: (error, message) => maskError(error, message) },
    logging: logger.child({ component: 'yoga' }),
    plugins: [usePartialErrors()],
  });
}
