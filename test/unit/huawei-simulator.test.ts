import { z } from 'zod';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { request } from 'undici';
import { UpstreamError } from '../../src/errors.js';
import { HuaweiClient } from '../../src/providers/huawei/client.js';
import { sdkDate, sdkHmacAuthorization } from '../../src/providers/huawei/sign.js';
import type { WireHyperCluster, WireHyperinstance, WirePage } from '../../src/providers/huawei/wire.js';
import { sha256Hex } from '../../src/providers/signing.js';
import { HuaweiSimulator } from '../../src/simulators/huawei.js';
import { HUAWEI_SEED } from '../../src/simulators/seed-ids.js';
import { huaweiWithClient } from '../helpers/simulator-clients.js';

/** The raw answer, unchecked: these tests read what the simulator sends. */
const ANY = z.any();

const key = { ak: 'SIMAK', sk: 'sim-sk' };
const options = () => ({ signal: AbortSignal.timeout(5_000) });

describe('the Huawei simulator', () => {
  let simulator: HuaweiSimulator;
  let client: HuaweiClient;
  let close: () => Promise<void>;
  beforeAll(async () => {
    ({ simulator, client, close } = await huaweiWithClient({ credentials: [key], fleet: { regions: ['cn-north-4', 'cn-southwest-2'], supernodesPerRegion: 9 } }));
  });
  afterAll(() => close());

  it(`holds the seed's hyper cluster ${HUAWEI_SEED.name} with its default subnet`, async () => {
    const answer = await client.call(
      'cn-north-4',
      { method: 'GET', path: `/dev-servers/hyper-clusters/${HUAWEI_SEED.hyperClusterId}`, query: { type: 'HPS' }, operation: 'ShowHyperCluster', idempotent: true, answer: ANY },
      options(),
    );
    expect(answer).toEqual({
      id: HUAWEI_SEED.hyperClusterId,
      name: HUAWEI_SEED.name,
      network_info: [{ hyper_cluster_subnet_id: HUAWEI_SEED.subnetId, is_default: true }],
    });
  });

  it('lists hyper clusters of one type at a time, HPS by default', async () => {
    const list = (type?: string) =>
      client.call('cn-north-4', { method: 'GET', path: '/dev-servers/hyper-clusters', query: { type }, operation: 'ListHyperCluster', idempotent: true, answer: ANY }, options());
    const [byDefault, hps, ecs] = await Promise.all([list(), list('HPS'), list('ECS')]);
    expect(byDefault).toEqual(hps);
    expect(hps.hyper_clusters.length).toBe(3);
    expect(ecs.hyper_clusters.length).toBe(2);
    expect(new Set([...hps.hyper_clusters, ...ecs.hyper_clusters].map((c) => c.id)).size).toBe(5);
  });

  it('pages supernodes by offset and limit with the cloud bookkeeping', async () => {
    const page = await client.call(
      'cn-north-4',
      { method: 'GET', path: '/dev-servers/hyperinstance', query: { limit: 4, offset: 8 }, operation: 'ListHyperInstances', idempotent: true, answer: ANY },
      options(),
    );
    expect(page).toMatchObject({ current: 3, pages: 3, size: 1, total: 9 });
    expect(page.data![0]!.servers!.length).toBeGreaterThanOrEqual(4);
    const byDefault = await client.call('cn-north-4', { method: 'GET', path: '/dev-servers/hyperinstance', operation: 'ListHyperInstances', idempotent: true, answer: ANY }, options());
    expect(byDefault.size).toBe(9);
  });

  it('serves each region under its own project', async () => {
    const [north, southwest] = await Promise.all(
      ['cn-north-4', 'cn-southwest-2'].map((region) =>
        client.call(region, { method: 'GET', path: '/dev-servers/hyperinstance', query: { limit: 1 }, operation: 'ListHyperInstances', idempotent: true, answer: ANY }, options()),
      ),
    );
    expect(north!.data![0]!.id).not.toBe(southwest!.data![0]!.id);
  });

  it('answers a missing dev server with ModelArts.6404', async () => {
    const error = await client
      .call('cn-north-4', { method: 'GET', path: '/dev-servers/00000000-0000-4000-8000-000000000000', operation: 'ShowDevServer', idempotent: true, answer: ANY }, options())
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(UpstreamError);
    expect((error as UpstreamError).upstream).toMatchObject({ providerCode: 'ModelArts.6404', status: 404, requestId: expect.any(String) });
  });

  async function signedGet(overrides: { sk?: string; date?: string; path?: string } = {}) {
    const url = new URL(simulator.url);
    url.pathname = overrides.path ?? `/v1/${simulator.projectIds['cn-north-4']}/dev-servers`;
    const date = overrides.date ?? sdkDate(new Date());
    const headers: Record<string, string> = { host: url.host, 'content-type': 'application/json', 'x-sdk-date': date };
    headers.authorization = sdkHmacAuthorization(key.ak, overrides.sk ?? key.sk, date, {
      method: 'GET',
      path: url.pathname,
      query: [],
      headers: Object.entries(headers),
      bodyHash: sha256Hex(''),
    });
    const answer = await request(url, { headers });
    return { status: answer.statusCode, requestId: answer.headers['x-request-id'], body: (await answer.body.json()) as Record<string, unknown> };
  }

  it.each([
    ['a wrong SK', { sk: 'wrong' }, 401, 'APIG.0301'],
    ['a date 20 minutes old', { date: sdkDate(new Date(Date.now() - 20 * 60_000)) }, 401, 'APIG.0301'],
    ['a project it does not know', { path: '/v1/0000/dev-servers' }, 401, 'APIG.0301'],
    ['an unknown path', { path: '/v1/x/not-an-api' }, 404, 'APIG.0101'],
  ])('answers %s with the cloud error JSON and X-Request-Id', async (_, overrides, status, code) => {
    const answer = await signedGet(overrides);
    expect(answer.status).toBe(status);
    expect(answer.body).toEqual({ error_code: code, error_msg: expect.any(String) });
    expect(answer.requestId).toMatch(/^[0-9a-f]{32}$/);
  });

  it('accepts a correctly signed request built by hand, and counts calls per operation', async () => {
    simulator.calls.reset();
    expect((await signedGet()).status).toBe(200);
    expect(simulator.calls.snapshot()).toEqual({ ListDevServers: 1 });
  });
});
