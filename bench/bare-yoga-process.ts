/**
 * The ceiling reference: a bare graphql-yoga server with the gateway's schema, executing the same documents on
 * static in-memory data (the simulators' fleet, mapped once at start). No upstream calls, no loaders, no plugins.
 */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { parseArgs } from 'node:util';
import { DateTimeResolver } from 'graphql-scalars';
import { createSchema, createYoga } from 'graphql-yoga';
import type { HyperClusterModel, HyperNodeModel, NodeModel } from '../src/model.js';
import { clusterFromDetail, hyperNodeFromDetail } from '../src/providers/alibaba/adapter.js';
import { clusterFromHyperCluster, hyperNodeFromSupernode } from '../src/providers/huawei/adapter.js';
import { loadTypeDefs } from '../src/schema.js';
import { generateAlibabaFleet } from '../src/simulators/alibaba-fleet.js';
import { generateHuaweiFleet } from '../src/simulators/huawei-fleet.js';

const { values } = parseArgs({ options: { hypernodes: { type: 'string', default: '24' }, supernodes: { type: 'string', default: '8' } } });

const hyperNodes = new Map<string, HyperNodeModel>();
const nodes = new Map<string, NodeModel>();
const clusters = new Map<string, HyperClusterModel>();
for (const [region, fleet] of generateAlibabaFleet({ regions: ['cn-wulanchabu'], hyperNodesPerRegion: Number(values.hypernodes) })) {
  for (const c of fleet.clusters) clusters.set(`alibaba:${region}:hypercluster:${c.ClusterId}`, clusterFromDetail(region, { ...c, Networks: { VpdId: c.VpdId } }));
  for (const h of fleet.hyperNodes) {
    const model = hyperNodeFromDetail(region, {
      ...h,
      Nodes: h.Nodes.map((n) => ({ ...n, Networks: { BondName: n.BondName, Ip: n.Ip } })),
    });
    hyperNodes.set(model.id, model);
  }
}
for (const [region, fleet] of generateHuaweiFleet({ regions: ['cn-north-4'], supernodesPerRegion: Number(values.supernodes) })) {
  for (const c of fleet.hyperClusters) clusters.set(`huawei:${region}:hypercluster:${c.id}`, clusterFromHyperCluster(region, c, c.type));
  for (const s of fleet.supernodes) hyperNodes.set(`huawei:${region}:hypernode:${s.id}`, hyperNodeFromSupernode(region, s));
}
for (const h of hyperNodes.values()) for (const n of h.nodes ?? []) nodes.set(n.id, n);
const allHyperNodes = [...hyperNodes.values()];

function page<T>(items: T[], first: number | null | undefined, after: string | null | undefined) {
  const start = after ? Number(after) : 0;
  const chosen = items.slice(start, start + (first ?? 20));
  const edges = chosen.map((node, i) => ({ cursor: String(start + i + 1), node }));
  return { edges, nodes: chosen, pageInfo: { hasNextPage: start + chosen.length < items.length, endCursor: edges.at(-1)?.cursor ?? null } };
}

type Args = { id: string; ids: string[]; first?: number | null; after?: string | null };
const yoga = createYoga({
  logging: false,
  schema: createSchema({
    typeDefs: loadTypeDefs(),
    resolvers: {
      DateTime: DateTimeResolver,
      Resource: { __resolveType: (r: { id: string }) => ({ hypercluster: 'HyperCluster', hypernode: 'HyperNode', node: 'Node', disk: 'Disk' })[r.id.split(':')[2]!] },
      Query: {
        hyperNode: (_: unknown, { id }: Args) => hyperNodes.get(id) ?? null,
        hyperNodes: (_: unknown, { first, after }: Args) => page(allHyperNodes, first, after),
        node: (_: unknown, { id }: Args) => nodes.get(id) ?? null,
        nodes: (_: unknown, { ids }: Args) => ids.map((id) => nodes.get(id) ?? null),
        hyperCluster: (_: unknown, { id }: Args) => clusters.get(id) ?? null,
        hyperClusters: (_: unknown, { first, after }: Args) => page([...clusters.values()], first, after),
      },
      HyperNode: { cluster: (h: HyperNodeModel) => (h.clusterId ? clusters.get(h.clusterId) : null) },
      Node: { hyperNode: (n: NodeModel) => (n.hyperNodeId ? hyperNodes.get(n.hyperNodeId) : null) },
      HyperCluster: {
        hyperNodes: (c: HyperClusterModel, { first, after }: Args) => page(allHyperNodes.filter((h) => h.clusterId === c.id), first, after),
      },
    },
  }),
});

const server = createServer(yoga);
await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
console.log(JSON.stringify({ url: `http://127.0.0.1:${(server.address() as AddressInfo).port}` }));
process.on('SIGTERM', () => server.close(() => process.exit(0)));
