import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { SEED, startStack, type Stack } from '../helpers/stack.js';
import { ALIBABA_SEED } from '../../src/simulators/seed-ids.js';

describe('Alibaba read path through the gateway', () => {
  let stack: Stack;
  beforeAll(async () => {
    stack = await startStack();
  });
  afterAll(() => stack.stop());
  beforeEach(() => stack.resetCalls());

  it("answers the seed's hypernode with its nodes and disks, as the seed document shows them", async () => {
    const answer = await stack.query(
      /* GraphQL */ `
        query ($id: ID!) {
          hyperNode(id: $id) {
            id
            provider
            nativeId
            region
            hostname
            machineType
            zoneId
            hpnZone
            status
            state
            nodeGroup { id name }
            resourceGroupId
            fileSystemMountEnabled
            createdAt
            expiresAt
            cluster { id name }
            nodes {
              id
              hostname
              status
              imageId
              imageName
              networks { name ip }
              userData
              disks { id nativeId sizeGiB type category performanceLevel }
              hyperNode { id }
            }
          }
        }
      `,
      { id: SEED.hyperNodeId },
    );
    expect(answer.errors).toBeUndefined();
    expect(answer.data).toEqual({
      hyperNode: {
        id: SEED.hyperNodeId,
        provider: 'ALIBABA',
        nativeId: ALIBABA_SEED.hyperNodeId,
        region: 'cn-wulanchabu',
        hostname: SEED.hostname,
        machineType: 'efg2.C48cNHmcn',
        zoneId: 'cn-wulanchabu-c',
        hpnZone: 'A1',
        status: 'Using',
        state: 'RUNNING',
        nodeGroup: { id: 'ng-ec3c96ff0aa4c60d', name: 'emr-default' },
        resourceGroupId: 'rg-acfmwfm33rlt6zi',
        fileSystemMountEnabled: true,
        createdAt: '2022-11-30T02:00:00.852Z',
        // The seed's ExpireTime has no zone: it is read as UTC.
        expiresAt: '2026-05-14T00:00:00.000Z',
        cluster: { id: SEED.clusterId, name: 'Standard_Cluster' },
        nodes: [
          {
            id: SEED.nodeId,
            hostname: SEED.hostname,
            status: 'Using',
            imageId: 'i190297201669099844192',
            imageName: 'Alinux3_x86_5.10.134-16.3_NV_RunC_D3_E3C7_570.133.20_V1.0_250428',
            networks: [{ name: 'bond0', ip: '172.17.231.113' }],
            userData: '#!/bin/bash\nuptime\necho "aaaaaaa" >> /tmp/ttttt20250110141010.sh',
            disks: [
              {
                id: 'alibaba:cn-wulanchabu:disk:d-bp1564bcc2306uui4zpk',
                nativeId: 'd-bp1564bcc2306uui4zpk',
                sizeGiB: 5,
                type: 'SYSTEM',
                category: 'DOWNLINK_PACKET',
                performanceLevel: 'PL0',
              },
            ],
            hyperNode: { id: SEED.hyperNodeId },
          },
        ],
      },
    });
  });

  it('falls back to GetHyperNode where the endpoint has no DescribeHyperNode, and remembers it', async () => {
    const legacy = await startStack({ alibaba: { hyperNodeApis: ['GetHyperNode'] } });
    try {
      const ask = () => legacy.query(`{ hyperNode(id: "${SEED.hyperNodeId}") { hostname status nodes { status } } }`);
      const first = await ask();
      expect(first.data).toEqual({ hyperNode: { hostname: SEED.hostname, status: 'Using', nodes: [{ status: 'InProgress' }] } });
      expect(legacy.alibaba.calls.snapshot()).toEqual({ DescribeHyperNode: 1, GetHyperNode: 1 });
      await ask();
      expect(legacy.alibaba.calls.snapshot()).toEqual({ DescribeHyperNode: 1, GetHyperNode: 2 });
    } finally {
      await legacy.stop();
    }
  });

  it('answers null for a well-formed ID that names nothing', async () => {
    const answer = await stack.query(`{
      hyperNode(id: "alibaba:cn-wulanchabu:hypernode:e01-cn-doesnotexist") { id }
      node(id: "alibaba:cn-wulanchabu:node:e01-cn-doesnotexist") { id }
      hyperCluster(id: "alibaba:cn-beijing:hypercluster:i000") { id }
    }`);
    expect(answer.errors).toBeUndefined();
    expect(answer.data).toEqual({ hyperNode: null, node: null, hyperCluster: null });
  });

  it.each([
    ['not an ID', 'e01-cn-zvp2tgykr08'],
    ['an unknown provider', 'aws:cn-wulanchabu:hypernode:e01-cn-zvp2tgykr08'],
    ['a node ID where a hypernode is asked', SEED.nodeId],
    ['a path in the native ID', 'alibaba:cn-wulanchabu:hypernode:../../etc'],
    ['a region the gateway does not serve', 'alibaba:cn-hangzhou:hypernode:e01-cn-zvp2tgykr08'],
  ])('refuses %s with BAD_USER_INPUT and no upstream call', async (_, id) => {
    const answer = await stack.query('query ($id: ID!) { hyperNode(id: $id) { id } }', { id });
    expect(answer.data).toEqual({ hyperNode: null });
    expect(answer.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'id' });
    expect(answer.errors?.[0]?.path).toEqual(['hyperNode']);
    expect(stack.upstreamCalls()).toBe(0);
  });

  it('reads a node with DescribeNode, and its hypernode by reference', async () => {
    const answer = await stack.query(`{ node(id: "${SEED.nodeId}") { hostname machineType zoneId expiresAt networks { ip } hyperNode { id hostname } } }`);
    expect(answer.data).toEqual({
      node: {
        hostname: SEED.hostname,
        machineType: 'efg2.C48cNHmcn',
        zoneId: 'cn-wulanchabu-c',
        expiresAt: '2026-05-14T00:00:00.000Z',
        networks: [{ ip: '172.17.231.113' }],
        hyperNode: { id: SEED.hyperNodeId, hostname: SEED.hostname },
      },
    });
  });

  it('answers nodes(ids) in the order asked, with null for unknown IDs', async () => {
    const answer = await stack.query<{ nodes: Array<{ id: string } | null> }>(
      'query ($ids: [ID!]!) { nodes(ids: $ids) { id } }',
      { ids: [SEED.nodeId, 'alibaba:cn-wulanchabu:node:e01-cn-missing', SEED.nodeId] },
    );
    expect(answer.data?.nodes).toEqual([{ id: SEED.nodeId }, null, { id: SEED.nodeId }]);
  });

  it('answers each malformed or unserved ID of nodes(ids) as an error at its own slot, keeping the other slots and fields', async () => {
    const answer = await stack.query<{ nodes: Array<{ id: string } | null>; hyperNode: { id: string } | null }>(
      'query ($ids: [ID!]!, $h: ID!) { nodes(ids: $ids) { id } hyperNode(id: $h) { id } }',
      { ids: [SEED.nodeId, 'bogus', 'alibaba:eu-nowhere-9:node:x1', SEED.hyperNodeId, SEED.nodeId], h: SEED.hyperNodeId },
    );
    expect(answer.data).toEqual({ nodes: [{ id: SEED.nodeId }, null, null, null, { id: SEED.nodeId }], hyperNode: { id: SEED.hyperNodeId } });
    expect(answer.errors?.map((e) => [e.path, e.extensions?.['code'], e.extensions?.['field']])).toEqual([
      [['nodes', 1], 'BAD_USER_INPUT', 'ids[1]'],
      [['nodes', 2], 'BAD_USER_INPUT', 'ids[2]'],
      [['nodes', 3], 'BAD_USER_INPUT', 'ids[3]'],
    ]);
  });

  it('pages hypernodes of every region to the end without repeating or skipping one', async () => {
    const expected = [...stack.alibaba.fleet.entries()].flatMap(([region, fleet]) =>
      fleet.hyperNodes.map((h) => `alibaba:${region}:hypernode:${h.HyperNodeId}`),
    );
    for (const first of [7, 20, 31]) {
      const seen: string[] = [];
      let after: string | null = null;
      let pages = 0;
      do {
        const page: Awaited<ReturnType<typeof stack.query<{ hyperNodes: { nodes: Array<{ id: string }>; pageInfo: { hasNextPage: boolean; endCursor: string | null } } }>>> =
          await stack.query('query ($first: Int, $after: String) { hyperNodes(provider: ALIBABA, first: $first, after: $after) { nodes { id } pageInfo { hasNextPage endCursor } } }', { first, after });
        expect(page.errors).toBeUndefined();
        const connection = page.data!.hyperNodes;
        seen.push(...connection.nodes.map((n) => n.id));
        after = connection.pageInfo.hasNextPage ? connection.pageInfo.endCursor : null;
        pages += 1;
      } while (after && pages < 100);
      expect(seen).toEqual(expected);
      expect(pages).toBe(Math.ceil(expected.length / first));
    }
  });

  it('lists clusters and the hypernodes of one cluster', async () => {
    const answer = await stack.query<{ hyperClusters: { nodes: Array<{ id: string; name: string; networks: unknown[]; hyperNodes: { nodes: Array<{ id: string }> } }> } }>(
      `{ hyperClusters(region: "cn-wulanchabu", first: 5) { nodes { id name networks { subnetId vpcId } hyperNodes(first: 100) { nodes { id } } } } }`,
    );
    expect(answer.errors).toBeUndefined();
    const clusters = answer.data!.hyperClusters.nodes;
    const fleet = stack.alibaba.fleet.get('cn-wulanchabu')!;
    expect(clusters.map((c) => c.id)).toEqual(fleet.clusters.map((c) => `alibaba:cn-wulanchabu:hypercluster:${c.ClusterId}`));
    const seedCluster = clusters.find((c) => c.id === SEED.clusterId)!;
    expect(seedCluster.name).toBe('Standard_Cluster');
    expect(seedCluster.networks).toHaveLength(1);
    expect(seedCluster.hyperNodes.nodes.map((h) => h.id)).toContain(SEED.hyperNodeId);
  });

  it('refuses a cursor from another list', async () => {
    const beijing = await stack.query<{ hyperNodes: { pageInfo: { endCursor: string } } }>(
      '{ hyperNodes(region: "cn-beijing", first: 2) { pageInfo { endCursor } } }',
    );
    const answer = await stack.query('query ($after: String) { hyperNodes(region: "cn-wulanchabu", after: $after) { nodes { id } } }', {
      after: beijing.data!.hyperNodes.pageInfo.endCursor,
    });
    expect(answer.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'after' });
  });
});

