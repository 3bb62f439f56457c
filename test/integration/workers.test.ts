/** GATEWAY_WORKERS: several worker processes on one port over one Redis, drained together by SIGTERM. */
import { once } from 'node:events';
import { createServer } from 'node:net';
import { afterAll, describe, expect, it } from 'vitest';
import { runGateway, spawnGateway } from '../helpers/child.js';
import { redisServer, startRedis } from '../helpers/redis.js';
import { ALIBABA_KEY, HUAWEI_KEY, STACK_TOKEN, startStack } from '../helpers/stack.js';
import { freePort } from '../helpers/free-port.js';


describe('GATEWAY_WORKERS', () => {
  it('refuses more than one worker without GATEWAY_REDIS_URL, in one line', async () => {
    const { code, stderr } = await runGateway({ GATEWAY_WORKERS: '2' });
    expect(code).toBe(1);
    expect(stderr.trim().split('\n')).toEqual([expect.stringMatching(/^hypernode-gateway: GATEWAY_WORKERS: more than 1 worker needs GATEWAY_REDIS_URL/)]);
  }, 60_000);
});

describe.runIf(redisServer.available)('GATEWAY_WORKERS with Redis', () => {
  const cleanups: Array<() => Promise<void>> = [];
  afterAll(async () => {
    for (const cleanup of cleanups.reverse()) await cleanup();
  });

  it('serves from 2 workers on one port, one token running once, and drains every worker on SIGTERM', async () => {
    const redis = await startRedis();
    cleanups.push(() => redis.stop());
    const stack = await startStack();
    cleanups.push(() => stack.stop());
    const port = await freePort();
    const child = spawnGateway({
      GATEWAY_MODE: 'live',
      GATEWAY_WORKERS: '2',
      GATEWAY_REDIS_URL: redis.url,
      PORT: String(port),
      HOST: '127.0.0.1',
      GATEWAY_ADMIN_PORT: String(await freePort()),
      GATEWAY_API_KEYS: `stack=${STACK_TOKEN}:read+write`,
      ALIBABA_CLOUD_ACCESS_KEY_ID: ALIBABA_KEY.accessKeyId,
      ALIBABA_CLOUD_ACCESS_KEY_SECRET: ALIBABA_KEY.accessKeySecret,
      ALIBABA_CLOUD_REGIONS: stack.alibaba.regions.join(','),
      ALIBABA_EFLO_ENDPOINT: stack.alibaba.url,
      HUAWEICLOUD_SDK_AK: HUAWEI_KEY.ak,
      HUAWEICLOUD_SDK_SK: HUAWEI_KEY.sk,
      HUAWEICLOUD_REGIONS: stack.huawei.regions.join(','),
      HUAWEICLOUD_SDK_PROJECT_ID: Object.entries(stack.huawei.projectIds).map(([region, id]) => `${region}=${id}`).join(','),
      HUAWEI_MODELARTS_ENDPOINT: stack.huawei.url,
      GATEWAY_FLEET_TTL_MS: '0',
    });
    cleanups.push(async () => {
      if (child.exitCode === null) child.kill('SIGKILL');
    });
    let out = '';
    child.stdout.on('data', (chunk) => (out += String(chunk)));
    child.stderr.resume();
    const deadline = Date.now() + 45_000;
    while ((out.match(/hypernode-gateway ready/g) ?? []).length < 2) {
      if (Date.now() > deadline || child.exitCode !== null) throw new Error(`two workers did not start: ${out}`);
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    expect(out).toMatch(/2 workers on one port/);

    const create = (i: number) =>
      fetch(`http://127.0.0.1:${port}/graphql`, {
        method: 'POST',
        // A new connection each, so the requests spread over the workers.
        headers: { 'content-type': 'application/json', authorization: `Bearer ${STACK_TOKEN}`, connection: 'close' },
        body: JSON.stringify({
          query: 'mutation ($input: CreateHyperClusterInput!) { createHyperCluster(input: $input) { hyperCluster { id } } }',
          variables: { input: { provider: 'HUAWEI', name: 'by-workers', clientToken: 'workers-token' } },
        }),
      }).then(async (response) => ({ i, status: response.status, body: await response.text() }));
    const answers = await Promise.all(Array.from({ length: 8 }, (_, i) => create(i)));
    expect(answers.map((a) => a.status)).toEqual(Array(8).fill(200));
    expect(new Set(answers.map((a) => a.body)).size).toBe(1);
    expect(stack.huawei.calls.get('CreateHyperCluster')).toBe(1);

    child.kill('SIGTERM');
    const [code] = (await once(child, 'exit')) as [number | null];
    expect(code).toBe(0);
    expect(out).not.toMatch(/worker died/);
  }, 90_000);
});

describe.runIf(redisServer.available)('GATEWAY_WORKERS failing to start', () => {
  it('stops with the workers when they cannot listen, instead of starting them again and again', async () => {
    const redis = await startRedis();
    const taken = createServer();
    await new Promise<void>((resolve) => taken.listen(0, '127.0.0.1', resolve));
    try {
      const { port } = taken.address() as { port: number };
      const { code, stderr } = await runGateway({
        GATEWAY_MODE: 'live',
        GATEWAY_AUTH: 'none',
        HUAWEICLOUD_SDK_AK: 'ak',
        HUAWEICLOUD_SDK_SK: 'sk',
        HUAWEICLOUD_SDK_PROJECT_ID: 'p1',
        HUAWEI_MODELARTS_ENDPOINT: 'http://127.0.0.1:9',
        GATEWAY_WORKERS: '2',
        GATEWAY_REDIS_URL: redis.url,
        HOST: '127.0.0.1',
        PORT: String(port),
        GATEWAY_ADMIN_PORT: String(await freePort()),
      });
      expect(code).toBe(1);
      expect(stderr).toMatch(new RegExp(`port ${port} on 127.0.0.1 is in use`));
    } finally {
      taken.close();
      await redis.stop();
    }
  }, 60_000);
});
