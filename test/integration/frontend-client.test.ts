/**
 * The typed client a frontend gets: the operations of examples/frontend, as codegen types them, sent by an ordinary
 * GraphQL client (graphql-request) over HTTP to the gateway on its simulators. `tsc --noEmit` checks the uses below.
 */
import { print } from 'graphql';
import { ClientError, GraphQLClient } from 'graphql-request';
import { afterAll, beforeAll, describe, expect, expectTypeOf, it } from 'vitest';
import {
  FleetCountsDocument,
  FleetNodesPageDocument,
  HyperClusterWithSupernodesDocument,
  HyperNodesPageDocument,
  HyperNodeWithNodesDocument,
  FollowTaskDocument,
  NodeWithDisksDocument,
  RebootAndFollowDocument,
  WatchNodesDocument,
  type FollowTaskSubscription,
  type HyperNodesPageQuery,
  type TaskState,
  type WatchNodesSubscription,
  type LifecycleState,
  type Provider,
} from '../../examples/frontend/generated/graphql.js';
import type { RunningGateway } from '../../src/app.js';
import { startGatewayOnSimulators } from '../helpers/gateway.js';
import { wsClient } from '../helpers/live.js';
import { SEED, SEED_HUAWEI } from '../helpers/stack.js';

describe('the typed frontend client', () => {
  let gateway: RunningGateway;
  let client: GraphQLClient;

  beforeAll(async () => {
    gateway = await startGatewayOnSimulators();
    // In simulated mode with no key configured the gateway makes a development key, as `npm start` prints it.
    client = new GraphQLClient(`${gateway.url}/graphql`, { headers: { authorization: `Bearer ${gateway.config.auth.devKey}` } });
  });
  afterAll(() => gateway?.stop());

  it('HyperNodeWithNodes: the seed hypernode, its node and disk sizes as numbers', async () => {
    const data = await client.request(HyperNodeWithNodesDocument, { id: SEED.hyperNodeId });

    const hyperNode = data.hyperNode;
    expect(hyperNode?.hostname).toBe(SEED.hostname);
    expect(hyperNode?.nodes.map((n) => n.id)).toEqual([SEED.nodeId]);
    const size = hyperNode?.nodes[0]?.disks[0]?.sizeGiB;
    expectTypeOf(size).toEqualTypeOf<number | undefined>();
    expect(size).toBeTypeOf('number');
    expectTypeOf(hyperNode!.state).toEqualTypeOf<LifecycleState>();
    // @ts-expect-error the operation does not select userData, so its result type has none
    expect(hyperNode?.nodes[0]?.userData).toBeUndefined();
  });

  it('HyperNodesPage: walks every page of both clouds, each hypernode once', async () => {
    const seen: Array<{ id: string; provider: Provider }> = [];
    let after: string | null = null;
    let pages = 0;
    do {
      const page: HyperNodesPageQuery = await client.request(HyperNodesPageDocument, { first: 20, after });
      seen.push(...page.hyperNodes.edges.map((e) => e.node));
      after = page.hyperNodes.pageInfo.hasNextPage ? page.hyperNodes.pageInfo.endCursor : null;
      pages += 1;
    } while (after !== null && pages < 10);

    const { simulator } = gateway.config;
    expect(seen).toHaveLength(simulator.hyperNodesPerRegion + simulator.supernodesPerRegion);
    expect(new Set(seen.map((n) => n.id)).size).toBe(seen.length);
    expect(new Set(seen.map((n) => n.provider))).toEqual(new Set(['ALIBABA', 'HUAWEI']));
    expect(seen.map((n) => n.id)).toContain(SEED.hyperNodeId);

    const huaweiOnly = await client.request(HyperNodesPageDocument, { provider: 'HUAWEI', first: 3 });
    expect(huaweiOnly.hyperNodes.edges.map((e) => e.node.provider)).toEqual(['HUAWEI', 'HUAWEI', 'HUAWEI']);
    // @ts-expect-error `first` is required by the operation
    await expect(client.request(HyperNodesPageDocument, { provider: 'HUAWEI' })).rejects.toThrow(ClientError);
  });

  it('FleetCounts and FleetNodesPage: a dashboard of every node, standalone ones included', async () => {
    const { nodeCounts } = await client.request(FleetCountsDocument, {});
    expectTypeOf(nodeCounts[0]!.state).toEqualTypeOf<LifecycleState | null>();
    const total = nodeCounts.reduce((sum, row) => sum + row.count, 0);
    const all = await client.request(FleetNodesPageDocument, { first: 1 });
    expect(all.allNodes.totalCount).toBe(total);
    // The 6 Huawei dev servers in no supernode of the default fleet are in the list.
    const standalone = await client.request(FleetNodesPageDocument, { filter: { provider: 'HUAWEI', standalone: true } });
    expect(standalone.allNodes.totalCount).toBe(6);
    expect(standalone.allNodes.nodes.every((n) => n.hyperNode === null)).toBe(true);
    const failed = await client.request(FleetNodesPageDocument, { filter: { state: ['ERROR'] } });
    const errorRows = nodeCounts.filter((row) => row.state === 'ERROR').reduce((sum, row) => sum + row.count, 0);
    expect(failed.allNodes.totalCount).toBe(errorRows);
    expect(failed.allNodes.nodes.every((n) => n.state === 'ERROR')).toBe(true);
  });

  it('NodeWithDisks: the seed node with its disks and its hypernode', async () => {
    const { node } = await client.request(NodeWithDisksDocument, { id: SEED.nodeId });

    expect(node?.hostname).toBe(SEED.hostname);
    expect(node?.hyperNode?.id).toBe(SEED.hyperNodeId);
    expect(node?.disks.length).toBeGreaterThan(0);
    const totalGiB: number = node?.disks.reduce((sum, disk) => sum + disk.sizeGiB, 0) ?? 0;
    expect(totalGiB).toBeGreaterThan(0);
    expectTypeOf(node!.disks[0]!.type).toEqualTypeOf<'SYSTEM' | 'DATA'>();
    // @ts-expect-error sizeGiB is a number, not a string
    const asText: string = node!.disks[0]!.sizeGiB;
    expect(typeof asText).toBe('number');
  });

  it('HyperClusterWithSupernodes: the seed hyper cluster and a page of its supernodes with their servers', async () => {
    const { hyperCluster } = await client.request(HyperClusterWithSupernodesDocument, { id: SEED_HUAWEI.clusterId, first: 2 });

    expect(hyperCluster).toMatchObject({ name: SEED_HUAWEI.name, provider: 'HUAWEI', type: 'HPS' });
    expect(hyperCluster?.networks.map((n) => n.subnetId)).toContain(SEED_HUAWEI.subnetId);
    const supernodes = hyperCluster?.hyperNodes.nodes ?? [];
    expect(supernodes.length).toBeGreaterThan(0);
    expect(supernodes.length).toBeLessThanOrEqual(2);
    expect(supernodes.every((s) => s.nodes.length > 0)).toBe(true);
  });

  it('answers null, typed as possible, for an ID that names nothing', async () => {
    const { hyperNode } = await client.request(HyperNodeWithNodesDocument, { id: 'alibaba:cn-wulanchabu:hypernode:e01-nothing-here' });
    expect(hyperNode).toBeNull();
  });

  it('RebootAndFollow and WatchNodes: a typed reboot, followed to its end over graphql-ws, with the node watched', async () => {
    const ws = wsClient(gateway.url, gateway.config.auth.devKey!);
    try {
      const watched: WatchNodesSubscription[] = [];
      const watching = (async () => {
        for await (const result of ws.iterate({ query: print(WatchNodesDocument), variables: { ids: [SEED.nodeId] } })) {
          watched.push(result.data as WatchNodesSubscription);
          if (watched.some((w) => w.nodesChanged.task?.kind === 'REBOOT')) return;
        }
      })();
      while (gateway.yoga.live.hub.counts.nodes === 0) await new Promise((resolve) => setTimeout(resolve, 20));
      await new Promise((resolve) => setTimeout(resolve, gateway.config.subscriptions.watchIntervalMs + 200)); // its first look

      const { rebootNodes } = await client.request(RebootAndFollowDocument, { ids: [SEED.nodeId] });
      expect(rebootNodes.failures).toEqual([]);
      const task = rebootNodes.tasks[0]!;
      expectTypeOf(task.state).toEqualTypeOf<TaskState>();
      const states: TaskState[] = [];
      for await (const result of ws.iterate({ query: print(FollowTaskDocument), variables: { id: task.id } })) {
        states.push((result.data as FollowTaskSubscription).taskUpdated.state);
      }
      expect(states.at(-1)).toBe('SUCCEEDED');
      await watching;
      expect(watched.at(-1)!.nodesChanged).toMatchObject({ id: SEED.nodeId, task: { kind: 'REBOOT' } });
    } finally {
      await ws.dispose();
    }
  }, 30_000);
});