describe('Alibaba failures through the gateway', () => {
  it('surfaces a wrong secret as UPSTREAM_AUTH with the cloud code and request ID, and no secret', async () => {
    const stack = await startStack({ alibabaSecret: 'not-the-right-secret' });
    try {
      const answer = await stack.query(`{ hyperNode(id: "${SEED.hyperNodeId}") { hostname } }`);
      expect(answer.data).toEqual({ hyperNode: null });
      expect(answer.errors).toHaveLength(1);
      expect(answer.errors![0]!.path).toEqual(['hyperNode']);
      expect(answer.errors![0]!.extensions).toMatchObject({
        code: 'UPSTREAM_AUTH',
        provider: 'ALIBABA',
        region: 'cn-wulanchabu',
        providerCode: 'SignatureDoesNotMatch',
        requestId: expect.stringMatching(/^[0-9A-F-]{36}$/),
      });
      const text = JSON.stringify(answer);
      for (const secret of ['not-the-right-secret', 'test-secret-do-not-log', 'Signature=', 'stack']) expect(text).not.toContain(secret);
    } finally {
      await stack.stop();
    }
  });

  it('keeps the other region of a list when one region fails', async () => {
    const stack = await startStack({ env: { ALIBABA_CLOUD_REGIONS: 'cn-wulanchabu,cn-hangzhou,cn-beijing' } });
    try {
      const answer = await stack.query<{ hyperNodes: { nodes: Array<{ region: string }> } }>('{ hyperNodes(provider: ALIBABA, first: 100) { nodes { region } } }');
      const regions = new Set(answer.data!.hyperNodes.nodes.map((n) => n.region));
      expect(regions).toEqual(new Set(['cn-wulanchabu', 'cn-beijing']));
      expect(answer.errors).toHaveLength(1);
      expect(answer.errors![0]).toMatchObject({
        path: ['hyperNodes'],
        extensions: { code: 'UPSTREAM_ERROR', provider: 'ALIBABA', region: 'cn-hangzhou', providerCode: 'InvalidRegionId' },
      });
    } finally {
      await stack.stop();
    }
  });
});
