/** createGateway: the yoga instance, its plugins and the context factory, over the providers it is given. */
import { createYoga, type YogaServerInstance } from 'graphql-yoga';
import type { GatewayConfig } from './config.js';
import { createContextFactory, type GatewayRequestContext } from './context.js';
import { maskError, usePartialErrors } from './errors-graphql.js';
import { createExplorer, type ExplorerOptions } from './graphiql.js';
import type { Logger } from './logger.js';
import type { Providers } from './providers/registry.js';
import { buildSchema } from './schema.js';

export interface GatewayOptions {
  config: Pick<GatewayConfig, 'mode' | 'upstream'>;
  providers: Providers;
  logger: Logger;
  /** GraphiQL's extras, e.g. headers its tabs start with. */
  explorer?: ExplorerOptions;
}

export type Gateway = YogaServerInstance<object, GatewayRequestContext>;

export function createGateway({ config, providers, logger, explorer: explorerOptions }: GatewayOptions): Gateway {
  const explorer = createExplorer(explorerOptions);
  return createYoga<object, GatewayRequestContext>({
    schema: buildSchema(),
    context: createContextFactory({ providers, upstream: config.upstream }),
    graphqlEndpoint: '/graphql',
    healthCheckEndpoint: '/health',
    landingPage: false,
    graphiql: explorer.graphiql,
    renderGraphiQL: explorer.renderGraphiQL,
    maskedErrors: { maskError: (error, message) => maskError(error, message) },
    logging: logger.child({ component: 'yoga' }),
    plugins: [usePartialErrors(), explorer.plugin],
  });
}
