/**
 * Yoga's CSRF prevention: a request a browser may send cross-site without a preflight (a GET, a form or
 * text/plain POST) must carry the `x-graphql-yoga-csrf` header, or an `Authorization` header: neither is a
 * CORS-safelisted header, so a page of another origin cannot add one without a preflight the gateway would refuse
 * (urql sends queries as GET with the token, and is served). Refused with a code, like every refusal.
 */
import { useCSRFPrevention } from '@graphql-yoga/plugin-csrf-prevention';
import { GraphQLError } from 'graphql';
import type { Plugin } from 'graphql-yoga';
import { GatewayError } from './errors.js';
import { refusal } from './errors-graphql.js';

export const CSRF_HEADER = 'x-graphql-yoga-csrf';

export function useCsrfPrevention(): Plugin {
  const prevention = useCSRFPrevention({ requestHeaders: [CSRF_HEADER, 'authorization'] });
  return {
    onRequestParse(payload) {
      try {
        return prevention.onRequestParse?.(payload);
      } catch (error) {
        if (!(error instanceof GraphQLError)) throw error;
        throw refusal(new GatewayError('BAD_REQUEST', `Send a JSON body, an Authorization header, or the ${CSRF_HEADER} header.`), { status: 403 });
      }
    },
  };
}
