/** `GET /schema.graphql`: the SDL, for IDE plugins and codegens, served only when introspection is on. */
import { printSchema, type GraphQLSchema } from 'graphql';
import type { Plugin } from 'graphql-yoga';

export const SCHEMA_PATH = '/schema.graphql';

export function useSchemaEndpoint(schema: GraphQLSchema): Plugin {
  const sdl = printSchema(schema);
  return {
    onRequest({ url, request, endResponse, fetchAPI }) {
      if (url.pathname !== SCHEMA_PATH || (request.method !== 'GET' && request.method !== 'HEAD')) return;
      endResponse(new fetchAPI.Response(request.method === 'HEAD' ? null : sdl, { status: 200, headers: { 'content-type': 'text/plain; charset=utf-8' } }));
    },
  };
}
