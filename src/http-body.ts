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

const CONTENT_LENGTH = /^\d+$/;

function bodyTooLarge(limit: number): GraphQLError {
  return new GraphQLError(`The request body is larger than ${limit} bytes.`, { extensions: { code: 'REQUEST_ENTITY_TOO_LARGE', http: { status: 413 } } });
}

/**
 * At most `limit` bytes of body, in place of yoga's `maxRequestBodySize`, which pipes every body through a stream
 * transform into a second Request. A valid `Content-Length` is all the check needs: Node's parser never delivers
 * more body than it says (and refuses it next to `Transfer-Encoding`). Only a body without one — chunked — is
 * counted as it is read, and reading stops at the limit. Must come after every plugin that sets a request parser.
 */
export function useRequestBodyLimit(limit: number): Plugin {
  return {
    onRequestParse({ request, requestParser, setRequestParser, fetchAPI }) {
      const length = request.headers.get('content-length');
      if (length !== null) {
        if (!CONTENT_LENGTH.test(length)) {
          throw new GraphQLError('The Content-Length header is not a length.', { extensions: { code: 'BAD_REQUEST', http: { status: 400 } } });
        }
        if (Number(length) > limit) throw bodyTooLarge(limit);
        return;
      }
      if (!requestParser || !request.body) return;
      setRequestParser((req) => {
        let read = 0;
        // A body of the platform's own streams takes the platform's transform; one of the fetch ponyfill, its own.
        const Transform = req.body instanceof ReadableStream ? TransformStream : fetchAPI.TransformStream;
        const counted = req.body!.pipeThrough(
          new Transform<Uint8Array, Uint8Array>({
            transform(chunk, controller) {
              read += chunk.byteLength;
              if (read > limit) controller.error(bodyTooLarge(limit));
              else controller.enqueue(chunk);
            },
          }),
        );
        return requestParser(new fetchAPI.Request(req.url, { method: req.method, headers: req.headers, body: counted, duplex: 'half' } as RequestInit));
      });
    },
  };
}
