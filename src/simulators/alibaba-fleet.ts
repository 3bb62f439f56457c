/**
 * A deterministic Lingjun fleet: regions -> clusters -> hypernodes -> 4 to 8 nodes -> disks. cn-wulanchabu holds
 * the seed's hypernode `e01-cn-zvp2tgykr08` exactly as the GetHyperNode seed document shows it.
 */
import { Random } from './random.js';
import { ALIBABA_SEED } from './seed-ids.js';

export interface SimDisk {
  DiskId: string;
  Category: string;
  Size: number;
  PerformanceLevel: string;
  Type: 'system' | 'data';
}

export interface SimNode {
  NodeId: string;
  HyperNodeId: string;
  Hostname: string;
  ImageId: string;
  ImageName: string;
  OperatingState: string;
  Status: string;
  UserData: string;
  BondName: string;
  Ip: string;
  SubnetId?: string;
  VpdId?: string;
  Sn: string;
  MachineType: string;
  Disks: SimDisk[];
}

export interface SimHyperNode {
  HyperNodeId: string;
  ClusterId: string;
  ClusterName: string;
  NodeGroupId: string;
  NodeGroupName: string;
  ZoneId: string;
  HpnZone: string;
  MachineType: string;
  Hostname: string;
  ResourceGroupId: string;
  CreateTime: string;
  ExpireTime: string;
  FileSystemMountEnabled: boolean;
  OperatingState: string;
  Status: string;
  CommodityCode: string;
  Nodes: SimNode[];
}

export interface SimCluster {
  ClusterId: string;
  ClusterName: string;
  ClusterType: string;
  ClusterDescription: string;
  CreateTime: string;
  UpdateTime: string;
  HpnZone: string;
  OperatingState: string;
  ResourceGroupId: string;
  VpcId: string;
  VSwitchId: string;
  SecurityGroupId: string;
  VpdId: string;
}

/** A node in no cluster and no hypernode (ListFreeNodes). */
export interface SimFreeNode {
  NodeId: string;
  Sn: string;
  Hostname: string;
  MachineType: string;
  OperatingState: string;
  Status: string;
  ZoneId: string;
  HpnZone: string;
  ResourceGroupId: string;
  CommodityCode: string;
  CreateTime: string;
  ExpiredTime: string;
  ImageId: string;
  ImageName: string;
  UserData: string;
  Disks: SimDisk[];
}

export class AlibabaRegionFleet {
  readonly clusters: SimCluster[] = [];
  readonly hyperNodes: SimHyperNode[] = [];
  readonly clusterById = new Map<string, SimCluster>();
  readonly hyperNodeById = new Map<string, SimHyperNode>();
  readonly nodeById = new Map<string, { node: SimNode; hyperNode: SimHyperNode }>();
  /** Nodes outside every cluster, in the order ListFreeNodes gives them. */
  readonly freeNodes: SimFreeNode[] = [];
  readonly freeNodeById = new Map<string, SimFreeNode>();

  addFreeNode(node: SimFreeNode): void {
    this.freeNodes.push(node);
    this.freeNodeById.set(node.NodeId, node);
  }

  addCluster(cluster: SimCluster): void {
    this.clusters.push(cluster);
    this.clusterById.set(cluster.ClusterId, cluster);
  }

  addHyperNode(hyperNode: SimHyperNode): void {
    this.hyperNodes.push(hyperNode);
    this.hyperNodeById.set(hyperNode.HyperNodeId, hyperNode);
    for (const node of hyperNode.Nodes) this.nodeById.set(node.NodeId, { node, hyperNode });
  }

  /** Nodes in hypernodes and free nodes. */
  nodeCount(): number {
    return this.nodeById.size + this.freeNodes.length;
  }
}

export interface AlibabaFleetOptions {
  seed?: number | string;
  regions?: readonly string[];
  /** Hypernodes per region, each with 4 to 8 nodes (the seed's hypernode has 1). */
  hyperNodesPerRegion?: number;
  /** Nodes in no cluster per region (ListFreeNodes), default 6. */
  freeNodesPerRegion?: number;
}

export const DEFAULT_ALIBABA_REGIONS = ['cn-wulanchabu', 'cn-beijing', 'cn-shanghai'] as const;
export const SEED_HYPERNODE_ID = ALIBABA_SEED.hyperNodeId;
export const SEED_REGION = ALIBABA_SEED.region;

const HYPERNODES_PER_CLUSTER = 12;
const MACHINE_TYPES = ['efg2.C48cNHmcn', 'efg3.GN9A.ch72', 'efg2.C48cA3sen'];
const IMAGES = [
  'Alinux3_x86_5.10.134-16.3_NV_RunC_D3_E3C7_570.133.20_V1.0_250428',
  'Ubuntu_22.04_x86_NV_550.127.08_V1.2_250312',
  'Alinux3_x86_5.10.134-16.1_NV_570.86.15_V1.0_250108',
];
const STATES = ['Using', 'Using', 'Using', 'Using', 'Using', 'Unused', 'ClusterNodeStopped', 'Operating', 'Replacing', 'Extending'];

