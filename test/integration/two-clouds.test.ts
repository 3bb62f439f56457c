import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { SEED, SEED_HUAWEI, startStack, type Stack } from '../helpers/stack.js';
import { HUAWEI_SEED } from '../../src/simulators/seed-ids.js';

type Connection = { nodes: Array<{ id: string }>; pageInfo: { hasNextPage: boolean; endCursor: string | null } };

describe('Huawei read path and one model across both clouds', () => {
  let stack: Stack;
  beforeAll(async () => {
    stack = await startStack();
  });
  afterAll(() => stack.stop());
  beforeEach(() => stack.resetCalls());

  it("answers the seed's hyper cluster with its default subnet", async () => {
    const answer = await stack.query(`query ($id: ID!) {
      hyperCluster(id: $id) { id provider nativeId region name type clusterType status state createdAt networks { subnetId vpcId isDefault } }
    }`, { id: SEED_HUAWEI.clusterId });
    expect(answer.errors).toBeUndefined();
    expect(answer.data).toEqual({
      hyperCluster: {
        id: SEED_HUAWEI.clusterId,
        provider: 'HUAWEI',
        nativeId: HUAWEI_SEED.hyperClusterId,
        region: 'cn-north-4',
        name: SEED_HUAWEI.name,
        type: 'HPS',
        clusterType: 'HPS',
        status: null,
        state: null,
        createdAt: null,
        networks: [{ subnetId: SEED_HUAWEI.subnetId, vpcId: null, isDefault: true }],
      },
    });
  });

  it("finds an ECS hyper cluster although its ID does not say it is one", async () => {
    const ecs = stack.huawei.fleet.get('cn-southwest-2')!.hyperClusters.find((c) => c.type === 'ECS')!;
    const answer = await stack.query(`{ hyperCluster(id: "huawei:cn-southwest-2:hypercluster:${ecs.id}") { name type networks { isDefault } } }`);
    expect(answer.data).toEqual({ hyperCluster: { name: ecs.name, type: 'ECS', networks: [{ isDefault: true }, { isDefault: false }] } });
  });

  it("gives a supernode's servers with their volumes, and a server's supernode", async () => {
    const supernode = stack.huawei.fleet.get('cn-north-4')!.supernodes[0]!;
    const answer = await stack.query<{
      hyperNode: { name: string; cluster: { name: string }; nodes: Array<{ id: string; name: string; disks: Array<{ sizeGiB: number; type: string; category: string }>; hyperNode: { id: string } }> };
    }>(`{ hyperNode(id: "huawei:cn-north-4:hypernode:${supernode.id}") {
      name cluster { name } nodes { id name disks { sizeGiB type category } hyperNode { id } }
    } }`);
    expect(answer.errors).toBeUndefined();
    const hyperNode = answer.data!.hyperNode;
    expect(hyperNode.name).toBe(supernode.name);
    expect(hyperNode.cluster.name).toBe(SEED_HUAWEI.name);
    expect(hyperNode.nodes.map((n) => n.name)).toEqual(supernode.servers!.map((s) => s.name));
    expect(hyperNode.nodes[0]!.disks[0]).toEqual({ sizeGiB: 150, type: 'SYSTEM', category: 'SSD' });
    expect(hyperNode.nodes.every((n) => n.hyperNode.id === `huawei:cn-north-4:hypernode:${supernode.id}`)).toBe(true);
    // The supernode answer holds its servers: no call per server, and one for the cluster's name.
    expect(stack.huawei.calls.snapshot()).toEqual({ ShowHyperInstance: 1, ShowHyperCluster: 1 });
  });

  it('reads a standalone dev server, which belongs to no supernode', async () => {
    const server = stack.huawei.fleet.get('cn-north-4')!.standaloneServers[0]!;
    const answer = await stack.query(`{ node(id: "huawei:cn-north-4:node:${server.id}") { name hostname machineType userData hyperNode { id } networks { ip subnetId } } }`);
    expect(answer.data).toEqual({
      node: {
        name: server.name,
        hostname: null,
        machineType: 'ma.ecs.c7.8xlarge',
        userData: null,
        hyperNode: null,
        networks: [{ ip: server.endpoints![0]!.uri, subnetId: server.subnet_id }],
      },
    });
  });

  it('answers one question of both clouds with the same shapes, null where a cloud has no such field', async () => {
    const supernode = stack.huawei.fleet.get('cn-north-4')!.supernodes[0]!;
    const fields = 'id provider region hostname name machineType zoneId hpnZone status state nodeGroup { id } resourceGroupId fileSystemMountEnabled createdAt expiresAt cluster { id type clusterType } nodes { id provider hostname name status state machineType imageId imageName createdAt disks { type sizeGiB } }';
    const answer = await stack.query<Record<'alibaba' | 'huawei', Record<string, unknown>>>(`{
      alibaba: hyperNode(id: "${SEED.hyperNodeId}") { ${fields} }
      huawei: hyperNode(id: "huawei:cn-north-4:hypernode:${supernode.id}") { ${fields} }
    }`);
    expect(answer.errors).toBeUndefined();
    const { alibaba, huawei } = answer.data!;
    expect(Object.keys(huawei)).toEqual(Object.keys(alibaba));
    expect(alibaba).toMatchObject({ provider: 'ALIBABA', name: null, hostname: SEED.hostname, zoneId: 'cn-wulanchabu-c', cluster: { type: null, clusterType: 'Standard' } });
    expect(huawei).toMatchObject({
      provider: 'HUAWEI',
      hostname: null,
      name: supernode.name,
      zoneId: null,
      hpnZone: null,
      nodeGroup: null,
      resourceGroupId: null,
      fileSystemMountEnabled: null,
      expiresAt: null,
      cluster: { type: 'HPS', clusterType: 'HPS' },
    });
    for (const hyperNode of [alibaba, huawei]) {
      expect(hyperNode.state).toMatch(/^[A-Z_]+$/);
      expect(hyperNode.createdAt).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/);
    }
  });

  it('walks hyperNodes of two clouds and four regions page by page, never repeating or skipping one', async () => {
    const expected = [
      ...[...stack.alibaba.fleet].flatMap(([region, f]) => f.hyperNodes.map((h) => `alibaba:${region}:hypernode:${h.HyperNodeId}`)),
      ...[...stack.huawei.fleet].flatMap(([region, f]) => f.supernodes.map((s) => `huawei:${region}:hypernode:${s.id}`)),
    ];
    for (const first of [1, 9, 25, 100]) {
      const seen: string[] = [];
      let after: string | null = null;
      do {
        const page: { data?: { hyperNodes: Connection } | null; errors?: unknown } = await stack.query<{ hyperNodes: Connection }>(
          'query ($first: Int, $after: String) { hyperNodes(first: $first, after: $after) { nodes { id } pageInfo { hasNextPage endCursor } } }',
          { first, after },
        );
        expect(page.errors).toBeUndefined();
        seen.push(...page.data!.hyperNodes.nodes.map((n) => n.id));
        after = page.data!.hyperNodes.pageInfo.hasNextPage ? page.data!.hyperNodes.pageInfo.endCursor : null;
      } while (after && seen.length <= expected.length);
      expect(seen).toEqual(expected);
    }
  });

  it('walks hyperClusters of both clouds, Huawei HPS and ECS included', async () => {
    const expected = [
      ...[...stack.alibaba.fleet].flatMap(([region, f]) => f.clusters.map((c) => `alibaba:${region}:hypercluster:${c.ClusterId}`)),
      ...[...stack.huawei.fleet].flatMap(([region, f]) =>
        [...f.hyperClusters.filter((c) => c.type === 'HPS'), ...f.hyperClusters.filter((c) => c.type === 'ECS')].map((c) => `huawei:${region}:hypercluster:${c.id}`),
      ),
    ];
    for (const first of [2, 3, 50]) {
      const seen: string[] = [];
      let after: string | null = null;
      do {
        const page: { data?: { hyperClusters: Connection } | null } = await stack.query<{ hyperClusters: Connection }>(
          'query ($first: Int, $after: String) { hyperClusters(first: $first, after: $after) { nodes { id } pageInfo { hasNextPage endCursor } } }',
          { first, after },
        );
        seen.push(...page.data!.hyperClusters.nodes.map((n) => n.id));
        after = page.data!.hyperClusters.pageInfo.hasNextPage ? page.data!.hyperClusters.pageInfo.endCursor : null;
      } while (after && seen.length <= expected.length);
      expect(seen).toEqual(expected);
    }
  });

  it("lists a Huawei hyper cluster's supernodes, servers and volumes in one list walk", async () => {
    const answer = await stack.query<{ hyperCluster: { hyperNodes: { nodes: Array<{ nodes: Array<{ disks: unknown[] }> }> } } }>(`{
      hyperCluster(id: "${SEED_HUAWEI.clusterId}") { name hyperNodes(first: 50) { nodes { name nodes { name disks { sizeGiB } } } } }
    }`);
    expect(answer.errors).toBeUndefined();
    const supernodes = answer.data!.hyperCluster.hyperNodes.nodes;
    const inFleet = stack.huawei.fleet.get('cn-north-4')!.supernodes.filter((s) => s.hps_cluster_id === HUAWEI_SEED.hyperClusterId);
    expect(supernodes).toHaveLength(inFleet.length);
    expect(supernodes.flatMap((s) => s.nodes).length).toBe(inFleet.flatMap((s) => s.servers).length);
    expect(stack.huawei.calls.snapshot()).toEqual({ ShowHyperCluster: 1, ListHyperInstances: 1 });
  });
});

