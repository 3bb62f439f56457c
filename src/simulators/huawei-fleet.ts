/**
 * A deterministic ModelArts DevServer fleet per region: hyper clusters of both types, supernodes (hyperinstances)
 * in the HPS clusters with their servers and volumes, and standalone dev servers. cn-north-4 holds the seed's
 * hyper cluster `test-hps--1107`.
 */
import type { HyperClusterKind, WireHyperCluster, WireHyperinstance, WireServer } from '../providers/huawei/wire.js';
import { Random } from './random.js';
import { HUAWEI_SEED } from './seed-ids.js';

export interface SimHyperCluster extends WireHyperCluster {
  type: HyperClusterKind;
}

export class HuaweiRegionFleet {
  readonly hyperClusters: SimHyperCluster[] = [];
  readonly supernodes: WireHyperinstance[] = [];
  /** Servers that belong to no supernode. */
  readonly standaloneServers: WireServer[] = [];
  readonly serverById = new Map<string, WireServer>();
  readonly supernodeById = new Map<string, WireHyperinstance>();

  constructor(readonly projectId: string) {}

  addSupernode(supernode: WireHyperinstance): void {
    this.supernodes.push(supernode);
    this.supernodeById.set(supernode.id, supernode);
    for (const server of supernode.servers ?? []) this.serverById.set(server.id, server);
  }

  addStandalone(server: WireServer): void {
    this.standaloneServers.push(server);
    this.serverById.set(server.id, server);
  }

  /** Every dev server, supernode members first, in a stable order. */
  allServers(): WireServer[] {
    return [...this.supernodes.flatMap((s) => s.servers ?? []), ...this.standaloneServers];
  }
}

export interface HuaweiFleetOptions {
  seed?: number | string;
  regions?: readonly string[];
  /** Supernodes per region, each with 4 to 8 servers. */
  supernodesPerRegion?: number;
}

export const DEFAULT_HUAWEI_REGIONS = ['cn-north-4', 'cn-southwest-2'] as const;

const SUPERNODES_PER_CLUSTER = 4;
const FLAVORS = ['ma.hps.snt9b3.48xlarge', 'ma.hps.snt9b.48xlarge'];
const SERVER_STATES = ['RUNNING', 'RUNNING', 'RUNNING', 'RUNNING', 'RUNNING', 'STOPPED', 'CREATING', 'START_FAILED', 'REBOOTING'];
const SUPERNODE_STATES = ['ACTIVE', 'ACTIVE', 'ACTIVE', 'ACTIVE', 'PROVISIONING', 'ERROR'];

/** The project ID the simulator gives a region: 32 hex characters, like Huawei's. */
export function simulatedProjectId(seed: number | string, region: string): string {
  return new Random(`${seed}:huawei-project:${region}`).chars(32, '0123456789abcdef');
}

export function generateHuaweiFleet(options: HuaweiFleetOptions = {}): Map<string, HuaweiRegionFleet> {
  const seed = options.seed ?? 1;
  const fleet = new Map<string, HuaweiRegionFleet>();
  for (const region of options.regions ?? DEFAULT_HUAWEI_REGIONS) {
    const random = new Random(`${seed}:huawei:${region}`);
    fleet.set(region, generateRegion(random, region, simulatedProjectId(seed, region), options.supernodesPerRegion ?? 8));
  }
  return fleet;
}

