/** Requests that arrive in the turn an upstream call was made are handled after undici has written that call. */
import { channel, subscribe, unsubscribe } from 'node:diagnostics_channel';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Pool } from 'undici';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { afterUpstreamWrites } from '../../src/upstream-first.js';

const request = {} as IncomingMessage;
const response = {} as ServerResponse;
const nextTurn = () => new Promise((resolve) => setTimeout(resolve, 5));

describe('afterUpstreamWrites', () => {
  let upstream: Server;
  let pool: Pool;
  beforeAll(async () => {
    upstream = createServer((_, res) => res.end('{}'));
    await new Promise<void>((resolve) => upstream.listen(0, '127.0.0.1', resolve));
    pool = new Pool(`http://127.0.0.1:${(upstream.address() as AddressInfo).port}`, { connections: 1 });
  });
  afterAll(async () => {
    await pool.close();
    await new Promise((resolve) => upstream.close(resolve));
  });

  it('writes the call of the first request of a burst before it handles the next, on a reused keep-alive socket', async () => {
    // The pool's one socket has been used: undici checks it in the next check phase before writing on it again.
    await (await pool.request({ path: '/', method: 'GET' })).body.text();
    await nextTurn();
    const order: string[] = [];
    const sent = () => order.push('call written');
    subscribe('undici:client:sendHeaders', sent);
    try {
      let answered: Promise<unknown> = Promise.resolve();
      const listener = afterUpstreamWrites((_, res) => {
        if (res === response) {
          order.push('first handled');
          answered = pool.request({ path: '/', method: 'GET' }).then((r) => r.body.text());
        } else order.push('second handled');
      });
      // One turn of the event loop, as when a poll phase reads two requests.
      listener(request, response);
      listener(request, {} as ServerResponse);
      await answered;
      expect(order).toEqual(['first handled', 'call written', 'second handled']);
    } finally {
      unsubscribe('undici:client:sendHeaders', sent);
    }
  });

  it('does not start a request held back this way whose client went away before its turn', async () => {
    await nextTurn();
    const handled: ServerResponse[] = [];
    const listener = afterUpstreamWrites((_, res) => handled.push(res));
    // What undici publishes for each request it creates.
    channel('undici:request:create').publish({});
    const gone = { destroyed: false } as ServerResponse;
    const staying = { destroyed: false } as ServerResponse;
    listener(request, gone);
    listener(request, staying);
    expect(handled).toEqual([]);
    (gone as { destroyed: boolean }).destroyed = true;
    await nextTurn();
    expect(handled).toEqual([staying]);
  });

  it('handles a request at once in a turn that made no upstream call', async () => {
    await nextTurn();
    const handled: IncomingMessage[] = [];
    afterUpstreamWrites((req) => handled.push(req))(request, response);
    expect(handled).toEqual([request]);
  });
});