export function generateAlibabaFleet(options: AlibabaFleetOptions = {}): Map<string, AlibabaRegionFleet> {
  const seed = options.seed ?? 1;
  const regions = options.regions ?? DEFAULT_ALIBABA_REGIONS;
  const perRegion = options.hyperNodesPerRegion ?? 24;
  const fleet = new Map<string, AlibabaRegionFleet>();
  for (const region of regions) {
    const regionFleet = generateRegion(new Random(`${seed}:alibaba:${region}`), region, perRegion);
    // A stream of its own, so the free nodes leave every other generated ID as it was.
    addFreeNodes(new Random(`${seed}:alibaba-free:${region}`), region, regionFleet, options.freeNodesPerRegion ?? 6);
    fleet.set(region, regionFleet);
  }
  return fleet;
}

function generateRegion(random: Random, region: string, hyperNodeCount: number): AlibabaRegionFleet {
  const fleet = new AlibabaRegionFleet();
  const hostPrefix = `aly${region.split('-').pop()!.slice(0, 4)}`;
  let hostNumber = 1000;
  let remaining = hyperNodeCount;
  if (region === SEED_REGION) {
    const seedCluster = cluster(random, region, 0, { ClusterId: 'i112138561737531371671', ClusterName: 'Standard_Cluster' });
    fleet.addCluster(seedCluster);
    fleet.addHyperNode(seedHyperNode());
    remaining -= 1;
  }
  let clusterIndex = fleet.clusters.length;
  while (remaining > 0) {
    const current = fleet.clusters.at(-1);
    const members = current ? fleet.hyperNodes.filter((h) => h.ClusterId === current.ClusterId).length : HYPERNODES_PER_CLUSTER;
    const home = members < HYPERNODES_PER_CLUSTER && current ? current : cluster(random, region, ++clusterIndex);
    if (home !== current) fleet.addCluster(home);
    fleet.addHyperNode(hyperNode(random, region, home, `${hostPrefix}-lingjun-gpu-${hostNumber++}`));
    remaining -= 1;
  }
  return fleet;
}

function cluster(random: Random, region: string, index: number, fixed: Partial<SimCluster> = {}): SimCluster {
  const created = timestamp(random, 2023, 2024);
  return {
    ClusterId: `i${random.chars(21, '0123456789')}`,
    ClusterName: `lingjun-${region}-${index}`,
    ClusterType: random.pick(['Lite', 'Standard']),
    ClusterDescription: `Simulated Lingjun cluster ${index} in ${region}`,
    CreateTime: created,
    UpdateTime: created,
    HpnZone: random.pick(['A1', 'A2', 'B1']),
    OperatingState: 'running',
    ResourceGroupId: `rg-${random.chars(15)}`,
    VpcId: `vpc-${random.chars(20)}`,
    VSwitchId: `vsw-${random.chars(20)}`,
    SecurityGroupId: `sg-${random.chars(20)}`,
    VpdId: `vpd-${random.chars(8)}`,
    ...fixed,
  };
}

function hyperNode(random: Random, region: string, home: SimCluster, hostname: string): SimHyperNode {
  const state = random.pick(STATES);
  const machineType = random.pick(MACHINE_TYPES);
  const hyperNodeId = `e01-${region}-${random.chars(11)}`;
  const nodeCount = random.int(4, 8);
  const image = random.pick(IMAGES);
  const imageId = `i${random.chars(21, '0123456789')}`;
  const nodes: SimNode[] = [];
  for (let i = 0; i < nodeCount; i++) {
    const nodeDisks: SimDisk[] = [disk(random, 'system')];
    if (random.next() < 0.6) nodeDisks.push(disk(random, 'data'));
    nodes.push({
      NodeId: `e01-${region}-${random.chars(11)}`,
      HyperNodeId: hyperNodeId,
      Hostname: `${hostname}-n${i}`,
      ImageId: imageId,
      ImageName: image,
      OperatingState: state,
      Status: state,
      UserData: `#!/bin/bash\necho "node ${i} of ${hostname} up" >> /var/log/boot-${i}.log\nexport TOKEN=sim-${random.chars(12)}`,
      BondName: 'bond0',
      Ip: `172.${random.int(16, 31)}.${random.int(0, 255)}.${random.int(1, 254)}`,
      SubnetId: home.VSwitchId,
      VpdId: home.VpdId,
      Sn: `SN${random.chars(12, '0123456789ABCDEF')}`,
      MachineType: machineType,
      Disks: nodeDisks,
    });
  }
  return {
    HyperNodeId: hyperNodeId,
    ClusterId: home.ClusterId,
    ClusterName: home.ClusterName,
    NodeGroupId: `ng-${random.chars(16, '0123456789abcdef')}`,
    NodeGroupName: random.pick(['emr-default', 'training', 'inference']),
    ZoneId: `${region}-${random.pick(['a', 'b', 'c'])}`,
    HpnZone: home.HpnZone,
    MachineType: machineType,
    Hostname: hostname,
    ResourceGroupId: home.ResourceGroupId,
    CreateTime: timestamp(random, 2023, 2025),
    ExpireTime: `${random.int(2026, 2028)}-${pad(random.int(1, 12))}-${pad(random.int(1, 28))}T00:00:00`,
    FileSystemMountEnabled: random.next() < 0.7,
    OperatingState: state,
    Status: state,
    CommodityCode: 'bccluster_eflocomputing_public_cn',
    Nodes: nodes,
  };
}

