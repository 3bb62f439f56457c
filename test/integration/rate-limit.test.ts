/** Each principal has its own budget; once spent, 429 RATE_LIMITED says when to come back, and nothing goes upstream. */
import { describe, expect, it } from 'vitest';
import type { RateLimitStore } from '../../src/rate-limit/store.js';
import { SEED, startStack } from '../helpers/stack.js';

const HOSTNAME = `{ hyperNode(id: "${SEED.hyperNodeId}") { hostname } }`;
const KEYS = 'frontend=frontend-key:read,tools=tools-key:read';

describe('rate limiting per principal', () => {
  it('refuses a principal past its burst with 429, Retry-After and retryAfterMs, and keeps others answering', async () => {
    const stack = await startStack({ env: { GATEWAY_API_KEYS: KEYS, GATEWAY_RATE_LIMIT_BURST: '3', GATEWAY_RATE_LIMIT_PER_SECOND: '1' } });
    try {
      const statuses = [];
      for (let i = 0; i < 3; i++) statuses.push((await stack.queryAs('frontend-key', HOSTNAME)).status);
      expect(statuses).toEqual([200, 200, 200]);

      stack.alibaba.calls.reset();
      const refused = await stack.queryAs('frontend-key', HOSTNAME);
      expect(refused.status).toBe(429);
      expect(refused.data).toBeUndefined();
      expect(refused.errors).toEqual([
        { message: expect.stringMatching(/^Too many requests/), extensions: { gatewayRequestId: expect.any(String), code: 'RATE_LIMITED', retryAfterMs: expect.any(Number) } },
      ]);
      const retryAfterMs = refused.errors![0]!.extensions!['retryAfterMs'] as number;
      expect(retryAfterMs).toBeGreaterThan(0);
      expect(retryAfterMs).toBeLessThanOrEqual(1_000);
      expect(refused.headers.get('retry-after')).toBe('1');
      expect(stack.alibaba.calls.total()).toBe(0);

      expect((await stack.queryAs('tools-key', HOSTNAME)).status).toBe(200);
    } finally {
      await stack.stop();
    }
  });

  it('lets the principal in again once its bucket refilled', async () => {
    const stack = await startStack({ env: { GATEWAY_API_KEYS: KEYS, GATEWAY_RATE_LIMIT_BURST: '1', GATEWAY_RATE_LIMIT_PER_SECOND: '2' } });
    try {
      expect((await stack.queryAs('frontend-key', '{ __typename }')).status).toBe(200);
      const refused = await stack.queryAs('frontend-key', '{ __typename }');
      expect(refused.status).toBe(429);
      await new Promise((resolve) => setTimeout(resolve, refused.errors![0]!.extensions!['retryAfterMs'] as number));
      expect((await stack.queryAs('frontend-key', '{ __typename }')).status).toBe(200);
    } finally {
      await stack.stop();
    }
  });

  it('counts in the store it is given, and lets requests through when that store fails', async () => {
    const keys: string[] = [];
    const store: RateLimitStore = {
      async take(key) {
        keys.push(key);
        if (keys.length > 1) throw new Error('store unreachable');
        return { allowed: true };
      },
    };
    const stack = await startStack({ env: { GATEWAY_API_KEYS: KEYS }, rateLimitStore: store });
    try {
      expect((await stack.queryAs('frontend-key', '{ __typename }')).status).toBe(200);
      expect((await stack.queryAs('tools-key', '{ __typename }')).status).toBe(200);
      expect(keys).toEqual(['api-key:frontend', 'api-key:tools']);
    } finally {
      await stack.stop();
    }
  });

  it('is off with GATEWAY_RATE_LIMIT_PER_SECOND=0', async () => {
    const stack = await startStack({ env: { GATEWAY_RATE_LIMIT_BURST: '1', GATEWAY_RATE_LIMIT_PER_SECOND: '0' } });
    try {
      const statuses = [];
      for (let i = 0; i < 5; i++) statuses.push((await stack.query('{ __typename }')).status);
      expect(statuses).toEqual([200, 200, 200, 200, 200]);
    } finally {
      await stack.stop();
    }
  });

  it('does not spend the budget of a principal on requests refused as unauthenticated', async () => {
    const stack = await startStack({ env: { GATEWAY_API_KEYS: KEYS, GATEWAY_RATE_LIMIT_BURST: '1', GATEWAY_RATE_LIMIT_PER_SECOND: '1' } });
    try {
      for (let i = 0; i < 5; i++) expect((await stack.queryAs('frontend-kex', '{ __typename }')).status).toBe(401);
      expect((await stack.queryAs('frontend-key', '{ __typename }')).status).toBe(200);
    } finally {
      await stack.stop();
    }
  });
});
