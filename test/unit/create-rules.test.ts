import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { HuaweiClient } from '../../src/providers/huawei/client.js';
import { huaweiCreateProblems } from '../../src/providers/huawei/create-rules.js';
import { HUAWEI_SEED } from '../../src/simulators/seed-ids.js';
import { huaweiWithClient } from '../helpers/simulator-clients.js';

const key = { ak: 'SIMAK', sk: 'sim-sk' };
const SUBNET = HUAWEI_SEED.subnetId;

describe("Huawei's CreateHyperCluster rules", () => {
  it('names every broken rule at once, by the spec field, and none for a good spec', () => {
    expect(huaweiCreateProblems({ name: 'bad name!', subnetId: 'subnet-1' }).map((p) => p.field)).toEqual(['name', 'subnetId']);
    expect(huaweiCreateProblems({ name: 'a'.repeat(65), subnetId: null }).map((p) => p.field)).toEqual(['name']);
    expect(huaweiCreateProblems({ name: 'ok', subnetId: SUBNET.toUpperCase() }).map((p) => p.field)).toEqual(['subnetId']);
    expect(huaweiCreateProblems({ name: 'a'.repeat(64), subnetId: SUBNET })).toEqual([]);
  });

  describe('the simulator refuses what the rules refuse, and takes what they take', () => {
    let client: HuaweiClient;
    let close: () => Promise<void>;
    beforeAll(async () => {
      ({ client, close } = await huaweiWithClient({ credentials: [key], fleet: { regions: ['cn-north-4'], supernodesPerRegion: 1 } }));
    });
    afterAll(() => close());

    const create = (body: { name: string; hyper_cluster_subnet_id?: string }) =>
      client.call(
        'cn-north-4',
        { method: 'POST', path: '/dev-servers/hyper-clusters', body, operation: 'CreateHyperCluster', idempotent: false, answer: z.any() },
        { signal: AbortSignal.timeout(5_000) },
      );

    it.each<[{ name: string; hyper_cluster_subnet_id?: string }]>([
      [{ name: 'bad name!' }],
      [{ name: 'a'.repeat(65) }],
      [{ name: 'ok-1', hyper_cluster_subnet_id: 'subnet-1' }],
      [{ name: 'ok-2', hyper_cluster_subnet_id: SUBNET.toUpperCase() }],
    ])('refuses %j with ModelArts.0101', async (body) => {
      expect(huaweiCreateProblems({ name: body.name, subnetId: body.hyper_cluster_subnet_id ?? null })).not.toEqual([]);
      await expect(create(body)).rejects.toMatchObject({ upstream: { providerCode: 'ModelArts.0101' } });
    });

    it('creates a cluster whose spec breaks no rule', async () => {
      const body = { name: `${'a'.repeat(60)}.-_9`, hyper_cluster_subnet_id: SUBNET };
      expect(huaweiCreateProblems({ name: body.name, subnetId: body.hyper_cluster_subnet_id })).toEqual([]);
      await expect(create(body)).resolves.toMatchObject({ name: body.name });
    });
  });
});
