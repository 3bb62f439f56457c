/**
 * graphql-ws over WebSocket on `/graphql`, beside yoga's HTTP (and Server-Sent Events) on the same port. The token
 * comes in `connectionParams.authorization` (`Bearer <token>`) and is checked as HTTP requests are, before any
 * operation; each operation then runs through yoga's own envelop, so scopes, operation limits, masking and the
 * context are those of HTTP. The ws keep-alive pings every 12 s, and closes a connection whose client stopped
 * answering.
 */
import type { Server } from 'node:http';
import { GraphQLError, type ExecutionArgs, type ExecutionResult } from 'graphql';
import { useServer } from 'graphql-ws/use/ws';
import { WebSocketServer } from 'ws';
import type { Principal } from './auth/principal.js';
import type { Logger } from './logger.js';
import type { Gateway } from './server.js';

const KEEP_ALIVE_MS = 12_000;

interface ConnectionState extends Record<PropertyKey, unknown> {
  principal?: Principal;
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
        const verdict = await yoga.authenticate(authorization);
        if ('reason' in verdict) {
          options.logger.warn({ reason: verdict.reason }, 'websocket refused: unauthenticated');
          return false;
        }
        ctx.extra.principal = verdict.principal;
        ctx.extra.authorization = authorization;
        return true;
      },
      execute: (args) => (args.rootValue as Enveloped).execute(args),
      subscribe: (args) => (args.rootValue as Enveloped).subscribe(args),
      onSubscribe: async (ctx, _id, params) => {
        // A request of its own per operation, carrying the connection's principal, as the context factory reads it.
        const request = new Request('http://websocket/graphql', { method: 'POST', headers: { authorization: ctx.extra.authorization ?? '' } });
        yoga.bindPrincipal(request, ctx.extra.principal!);
        const enveloped = yoga.getEnveloped({ request, params, socket: ctx.extra.socket, req: ctx.extra.request });
        // The operation limits refuse by throwing from parse or validation; that is an answer, not a broken socket.
        let document;
        try {
          document = enveloped.parse(params.query);
          const errors = enveloped.validate(enveloped.schema, document);
          if (errors.length > 0) return errors;
        } catch (error) {
          return [error instanceof GraphQLError ? error : new GraphQLError('The operation could not be parsed or validated.')];
        }
        const args: ExecutionArgs = {
          schema: enveloped.schema,
          operationName: params.operationName ?? null,
          document,
          variableValues: params.variables ?? null,
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

type Outcome = ExecutionResult | AsyncIterable<ExecutionResult>;
type Run = (args: ExecutionArgs) => Outcome | Promise<Outcome>;

interface Enveloped {
  execute: Run;
  subscribe: Run;
}
