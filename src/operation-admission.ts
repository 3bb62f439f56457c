/**
 * What an HTTP request meets before GraphQL itself runs, for operations that arrive another way (graphql-ws). Yoga
 * runs its request hooks (`onRequestParse`, `onParams`) for HTTP only; envelop's (parse, validate, execute) run for
 * every transport. So an operation over a WebSocket goes through the same request checks here (the rate limit and
 * the upstream-call budget of its principal) and the same `onParams` hooks of the gateway's plugins (trusted
 * documents, the limits on variables), in the order HTTP runs them.
 */
import { GraphQLError } from 'graphql';
import type { GraphQLParams, Plugin } from 'graphql-yoga';

/** Admits one operation of `request`'s principal: its params as the hooks left them, or the refusal, thrown. */
export type OperationAdmission = (request: Request, params: GraphQLParams) => Promise<GraphQLParams>;

type FetchAPI = Parameters<NonNullable<Plugin['onParams']>>[0]['fetchAPI'];

export function operationAdmission(
  requestChecks: ReadonlyArray<(request: Request) => Promise<void>>,
  plugins: ReadonlyArray<Pick<Plugin, 'onParams'>>,
  fetchAPI: FetchAPI,
): OperationAdmission {
  const paramsHooks = plugins.flatMap((plugin) => (plugin.onParams ? [plugin.onParams] : []));
  return async (request, params) => {
    for (const check of requestChecks) await check(request);
    let current = params;
    let answered = false;
    // One object per operation, as yoga gives each request's hooks one server context.
    const context = {};
    for (const hook of paramsHooks) {
      await hook({
        request,
        params: current,
        setParams: (next) => void (current = next),
        paramsHandler: () => {
          throw new Error('There is no HTTP params handler for this transport.');
        },
        setParamsHandler: () => {},
        // A hook that answers the request itself: nothing here sends that answer, so the operation is refused.
        setResult: () => void (answered = true),
        fetchAPI,
        context,
      });
      if (answered) throw new GraphQLError('The operation was refused.', { extensions: { code: 'BAD_REQUEST' } });
    }
    return current;
  };
}
