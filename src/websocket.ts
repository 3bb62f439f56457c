/**
 * graphql-ws over WebSocket on `/graphql`, beside yoga's HTTP (and Server-Sent Events) on the same port. The token
 * comes in `connectionParams.authorization` (`Bearer <token>`). It is checked as HTTP requests are, throttled per
 * address, when the connection opens and again for each operation (a JWT may expire while the socket stays open).
 * Each operation then meets what an HTTP request meets: the principal's rate limit and upstream-call budget, the
 * `onParams` hooks (trusted documents, the limits on variables; operation-admission.ts), then yoga's own envelop,
 * so scopes, operation limits, masking and the context are those of HTTP. The ws keep-alive pings every 12 s, and
 * closes a connection whose client stopped answering.
 */
import type { Server } from 'node:http';
import { GraphQLError, type ExecutionArgs, type ExecutionResult } from 'graphql';
import { useServer } from 'graphql-ws/use/ws';
import { WebSocketServer } from 'ws';
import type { Logger } from './logger.js';
import type { Gateway } from './server.js';

const KEEP_ALIVE_MS = 12_000;

interface ConnectionState extends Record<PropertyKey, unknown> {
  authorization?: string;
}

export interface WebSocketTransport {
  /** Closes every connection (open subscriptions are completed first by the gateway's shutdown). */
  close(): Promise<void>;
}

export function attachWebSocket(server: Server, yoga: Gateway, options: { maxPayloadBytes: number; logger: Logger }): WebSocketTransport {
  const wss = new WebSocketServer({ server, path: '/graphql', maxPayload: options.maxPayloadBytes });
  const disposable = useServer<Record<string, unknown> | undefined, ConnectionState>(
    {
      isProd: true,
      onConnect: async (ctx) => {
        const authorization = ctx.connectionParams?.authorization;
        if (typeof authorization !== 'string') return false;
        try {
          // A refusal is logged and counted against the address by the authentication, as for HTTP.
          await yoga.identify({ req: ctx.extra.request }, authorization);
        } catch (error) {
          forSocket(error, options.logger);
          return false;
        }
        ctx.extra.authorization = authorization;
        return true;
      },
      execute: (args) => (args.rootValue as Enveloped).execute(args),
      subscribe: (args) => (args.rootValue as Enveloped).subscribe(args),
      onSubscribe: async (ctx, _id, params) => {
        // A request of its own per operation, carrying the principal of the connection's token, as the context
        // factory reads it.
        const request = new Request('http://websocket/graphql', { method: 'POST', headers: { authorization: ctx.extra.authorization ?? '' } });
        let admitted;
        try {
          yoga.bindPrincipal(request, await yoga.identify({ req: ctx.extra.request }, ctx.extra.authorization ?? null));
          admitted = await yoga.admitOperation(request, {
            query: params.query,
            operationName: params.operationName ?? undefined,
            variables: params.variables ?? undefined,
            extensions: params.extensions ?? undefined,
          });
        } catch (error) {
          return [forSocket(error, options.logger)];
        }
        if (typeof admitted.query !== 'string') return [new GraphQLError('Must provide query string.', { extensions: { code: 'BAD_REQUEST' } })];
        const enveloped = yoga.getEnveloped({ request, params: admitted, socket: ctx.extra.socket, req: ctx.extra.request });
        // The operation limits refuse by throwing from parse or validation; that is an answer, not a broken socket.
        let document;
        try {
          document = enveloped.parse(admitted.query);
          const errors = enveloped.validate(enveloped.schema, document);
          if (errors.length > 0) return errors;
        } catch (error) {
          return [error instanceof GraphQLError ? error : new GraphQLError('The operation could not be parsed or validated.')];
        }
        const args: ExecutionArgs = {
          schema: enveloped.schema,
          operationName: admitted.operationName ?? null,
          document,
          variableValues: admitted.variables ?? null,
          contextValue: await enveloped.contextFactory(),
          rootValue: { execute: enveloped.execute, subscribe: enveloped.subscribe },
        };
        return args;
      },
    },
    wss,
    KEEP_ALIVE_MS,
  );
  return {
    async close() {
      await disposable.dispose();
      await new Promise<void>((resolve) => wss.close(() => resolve()));
    },
  };
}

/**
 * A refusal as a graphql-ws error: a coded error keeps its message and extensions but its HTTP status and headers
 * (which mean nothing on a socket); anything else is logged and becomes a generic error, as HTTP masks it.
 */
function forSocket(error: unknown, logger: Logger): GraphQLError {
  if (error instanceof GraphQLError && error.extensions['code'] !== undefined) {
    const { http: _http, ...extensions } = error.extensions;
    return new GraphQLError(error.message, { extensions });
  }
  logger.error({ err: error }, 'websocket operation failed before it ran');
  return new GraphQLError('Unexpected error.', { extensions: { code: 'INTERNAL_SERVER_ERROR' } });
}

type Outcome = ExecutionResult | AsyncIterable<ExecutionResult>;
type Run = (args: ExecutionArgs) => Outcome | Promise<Outcome>;

interface Enveloped {
  execute: Run;
  subscribe: Run;
}
