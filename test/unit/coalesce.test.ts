/** The transport's sharing of identical reads in flight: whose signal, deadline and budget the shared call runs on. */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { setTimeout as sleep } from 'node:timers/promises';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { RateLimitedError, UpstreamError } from '../../src/errors.js';
import { HttpTransport, type UpstreamCall } from '../../src/providers/http.js';
import type { CallOptions } from '../../src/providers/provider.js';

describe('shared upstream reads', () => {
  let server: Server;
  let url: URL;
  let calls = 0;
  let cutOff = 0;
  let failFirst = 0;
  const coalesced: string[] = [];
  const transport = new HttpTransport(
    { connectTimeoutMs: 2_000, callTimeoutMs: 5_000 },
    {
      retry: { maxAttempts: 3, baseDelayMs: 1, maxDelayMs: 5, budgetPerRequest: 5 },
      sharedReadTimeoutMs: 5_000,
      onCoalesced: (target) => coalesced.push(target.operation ?? ''),
    },
  );
  beforeAll(async () => {
    server = createServer((request, response) => {
      calls += 1;
      const status = failFirst > 0 ? (failFirst--, 503) : 200;
      const n = calls;
      const timer = setTimeout(() => response.writeHead(status, { 'content-type': 'text/plain' }).end(`answer ${n}`), 200);
      response.on('close', () => {
        if (!response.writableFinished) {
          cutOff += 1;
          clearTimeout(timer);
        }
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    url = new URL(`http://127.0.0.1:${(server.address() as AddressInfo).port}/`);
  });
  afterAll(async () => {
    await transport.close();
    await new Promise((resolve) => server.close(resolve));
  });
  beforeEach(() => {
    calls = 0;
    cutOff = 0;
    failFirst = 0;
    coalesced.length = 0;
  });

  const target = { provider: 'HUAWEI' as const, region: 'cn-north-4', operation: 'ShowThing' };
  const read = (readKey: string | undefined, options: CallOptions, call: Partial<UpstreamCall> = {}) =>
    transport.run({ target, idempotent: true, readKey, ...call }, options, async (signal) => {
      const answer = await transport.send({ url, method: 'GET', headers: {}, signal, target });
      if (answer.status >= 500) throw new UpstreamError('UPSTREAM_UNAVAILABLE', 'busy', { ...target, status: answer.status });
      return answer.body;
    });
  const options = (signal: AbortSignal = AbortSignal.timeout(5_000), admit?: () => Promise<void>): CallOptions => ({ signal, admit });

  it('makes one call for identical reads in flight and gives every caller its answer', async () => {
    const answers = await Promise.all(Array.from({ length: 10 }, () => read('k', options())));
    expect(calls).toBe(1);
    expect(new Set(answers)).toEqual(new Set(['answer 1']));
    expect(coalesced).toHaveLength(9);
  });

  it('keeps reads with other parameters, reads without a key and non-idempotent calls apart', async () => {
    await Promise.all([read('a', options()), read('a', options()), read('b', options()), read(undefined, options()), read(undefined, options()), read('a', options(), { idempotent: false })]);
    expect(calls).toBe(5);
    expect(coalesced).toHaveLength(1);
  });

  it('does not fail the others when the caller that started the call goes away or runs out of time', async () => {
    const leaving = new AbortController();
    const first = read('k', options(leaving.signal));
    const second = read('k', options());
    const third = read('k', options(AbortSignal.timeout(50)));
    setTimeout(() => leaving.abort(), 20);
    const [a, b, c] = await Promise.allSettled([first, second, third]);
    expect(a.status).toBe('rejected');
    expect((a as PromiseRejectedResult).reason).toMatchObject({ code: 'UPSTREAM_TIMEOUT' });
    expect((c as PromiseRejectedResult).reason).toMatchObject({ code: 'UPSTREAM_TIMEOUT' });
    expect(b).toEqual({ status: 'fulfilled', value: 'answer 1' });
    expect(calls).toBe(1);
  });

  it('ends the shared call once every caller has left, and the next read calls afresh', async () => {
    const callers = [new AbortController(), new AbortController()];
    const waiting = callers.map((c) => read('k', options(c.signal)).catch((error: unknown) => error));
    await sleep(50);
    callers.forEach((c) => c.abort());
    expect(await Promise.all(waiting)).toEqual([expect.objectContaining({ code: 'UPSTREAM_TIMEOUT' }), expect.objectContaining({ code: 'UPSTREAM_TIMEOUT' })]);
    expect(await read('k', options())).toBe('answer 2');
    expect(calls).toBe(2);
    await expect.poll(() => cutOff).toBe(1);
  });

  it("charges each caller one call of its own budget; a caller out of budget fails alone", async () => {
    const charged = { a: 0, b: 0 };
    const a = read('k', options(undefined, async () => void (charged.a += 1)));
    const b = read('k', options(undefined, async () => void (charged.b += 1)));
    const refused = read('k', options(undefined, async () => Promise.reject(new RateLimitedError(1_000))));
    const [x, y, z] = await Promise.allSettled([a, b, refused]);
    expect([x.status, y.status]).toEqual(['fulfilled', 'fulfilled']);
    expect((z as PromiseRejectedResult).reason).toBeInstanceOf(RateLimitedError);
    expect(charged).toEqual({ a: 1, b: 1 });
    expect(calls).toBe(1);
  });

  it("charges a shared call's retries to its starter; a retry its budget refuses is not made, the others get the failure", async () => {
    failFirst = 1;
    let starterTokens = 1;
    const starter = read('k', options(undefined, async () => {
      if (starterTokens-- <= 0) throw new RateLimitedError(1_000);
    }));
    await sleep(10);
    const joiner = read('k', options());
    const [x, y] = await Promise.allSettled([starter, joiner]);
    expect(calls).toBe(1);
    expect((x as PromiseRejectedResult).reason).toMatchObject({ code: 'UPSTREAM_UNAVAILABLE' });
    expect((y as PromiseRejectedResult).reason).toMatchObject({ code: 'UPSTREAM_UNAVAILABLE' });
  });

  it('retries a shared read on its own budget and answers everyone', async () => {
    failFirst = 1;
    const answers = await Promise.all([read('k', options()), read('k', options())]);
    expect(calls).toBe(2);
    expect(answers).toEqual(['answer 2', 'answer 2']);
  });
});
