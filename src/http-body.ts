/**
 * GraphQL over HTTP: a POST whose body is missing or not JSON is a bad request, 400 whatever the client accepts
 * (yoga answers `application/json` clients 200 with the error, which the graphql-http audit warns about).
 */
import { GraphQLError } from 'graphql';
import type { Plugin } from 'graphql-yoga';
import { GatewayError } from './errors.js';
import { refusal } from './errors-graphql.js';

/** Told by the headers alone: reading `request.body` would start reading (and copying) what may be megabytes. */
const hasNoBody = ({ headers }: Request) =>
  !headers.has('transfer-encoding') && (headers.get('content-length') === '0' || (!headers.has('content-length') && !headers.has('content-type')));

export function useStrictRequestBody(): Plugin {
  return {
    onRequestParse({ request, requestParser, setRequestParser }) {
      if (request.method !== 'POST') return;
      if (hasNoBody(request)) {
        throw refusal(new GatewayError('BAD_REQUEST', 'POST needs a JSON body: {"query": "...", "variables": {...}}.'), { status: 400 });
      }
      if (!requestParser) return;
      setRequestParser(async (req) => {
        try {
          return await requestParser(req);
        } catch (error) {
          // Yoga marks a body it cannot read as a request error of the spec (`spec: true`): 200 for application/json.
          const http = error instanceof GraphQLError ? (error.extensions['http'] as { spec?: boolean; status?: number } | undefined) : undefined;
          if (!http?.spec || http.status !== 400) throw error;
          throw new GraphQLError(error instanceof Error ? error.message : 'Bad request body.', {
            extensions: { ...(error as GraphQLError).extensions, http: { status: 400 } },
          });
        }
      });
    },
  };
}
