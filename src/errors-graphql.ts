/** Coded errors -> GraphQL errors, and the masking of everything else. */
import { GraphQLError, type ExecutionResult } from 'graphql';
import { isAsyncIterable, type Plugin } from 'graphql-yoga';
import { GatewayError, RateLimitedError, type PartialError } from './errors.js';

/** The GraphQL error a client sees for a coded error at `path`. */
export function toGraphQLError(error: GatewayError, at: { path?: ReadonlyArray<string | number> } = {}): GraphQLError {
  return new GraphQLError(error.message, { path: at.path, extensions: error.extensions });
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

/** `RATE_LIMITED` for the whole request: 429, with `Retry-After` in whole seconds. */
export function rateLimitedRefusal(retryAfterMs: number): GraphQLError {
  return refusal(new RateLimitedError(retryAfterMs), { status: 429, headers: { 'retry-after': String(Math.ceil(retryAfterMs / 1000)) } });
}

/**
 * Yoga's `maskError`: coded errors keep their message and extensions; GraphQL's own errors (syntax, validation)
 * pass; anything else becomes a generic error with no stack, message or cause. Yoga logs an error only when this
 * replaces it, so only the unexpected ones reach the log.
 */
export function maskError(error: unknown, message: string): Error {
  if (error instanceof GraphQLError) {
    // GraphQL took the message and extensions of the coded error when it wrapped it; only those are sent.
    if (error.originalError instanceof GatewayError) return error;
    if (!error.originalError || error.originalError instanceof GraphQLError) {
      // Yoga copies a failed parser's message, which quotes the body, into extensions.originalError. Dropped in
      // place: a new error would be logged as unexpected, for what is only a client's malformed request.
      delete (error.extensions as Record<string, unknown>)['originalError'];
      return error;
    }
    return new GraphQLError(message, { nodes: error.nodes, path: error.path, extensions: { code: 'INTERNAL_SERVER_ERROR' } });
  }
  if (error instanceof GatewayError) return toGraphQLError(error);
  return new GraphQLError(message, { extensions: { code: 'INTERNAL_SERVER_ERROR' } });
}

/** Adds the errors of list sources that failed while others answered, next to the data they left out. */
export function usePartialErrors(): Plugin<{ partialErrors?: PartialError[] }> {
  return {
    onExecute({ args }) {
      return {
        onExecuteDone({ result, setResult }) {
          const context = args.contextValue as { partialErrors?: PartialError[] };
          if (!context.partialErrors?.length || !('data' in result || 'errors' in result)) return;
          const single = result as ExecutionResult;
          const extra = context.partialErrors.map(({ error, path }) => toGraphQLError(error, { path }));
          setResult({ ...single, errors: [...(single.errors ?? []), ...extra] });
        },
      };
    },
  };
}

/**
 * GraphQL reports problems with the request itself (variables that do not fit, an operation name that names
 * none, an operation type the schema lacks) as errors without a path or a code; they get BAD_USER_INPUT, so that
 * every error a client sees is coded.
 */
export function useRequestErrorCodes(): Plugin {
  const coded = (result: unknown, setResult: (result: ExecutionResult) => void) => {
    if (isAsyncIterable(result)) return;
    const single = result as ExecutionResult;
    if (!single.errors?.some(lacksCode)) return;
    setResult({ ...single, errors: single.errors.map((error) => (lacksCode(error) ? withCode(error, 'BAD_USER_INPUT') : error)) });
  };
  return {
    onExecute: () => ({ onExecuteDone: ({ result, setResult }) => coded(result, setResult) }),
    onSubscribe: () => ({ onSubscribeResult: ({ result, setResult }) => coded(result, setResult) }),
  };
}

const lacksCode = (error: GraphQLError) => error.path === undefined && error.extensions?.['code'] === undefined;

function withCode(error: GraphQLError, code: string): GraphQLError {
  return new GraphQLError(error.message, {
    nodes: error.nodes,
    source: error.source,
    positions: error.positions,
    originalError: error.originalError,
    extensions: { ...error.extensions, code },
  });
}
