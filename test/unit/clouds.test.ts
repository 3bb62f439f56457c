/**
 * A request's view of the clouds: nothing made before the first call (no timer, signal, budget or bound), one
 * deadline counted from the request's start, one budget shared by every cloud, a bound per cloud, and `end()`
 * letting the timer go, through yoga's execution and each subscription event.
 */
import { createSchema, createYoga } from 'graphql-yoga';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { RequestClouds } from '../../src/clouds.js';
import { useRequestCloudsEnd } from '../../src/context.js';
import { createLoaders } from '../../src/loaders.js';
import type { CallOptions, CloudProvider } from '../../src/providers/provider.js';
import { ProviderRegistry } from '../../src/providers/registry.js';

const TIMEOUT_MS = 1_000;

/** A cloud that answers every node read at once with nothing, recording the call options of each call. */
function recordingCloud(name: 'ALIBABA' | 'HUAWEI') {
  const seen: CallOptions[] = [];
  const provider = {
    name,
    regions: ['r1'],
    getNode: async (_region: string, _id: string, options: CallOptions) => {
      seen.push(options);
      return null;
    },
  } as unknown as CloudProvider;
  return { provider, seen };
}

function setup() {
  const alibaba = recordingCloud('ALIBABA');
  const huawei = recordingCloud('HUAWEI');
  const providers = new ProviderRegistry([alibaba.provider, huawei.provider]);
  const view = () => new RequestClouds(providers, { timeoutMs: TIMEOUT_MS, concurrencyPerProvider: 2, retryBudget: 3, requestId: 'req-1' });
  return { alibaba, huawei, view };
}

describe('RequestClouds', () => {
  beforeEach(() => vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'Date'] }));
  afterEach(() => vi.useRealTimers());

  it('makes no deadline, budget or bound until its first call', async () => {
    const { alibaba, view } = setup();
    const clouds = view();
    clouds.get('ALIBABA');
    clouds.sources({});
    const loaders = createLoaders(clouds);
    expect(loaders.nodes.peek('alibaba:r1:node:n1')).toBeUndefined();
    expect(vi.getTimerCount()).toBe(0);
    await clouds.get('ALIBABA').getNode('r1', 'n1');
    expect(vi.getTimerCount()).toBe(1);
    expect(alibaba.seen[0]).toMatchObject({ requestId: 'req-1', deadlineAt: Date.now() + TIMEOUT_MS });
    expect(alibaba.seen[0]!.signal.aborted).toBe(false);
  });

  it('counts the deadline from the request start, not from its first call', async () => {
    const { alibaba, view } = setup();
    const startedAt = Date.now();
    const clouds = view();
    vi.advanceTimersByTime(600);
    await clouds.get('ALIBABA').getNode('r1', 'n1');
    const { signal, deadlineAt } = alibaba.seen[0]!;
    expect(deadlineAt).toBe(startedAt + TIMEOUT_MS);
    vi.advanceTimersByTime(399);
    expect(signal.aborted).toBe(false);
    vi.advanceTimersByTime(1);
    expect(signal.aborted).toBe(true);
    expect((signal.reason as Error).name).toBe('TimeoutError');
  });

  it('shares one signal and retry budget across clouds, with one concurrency bound per cloud', async () => {
    const { alibaba, huawei, view } = setup();
    const clouds = view();
    await clouds.get('ALIBABA').getNode('r1', 'a');
    await clouds.forId({ provider: 'ALIBABA', region: 'r1' }).getNode('r1', 'b');
    await clouds.get('HUAWEI').getNode('r1', 'c');
    expect(alibaba.seen[0]).toBe(alibaba.seen[1]);
    expect(huawei.seen[0]).not.toBe(alibaba.seen[0]);
    expect(huawei.seen[0]!.signal).toBe(alibaba.seen[0]!.signal);
    expect(huawei.seen[0]!.retries).toBe(alibaba.seen[0]!.retries);
    expect(huawei.seen[0]!.schedule).not.toBe(alibaba.seen[0]!.schedule);
    expect(vi.getTimerCount()).toBe(1);
  });

  it('refuses a cloud or region not served, as the registry does', () => {
    const clouds = setup().view();
    expect(() => clouds.forId({ provider: 'HUAWEI', region: 'elsewhere' }, 'input.id')).toThrow(/input.id: region elsewhere is not served/);
  });

  it('ends: the timer goes at once and calls still waiting stop; a call after the end stops at once', async () => {
    const { alibaba, view } = setup();
    const clouds = view();
    await clouds.get('ALIBABA').getNode('r1', 'n1');
    clouds.end();
    expect(vi.getTimerCount()).toBe(0);
    expect(alibaba.seen[0]!.signal.aborted).toBe(true);
    expect((alibaba.seen[0]!.signal.reason as Error).name).toBe('AbortError');

    const late = view();
    late.end();
    expect(vi.getTimerCount()).toBe(0);
    await late.get('ALIBABA').getNode('r1', 'n2');
    expect(alibaba.seen[1]!.signal.aborted).toBe(true);
    expect(vi.getTimerCount()).toBe(0);
  });
});

describe('useRequestCloudsEnd', () => {
  /** A yoga whose resolvers read through the context's view, remembering every view they used. */
  function gateway() {
    const { view } = setup();
    const used: RequestClouds[] = [];
    const read = async (ctx: { clouds: RequestClouds }) => {
      used.push(ctx.clouds);
      await ctx.clouds.get('ALIBABA').getNode('r1', 'n1');
      return 'read';
    };
    const yoga = createYoga<object, { clouds: RequestClouds }>({
      schema: createSchema<{ clouds: RequestClouds }>({
        typeDefs: 'type Query { read: String } type Subscription { ticks: String }',
        resolvers: {
          Query: { read: (_: unknown, __: unknown, ctx: { clouds: RequestClouds }) => read(ctx) },
          Subscription: {
            ticks: {
              subscribe: async function* (_: unknown, __: unknown, ctx: { clouds: RequestClouds }) {
                await read(ctx);
                yield 1;
                yield 2;
              },
              // As the gateway's subscription resolvers do: each event its own view.
              resolve: (_: unknown, __: unknown, ctx: { clouds: RequestClouds }) => {
                ctx.clouds = view();
                return read(ctx);
              },
            },
          },
        },
      }),
      context: () => ({ clouds: view() }),
      plugins: [useRequestCloudsEnd()],
      logging: false,
    });
    return { yoga, used };
  }

  it('ends the view of a query once its result is done', async () => {
    const { yoga, used } = gateway();
    const response = await yoga.fetch('http://gateway/graphql', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ query: '{ read }' }) });
    expect(await response.json()).toEqual({ data: { read: 'read' } });
    expect(used).toHaveLength(1);
    expect((used[0]!.signal.reason as Error | undefined)?.name).toBe('AbortError');
  });

  it('ends the view a subscription subscribed with, and each event’s own once that event is done', async () => {
    const { yoga, used } = gateway();
    const response = await yoga.fetch('http://gateway/graphql', {
      method: 'POST',
      headers: { 'content-type': 'application/json', accept: 'text/event-stream' },
      body: JSON.stringify({ query: 'subscription { ticks }' }),
    });
    const stream = await response.text();
    expect(stream.match(/"ticks":"read"/g)).toHaveLength(2);
    // The subscribe's view and one per event, each a different one, each ended.
    expect(used).toHaveLength(3);
    expect(new Set(used).size).toBe(3);
    for (const clouds of used) expect((clouds.signal.reason as Error | undefined)?.name).toBe('AbortError');
  });
});
