/** The query shapes the benchmark measures: those whose call counts the tests pin, and a deep list query. */
import { globalId } from '../src/ids.js';
import { ALIBABA_SEED, HUAWEI_SEED } from '../src/simulators/seed-ids.js';

export interface Shape {
  name: string;
  query: string;
  /** The calls the shape must cost with loaders on (pinned by test/integration/call-counts.test.ts). */
  expectedCalls?: number;
}

const SEED_HYPERNODE = globalId('ALIBABA', ALIBABA_SEED.region, 'hypernode', ALIBABA_SEED.hyperNodeId);
const SEED_NODE = globalId('ALIBABA', ALIBABA_SEED.region, 'node', ALIBABA_SEED.nodeId);
const SEED_HYPER_CLUSTER = globalId('HUAWEI', HUAWEI_SEED.region, 'hypercluster', HUAWEI_SEED.hyperClusterId);

export function shapes(threeHyperNodes: readonly string[]): Shape[] {
  const [a, b, c] = threeHyperNodes;
  return [
    {
      name: 'single hypernode, nodes, disks',
      query: `{ hyperNode(id: "${SEED_HYPERNODE}") { hostname nodes { hostname disks { sizeGiB } } } }`,
      expectedCalls: 1,
    },
    {
      name: 'same node under two aliases',
      query: `{ a: node(id: "${SEED_NODE}") { hostname } b: node(id: "${SEED_NODE}") { hostname } }`,
      expectedCalls: 1,
    },
    {
      name: "hypernode's nodes and their hypernode",
      query: `{ hyperNode(id: "${SEED_HYPERNODE}") { nodes { id hyperNode { hostname } } } }`,
      expectedCalls: 1,
    },
    {
      name: 'three hypernodes by alias, no nodes',
      query: `{ a: hyperNode(id: "${a}") { hostname machineType } b: hyperNode(id: "${b}") { hostname machineType } c: hyperNode(id: "${c}") { hostname machineType } }`,
      expectedCalls: 1,
    },
    {
      name: 'Huawei hyper cluster, supernodes, servers, volumes',
      query: `{ hyperCluster(id: "${SEED_HYPER_CLUSTER}") { name hyperNodes(first: 50) { nodes { name nodes { name disks { sizeGiB type } } } } } }`,
      expectedCalls: 2,
    },
    {
      name: 'deep list: 20 hypernodes, nodes, their hypernode',
      query: '{ hyperNodes(first: 20) { nodes { hostname nodes { hostname hyperNode { id } } } } }',
      expectedCalls: 4,
    },
  ];
}
