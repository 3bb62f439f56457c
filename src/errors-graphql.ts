/** Coded errors -> GraphQL errors, and the masking of everything else. */
import { GraphQLError, type ExecutionResult } from 'graphql';
import type { Plugin } from 'graphql-yoga';
import type { GatewayContext } from './context.js';
import { GatewayError } from './errors.js';

/** The GraphQL error a client sees for a coded error at `path`. */
export function toGraphQLError(error: GatewayError, at: { path?: ReadonlyArray<string | number>; original?: GraphQLError } = {}): GraphQLError {
  return new GraphQLError(error.message, {
    nodes: at.original?.nodes,
    source: at.original?.source,
    positions: at.original?.positions,
    path: at.path ?? at.original?.path,
    extensions: error.extensions,
  });
}

/** How yoga answers a refused request over HTTP. */
export interface HttpRefusal {
  status: number;
  headers?: Record<string, string>;
  /**
   * A GraphQL request error in the sense of GraphQL over HTTP, like a syntax error: `status` is used for
   * `application/graphql-response+json`, while `application/json` clients get 200 and the error.
   */
  spec?: boolean;
}

/** A coded error that refuses the whole request; yoga answers it as is, `extensions.http` taken off the body. */
export function refusal(error: GatewayError, http: HttpRefusal): GraphQLError {
  return new GraphQLError(error.message, { extensions: { ...error.extensions, http } });
}

/**
 * Yoga's `maskError`: coded errors keep their message and extensions; GraphQL's own errors (syntax, validation)
 * pass; anything else becomes a generic error with no stack, message or cause.
 */
export function maskError(error: unknown, message: string): Error {
  if (error instanceof GraphQLError) {
    if (error.originalError instanceof GatewayError) return toGraphQLError(error.originalError, { original: error });
    if (!error.originalError || error.originalError instanceof GraphQLError) return error;
    return new GraphQLError(message, { nodes: error.nodes, path: error.path, extensions: { code: 'INTERNAL_SERVER_ERROR' } });
  }
  if (error instanceof GatewayError) return toGraphQLError(error);
  return new GraphQLError(message, { extensions: { code: 'INTERNAL_SERVER_ERROR' } });
}

/** Adds the errors of list sources that failed while others answered, next to the data they left out. */
export function usePartialErrors(): Plugin<GatewayContext> {
  return {
    onExecute({ args }) {
      return {
        onExecuteDone({ result, setResult }) {
          const context = args.contextValue as GatewayContext;
          if (!context.partialErrors?.length || !('data' in result || 'errors' in result)) return;
          const single = result as ExecutionResult;
          const extra = context.partialErrors.map(({ error, path }) => toGraphQLError(error, { path }));
          setResult({ ...single, errors: [...(single.errors ?? []), ...extra] });
        },
      };
    },
  };
}
