/**
 * Yoga's CSRF prevention: a request a browser may send cross-site without a preflight (a GET, a form or
 * text/plain POST) must carry the `x-graphql-yoga-csrf` header. Refused with a code, like every refusal.
 */
import { useCSRFPrevention } from '@graphql-yoga/plugin-csrf-prevention';
import { GraphQLError } from 'graphql';
import type { Plugin } from 'graphql-yoga';
import { GatewayError } from './errors.js';
import { refusal } from './errors-graphql.js';

export const CSRF_HEADER = 'x-graphql-yoga-csrf';

export function useCsrfPrevention(): Plugin {
  const prevention = useCSRFPrevention({ requestHeaders: [CSRF_HEADER] });
  return {
    onRequestParse(payload) {
      try {
        return prevention.onRequestParse?.(payload);
      } catch (error) {
        if (!(error instanceof GraphQLError)) throw error;
        throw refusal(new GatewayError('BAD_REQUEST', `Send a JSON body, or the ${CSRF_HEADER} header.`), { status: 403 });
      }
    },
  };
}