describe('failures of one cloud', () => {
  it('surfaces a wrong Huawei SK as UPSTREAM_AUTH, leaving Alibaba data in the same answer', async () => {
    const stack = await startStack({ huaweiSecret: 'wrong-sk' });
    try {
      const answer = await stack.query(`{
        alibaba: hyperNode(id: "${SEED.hyperNodeId}") { hostname }
        huawei: hyperCluster(id: "${SEED_HUAWEI.clusterId}") { name }
      }`);
      expect(answer.data).toEqual({ alibaba: { hostname: SEED.hostname }, huawei: null });
      expect(answer.errors).toHaveLength(1);
      expect(answer.errors![0]).toMatchObject({
        path: ['huawei'],
        extensions: { code: 'UPSTREAM_AUTH', provider: 'HUAWEI', region: 'cn-north-4', providerCode: 'APIG.0301', requestId: expect.any(String) },
      });
      expect(JSON.stringify(answer)).not.toContain('wrong-sk');
    } finally {
      await stack.stop();
    }
  });

  it('answers from Alibaba with an error naming Huawei when the Huawei simulator stops mid-test', async () => {
    const stack = await startStack();
    try {
      const before = await stack.query<{ hyperNodes: { nodes: Array<{ provider: string }> } }>('{ hyperNodes(first: 100) { nodes { provider } } }');
      expect(new Set(before.data!.hyperNodes.nodes.map((n) => n.provider))).toEqual(new Set(['ALIBABA', 'HUAWEI']));

      await stack.huawei.stop();
      const after = await stack.query<{ hyperNodes: { nodes: Array<{ provider: string }> }; seed: unknown }>(`{
        hyperNodes(first: 100) { nodes { provider } }
        seed: hyperNode(id: "${SEED.hyperNodeId}") { hostname }
      }`);
      expect(after.data!.hyperNodes.nodes.length).toBe(48);
      expect(new Set(after.data!.hyperNodes.nodes.map((n) => n.provider))).toEqual(new Set(['ALIBABA']));
      expect(after.data!.seed).toEqual({ hostname: SEED.hostname });
      const regions = after.errors!.map((e) => [e.path, e.extensions?.code, e.extensions?.provider, e.extensions?.region]);
      expect(regions).toEqual([
        [['hyperNodes'], 'UPSTREAM_UNAVAILABLE', 'HUAWEI', 'cn-north-4'],
        [['hyperNodes'], 'UPSTREAM_UNAVAILABLE', 'HUAWEI', 'cn-southwest-2'],
      ]);
    } finally {
      await stack.stop();
    }
  });
});