/** Free nodes cycle through the states a node outside a cluster can be in. */
const FREE_STATES = ['Unused', 'Unused', 'UnusedNodeStopped', 'UnusedNodeRecovering', 'UnusedNodeStopping', 'ReleaseLocking'];

function addFreeNodes(random: Random, region: string, fleet: AlibabaRegionFleet, count: number): void {
  for (let i = 0; i < count; i++) {
    const state = FREE_STATES[i % FREE_STATES.length]!;
    const nodeDisks: SimDisk[] = [disk(random, 'system')];
    fleet.addFreeNode({
      NodeId: `e01-${region}-${random.chars(11)}`,
      Sn: `SN${random.chars(12, '0123456789ABCDEF')}`,
      Hostname: `free-${region}-${i}`,
      MachineType: random.pick(MACHINE_TYPES),
      OperatingState: state,
      Status: state,
      ZoneId: `${region}-${random.pick(['a', 'b', 'c'])}`,
      HpnZone: random.pick(['A1', 'A2', 'B1']),
      ResourceGroupId: `rg-${random.chars(15)}`,
      CommodityCode: 'bccluster_eflocomputing_public_cn',
      CreateTime: timestamp(random, 2024, 2025),
      ExpiredTime: `${random.int(2026, 2028)}-${pad(random.int(1, 12))}-${pad(random.int(1, 28))}T00:00:00`,
      ImageId: `i${random.chars(21, '0123456789')}`,
      ImageName: random.pick(IMAGES),
      UserData: `#!/bin/bash\necho "free node ${i} up"\nexport TOKEN=sim-${random.chars(12)}`,
      Disks: nodeDisks,
    });
  }
}

function disk(random: Random, type: 'system' | 'data'): SimDisk {
  return {
    DiskId: `d-${random.chars(20)}`,
    Category: 'cloud_essd',
    Size: type === 'system' ? random.pick([100, 200, 500]) : random.pick([1024, 2048, 3840]),
    PerformanceLevel: random.pick(['PL0', 'PL1']),
    Type: type,
  };
}

/** The seed document's example, field for field. */
function seedHyperNode(): SimHyperNode {
  return {
    HyperNodeId: SEED_HYPERNODE_ID,
    ClusterId: ALIBABA_SEED.clusterId,
    ClusterName: 'Standard_Cluster',
    NodeGroupId: 'ng-ec3c96ff0aa4c60d',
    NodeGroupName: 'emr-default',
    ZoneId: 'cn-wulanchabu-c',
    HpnZone: 'A1',
    MachineType: 'efg2.C48cNHmcn',
    Hostname: ALIBABA_SEED.hostname,
    ResourceGroupId: 'rg-acfmwfm33rlt6zi',
    CreateTime: '2022-11-30T02:00:00.852Z',
    ExpireTime: '2026-05-14T00:00:00',
    FileSystemMountEnabled: true,
    OperatingState: 'Using',
    Status: 'Using',
    CommodityCode: 'bccluster_eflocomputing_public_cn',
    Nodes: [
      {
        NodeId: ALIBABA_SEED.nodeId,
        HyperNodeId: SEED_HYPERNODE_ID,
        Hostname: ALIBABA_SEED.hostname,
        ImageId: 'i190297201669099844192',
        ImageName: 'Alinux3_x86_5.10.134-16.3_NV_RunC_D3_E3C7_570.133.20_V1.0_250428',
        OperatingState: 'Using',
        Status: 'InProgress',
        UserData: '#!/bin/bash\nuptime\necho "aaaaaaa" >> /tmp/ttttt20250110141010.sh',
        BondName: 'bond0',
        Ip: '172.17.231.113',
        Sn: 'SN0025ALYWLCB',
        MachineType: 'efg2.C48cNHmcn',
        Disks: [{ DiskId: 'd-bp1564bcc2306uui4zpk', Category: 'DOWNLINK_PACKET', Size: 5, PerformanceLevel: 'PL0', Type: 'system' }],
      },
    ],
  };
}

function timestamp(random: Random, fromYear: number, toYear: number): string {
  const start = Date.UTC(fromYear, 0, 1);
  const end = Date.UTC(toYear, 11, 31);
  return new Date(start + Math.floor(random.next() * (end - start))).toISOString();
}

const pad = (n: number) => String(n).padStart(2, '0');
