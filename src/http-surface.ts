/** What every public answer carries, and which browser origins may read them (CORS). */
import type { CORSOptions, Plugin } from 'graphql-yoga';

/** Answers hold fleet data and errors: never sniffed into something runnable, never kept by a cache on the way. */
export function useApiResponseHeaders(): Plugin {
  return {
    onResponse({ response }) {
      response.headers.set('x-content-type-options', 'nosniff');
      response.headers.set('cache-control', 'no-store');
    },
  };
}

/**
 * CORS for the origins of `GATEWAY_CORS_ORIGINS` only: an allowed origin is answered as itself, without
 * `Access-Control-Allow-Credentials` (tokens go in a header, never a cookie); any other origin, or none configured,
 * gets no CORS headers at all, so a browser page elsewhere cannot read an answer.
 */
export function corsFor(origins: readonly string[]): CORSOptions | ((request: Request) => CORSOptions) {
  if (origins.length === 0) return false;
  const allowed = new Set(origins);
  return (request) => {
    const origin = request.headers.get('origin');
    if (origin === null || !allowed.has(origin)) return false;
    return {
      origin: [origin],
      credentials: false,
      methods: ['GET', 'POST'],
      allowedHeaders: ['authorization', 'content-type', 'accept', 'x-request-id'],
      maxAge: 600,
    };
  };
}