function generateRegion(random: Random, region: string, projectId: string, supernodeCount: number): HuaweiRegionFleet {
  const fleet = new HuaweiRegionFleet(projectId);
  const vpcId = random.uuid();
  const hpsClusters = Math.max(1, Math.ceil(supernodeCount / SUPERNODES_PER_CLUSTER));
  for (let i = 0; i < hpsClusters; i++) {
    const seeded = region === HUAWEI_SEED.region && i === 0;
    fleet.hyperClusters.push({
      type: 'HPS',
      id: seeded ? HUAWEI_SEED.hyperClusterId : random.uuid(),
      name: seeded ? HUAWEI_SEED.name : `hps-${region}-${i}`,
      network_info: [{ hyper_cluster_subnet_id: seeded ? HUAWEI_SEED.subnetId : random.uuid(), is_default: true }],
    });
  }
  for (let i = 0; i < 2; i++) {
    fleet.hyperClusters.push({
      type: 'ECS',
      id: random.uuid(),
      name: `ecs-${region}-${i}`,
      network_info: [
        { hyper_cluster_subnet_id: random.uuid(), is_default: true },
        { hyper_cluster_subnet_id: random.uuid(), is_default: false },
      ],
    });
  }
  const hps = fleet.hyperClusters.filter((c) => c.type === 'HPS');
  const createdBase = Date.UTC(2025, 0, 1);
  for (let i = 0; i < supernodeCount; i++) {
    const cluster = hps[Math.floor(i / SUPERNODES_PER_CLUSTER) % hps.length]!;
    const subnetId = cluster.network_info![0]!.hyper_cluster_subnet_id!;
    const supernodeId = random.uuid();
    const name = `supernode-${region}-${String(i).padStart(3, '0')}`;
    const hpsId = random.uuid();
    const createdAt = createdBase + i * 3_600_000 + random.int(0, 3_599_999);
    const flavor = random.pick(FLAVORS);
    const servers: WireServer[] = [];
    const serverCount = random.int(4, 8);
    for (let s = 0; s < serverCount; s++) {
      servers.push(
        server(random, { name: `${name}-srv${s}`, flavor, vpcId, subnetId, createdAt, category: 'HPS', supernode: { id: supernodeId, name, hpsId } }),
      );
    }
    fleet.addSupernode({
      id: supernodeId,
      name,
      status: random.pick(SUPERNODE_STATES),
      hps_cluster_id: cluster.id,
      hps_id: hpsId,
      order_id: `CS${random.chars(18, '0123456789')}`,
      create_at: createdAt,
      update_at: createdAt + random.int(0, 86_400_000),
      servers,
    });
  }
  const ecsSubnet = fleet.hyperClusters.find((c) => c.type === 'ECS')!.network_info![0]!.hyper_cluster_subnet_id!;
  for (let i = 0; i < 6; i++) {
    fleet.addStandalone(
      server(random, {
        name: `devserver-${region}-${i}`,
        flavor: 'ma.ecs.c7.8xlarge',
        vpcId,
        subnetId: ecsSubnet,
        createdAt: createdBase + random.int(0, 300) * 86_400_000,
        category: 'SERVER',
      }),
    );
  }
  return fleet;
}

function server(
  random: Random,
  options: {
    name: string;
    flavor: string;
    vpcId: string;
    subnetId: string;
    createdAt: number;
    category: 'HPS' | 'SERVER';
    supernode?: { id: string; name: string; hpsId: string };
  },
): WireServer {
  const id = random.uuid();
  const volumes = [{ evs_id: random.uuid(), size: 150, type: 'ROOT', evs_type: 'SSD' }];
  if (random.next() < 0.7) volumes.push({ evs_id: random.uuid(), size: random.pick([1000, 2000, 4000]), type: 'DATA', evs_type: 'GPSSD' });
  return {
    id,
    name: options.name,
    flavor: options.flavor,
    status: random.pick(SERVER_STATES),
    create_at: options.createdAt,
    update_at: options.createdAt + random.int(0, 86_400_000),
    charging_mode: random.pick(['COMMON', 'PRE_PAID']),
    vpc_id: options.vpcId,
    subnet_id: options.subnetId,
    endpoints: [{ service: 'SSH', uri: `192.168.${random.int(0, 255)}.${random.int(2, 254)}`, dev_service: 'SSH' }],
    volumes,
    image: {
      image_id: random.uuid(),
      name: options.category === 'HPS' ? 'EulerOS-2.10-Arm-Ascend-CANN8.0' : 'Ubuntu-22.04-x86-CUDA12.4',
      arch: options.category === 'HPS' ? 'aarch64' : 'x86_64',
      server_type: options.category === 'HPS' ? 'HPS' : 'ECS',
    },
    category: options.category,
    cloud_server: { id: random.uuid(), type: options.category === 'HPS' ? 'HPS' : 'ECS', ...(options.supernode ? { hps_id: options.supernode.hpsId } : {}) },
    ...(options.supernode ? { server_hps: { id: options.supernode.id, name: options.supernode.name } } : {}),
  };
}
