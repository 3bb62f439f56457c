/** Subscription clients over real HTTP: GraphQL over Server-Sent Events (fetch) and graphql-ws over WebSocket. */
import { createClient, type Client } from 'graphql-ws';
import WebSocket from 'ws';

export interface LiveResult<T = Record<string, unknown>> {
  data?: T | null;
  errors?: Array<{ message: string; path?: Array<string | number>; extensions?: Record<string, unknown> }>;
}

export interface LiveStream<T> {
  /** The next result, or null once the stream completed. */
  next(timeoutMs?: number): Promise<LiveResult<T> | null>;
  /** Every result until the stream completes. */
  rest(timeoutMs?: number): Promise<Array<LiveResult<T>>>;
  /** Leaves, as a client that goes away. */
  close(): void;
  /** The HTTP status of the stream's answer (SSE only). */
  status?: number;
}

/** Parses a `text/event-stream` body into GraphQL results until `event: complete`. */
export async function sse<T>(url: string, token: string | null, query: string, variables?: Record<string, unknown>, fetcher: (url: string, init: RequestInit) => Promise<Response> | Response = fetch): Promise<LiveStream<T>> {
  const controller = new AbortController();
  const response = await fetcher(`${url}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', accept: 'text/event-stream', ...(token && { authorization: `Bearer ${token}` }) },
    body: JSON.stringify({ query, variables }),
    signal: controller.signal,
  });
  const queue: Array<LiveResult<T> | null> = [];
  const waiting: Array<(value: LiveResult<T> | null) => void> = [];
  let cancel = () => {};
  const deliver = (value: LiveResult<T> | null) => (waiting.length > 0 ? waiting.shift()!(value) : queue.push(value));
  if (!(response.headers.get('content-type') ?? '').includes('text/event-stream')) {
    deliver((await response.json()) as LiveResult<T>);
    deliver(null);
  } else {
    // Read with a reader of our own, so that close() cancels the body too (an in-process fetch ignores the abort).
    const reader = response.body!.getReader();
    cancel = () => void reader.cancel().catch(() => undefined);
    void (async () => {
      const decoder = new TextDecoder();
      let buffer = '';
      try {
        for (;;) {
          const { value: chunk, done } = await reader.read();
          if (done) break;
          buffer += decoder.decode(chunk, { stream: true });
          let end;
          while ((end = buffer.indexOf('\n\n')) >= 0) {
            const block = buffer.slice(0, end);
            buffer = buffer.slice(end + 2);
            const event = /^event: (.*)$/m.exec(block)?.[1];
            const data = /^data: (.*)$/m.exec(block)?.[1];
            if (event === 'complete') return deliver(null);
            if (event === 'next' && data) deliver(JSON.parse(data) as LiveResult<T>);
          }
        }
      } catch {
        // aborted by close()
      }
      deliver(null);
    })();
  }
  return stream(queue, waiting, () => {
    controller.abort();
    cancel();
  }, response.status);
}

function stream<T>(queue: Array<LiveResult<T> | null>, waiting: Array<(value: LiveResult<T> | null) => void>, close: () => void, status?: number): LiveStream<T> {
  let done = false;
  const next = (timeoutMs = 30_000): Promise<LiveResult<T> | null> => {
    if (done) return Promise.resolve(null);
    if (queue.length > 0) {
      const value = queue.shift()!;
      if (value === null) done = true;
      return Promise.resolve(value);
    }
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`no event within ${timeoutMs} ms`)), timeoutMs);
      waiting.push((value) => {
        clearTimeout(timer);
        if (value === null) done = true;
        resolve(value);
      });
    });
  };
  return {
    next,
    async rest(timeoutMs) {
      const all: Array<LiveResult<T>> = [];
      for (let value = await next(timeoutMs); value; value = await next(timeoutMs)) all.push(value);
      return all;
    },
    close,
    status,
  };
}

/** A graphql-ws client on `/graphql`, the token in `connectionParams.authorization`. */
export function wsClient(url: string, token: string | null): Client {
  return createClient({
    url: `${url.replace(/^http/, 'ws')}/graphql`,
    webSocketImpl: WebSocket,
    connectionParams: token === null ? {} : { authorization: `Bearer ${token}` },
    retryAttempts: 0,
    lazy: true,
  });
}

/** One subscription over `client`, as a stream of results. */
export function wsSubscribe<T>(client: Client, query: string, variables?: Record<string, unknown>): LiveStream<T> {
  const queue: Array<LiveResult<T> | null> = [];
  const waiting: Array<(value: LiveResult<T> | null) => void> = [];
  const deliver = (value: LiveResult<T> | null) => (waiting.length > 0 ? waiting.shift()!(value) : queue.push(value));
  const unsubscribe = client.subscribe<T>(
    { query, variables },
    {
      next: (value) => deliver(value as LiveResult<T>),
      error: (error) => {
        const errors = Array.isArray(error) ? (error as LiveResult<T>['errors']) : [{ message: error instanceof Error ? error.message : `closed: ${(error as { code?: number }).code ?? 'unknown'}`, extensions: { closeCode: (error as { code?: number }).code } }];
        deliver({ errors });
        deliver(null);
      },
      complete: () => deliver(null),
    },
  );
  return stream(queue, waiting, unsubscribe);
}
