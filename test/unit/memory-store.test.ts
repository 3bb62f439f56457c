import { describe, expect, it } from 'vitest';
import { MemoryRateLimitStore } from '../../src/rate-limit/memory-store.js';

describe('the in-memory token buckets', () => {
  const rule = { burst: 3, perSecond: 2 };
  const clock = () => {
    const c = { ms: 0, now: () => c.ms };
    return c;
  };

  it('lets a burst through, then says when the next token is there', async () => {
    const time = clock();
    const store = new MemoryRateLimitStore({ now: time.now });
    for (let i = 0; i < 3; i++) expect(await store.take('api-key:tools', rule)).toEqual({ allowed: true });
    expect(await store.take('api-key:tools', rule)).toEqual({ allowed: false, retryAfterMs: 500 });
    time.ms = 400;
    expect(await store.take('api-key:tools', rule)).toEqual({ allowed: false, retryAfterMs: 100 });
    time.ms = 500;
    expect(await store.take('api-key:tools', rule)).toEqual({ allowed: true });
    expect(await store.take('api-key:tools', rule)).toMatchObject({ allowed: false });
  });

  it('refills at the rate, never above the burst', async () => {
    const time = clock();
    const store = new MemoryRateLimitStore({ now: time.now });
    for (let i = 0; i < 3; i++) await store.take('k', rule);
    time.ms = 60_000;
    const outcomes = [];
    for (let i = 0; i < 4; i++) outcomes.push((await store.take('k', rule)).allowed);
    expect(outcomes).toEqual([true, true, true, false]);
  });

  it('keeps one bucket per key', async () => {
    const store = new MemoryRateLimitStore({ now: () => 0 });
    for (let i = 0; i < 3; i++) await store.take('api-key:frontend', rule);
    expect(await store.take('api-key:frontend', rule)).toMatchObject({ allowed: false });
    expect(await store.take('jwt:alice', rule)).toEqual({ allowed: true });
  });

  it('drops the full buckets first when it holds more than maxKeys', async () => {
    const time = clock();
    const store = new MemoryRateLimitStore({ now: time.now, maxKeys: 10 });
    for (let i = 0; i < 3; i++) await store.take('busy', rule);
    for (let i = 0; i < 9; i++) await store.take(`idle-${i}`, rule);
    time.ms = 600; // the idle buckets are full again; busy has 1.2 tokens
    await store.take('newcomer', rule);
    expect(store.size).toBe(2);
    expect([(await store.take('busy', rule)).allowed, (await store.take('busy', rule)).allowed]).toEqual([true, false]);
  });

  it('never holds more than maxKeys buckets, however many callers are busy', async () => {
    const store = new MemoryRateLimitStore({ now: () => 0, maxKeys: 10 });
    for (let i = 0; i < 1_000; i++) await store.take(`caller-${i}`, rule);
    expect(store.size).toBeLessThanOrEqual(10);
  });

  it('asks without taking at a cost of 0, and creates no bucket for it', async () => {
    const time = clock();
    const store = new MemoryRateLimitStore({ now: time.now });
    expect(await store.take('k', rule, 0)).toEqual({ allowed: true });
    expect(store.size).toBe(0);
    for (let i = 0; i < 3; i++) await store.take('k', rule);
    expect(await store.take('k', rule, 0)).toEqual({ allowed: false, retryAfterMs: 500 });
    time.ms = 500;
    expect(await store.take('k', rule, 0)).toEqual({ allowed: true });
    expect(await store.take('k', rule, 0)).toEqual({ allowed: true });
    expect(await store.take('k', rule)).toEqual({ allowed: true });
    expect(await store.take('k', rule)).toMatchObject({ allowed: false });
  });
});
