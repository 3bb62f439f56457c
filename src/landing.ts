/**
 * `/`, where a person's browser lands first: a redirect to GraphiQL when it is served, else a short JSON index of
 * the endpoints, so that nobody meets a bare 404.
 */
import type { Plugin } from 'graphql-yoga';
import { SCHEMA_PATH } from './schema-endpoint.js';

export interface LandingOptions {
  graphiql: boolean;
  introspection: boolean;
}

export function useLanding({ graphiql, introspection }: LandingOptions): Plugin {
  const index = JSON.stringify({
    service: 'hypernode-gateway',
    graphql: '/graphql',
    health: '/health',
    ...(introspection && { schema: SCHEMA_PATH }),
    docs: 'README.md of the repository',
  });
  return {
    onRequest({ url, request, endResponse, fetchAPI }) {
      if (url.pathname !== '/' || (request.method !== 'GET' && request.method !== 'HEAD')) return;
      endResponse(
        graphiql
          ? new fetchAPI.Response(null, { status: 302, headers: { location: '/graphql' } })
          : new fetchAPI.Response(request.method === 'HEAD' ? null : index, { status: 200, headers: { 'content-type': 'application/json; charset=utf-8' } }),
      );
    },
  };
}
