/**
 * Huawei answers -> the unified model. Quirks stop here: snake_case, epoch-millisecond times, ROOT|DATA volumes,
 * private IPs in `endpoints[].uri`, the supernode named in `server_hps`, and hyper cluster types that are a
 * query parameter rather than a field.
 */
import { globalId } from '../../ids.js';
import type { DiskModel, HyperClusterModel, HyperNodeModel, NetworkInterfaceModel, NodeModel } from '../../model.js';
import { isoFromEpochMs } from '../../time.js';
import { huaweiServerState, huaweiSupernodeState } from './states.js';
import type { HyperClusterKind, WireHyperCluster, WireHyperinstance, WireServer, WireVolume } from './wire.js';

const id = (region: string, kind: 'hypercluster' | 'hypernode' | 'node' | 'disk', nativeId: string) =>
  globalId('HUAWEI', region, kind, nativeId);

const orNull = <T>(value: T | undefined): T | null => (value === undefined || value === '' ? null : value);

function disk(region: string, serverId: string, wire: WireVolume, index: number): DiskModel {
  const nativeId = wire.evs_id || `${serverId}.volume${index}`;
  return {
    id: id(region, 'disk', nativeId),
    provider: 'HUAWEI',
    nativeId,
    region,
    sizeGiB: wire.size ?? 0,
    type: wire.type?.toUpperCase() === 'ROOT' ? 'SYSTEM' : 'DATA',
    category: orNull(wire.evs_type),
    performanceLevel: null,
  };
}

/** One interface per private IP the server's endpoints name, on the server's subnet. */
function networks(wire: WireServer): NetworkInterfaceModel[] {
  const subnetId = orNull(wire.subnet_id);
  const ips = [...new Set((wire.endpoints ?? []).map((e) => e.uri).filter((uri): uri is string => Boolean(uri)))];
  if (ips.length === 0) return subnetId ? [{ name: null, ip: null, subnetId }] : [];
  return ips.map((ip) => ({ name: null, ip, subnetId }));
}

/** A dev server, from its show answer, a list page or a supernode's `servers`: all carry the whole server. */
export function nodeFromServer(region: string, wire: WireServer, inSupernode?: WireHyperinstance): NodeModel {
  const status = orNull(wire.status);
  const supernode = inSupernode?.id ?? orNull(wire.server_hps?.id);
  // A server's own answer does not name its hyper cluster; its supernode's does.
  const clusterId = inSupernode ? (inSupernode.hps_cluster_id ? id(region, 'hypercluster', inSupernode.hps_cluster_id) : null) : supernode ? undefined : null;
  return {
    id: id(region, 'node', wire.id),
    provider: 'HUAWEI',
    nativeId: wire.id,
    region,
    hostname: null,
    name: orNull(wire.name),
    status,
    state: huaweiServerState(status),
    machineType: orNull(wire.flavor),
    zoneId: null,
    imageId: orNull(wire.image?.image_id),
    imageName: orNull(wire.image?.name),
    networks: networks(wire),
    userData: null,
    disks: (wire.volumes ?? []).map((v, i) => disk(region, wire.id, v, i)),
    createdAt: isoFromEpochMs(wire.create_at),
    expiresAt: null,
    hyperNodeId: supernode ? id(region, 'hypernode', supernode) : null,
    clusterId,
  };
}

/** A supernode with its servers; its machine type is the flavor its servers share, when they share one. */
export function hyperNodeFromSupernode(region: string, wire: WireHyperinstance): HyperNodeModel {
  const status = orNull(wire.status);
  const nodes = (wire.servers ?? []).map((server) => nodeFromServer(region, server, wire));
  const flavors = new Set(nodes.map((n) => n.machineType).filter(Boolean));
  return {
    id: id(region, 'hypernode', wire.id),
    provider: 'HUAWEI',
    nativeId: wire.id,
    region,
    hostname: null,
    name: orNull(wire.name),
    machineType: flavors.size === 1 ? [...flavors][0]! : null,
    zoneId: null,
    hpnZone: null,
    status,
    state: huaweiSupernodeState(status),
    nodeGroup: null,
    resourceGroupId: null,
    fileSystemMountEnabled: null,
    createdAt: isoFromEpochMs(wire.create_at),
    expiresAt: null,
    clusterId: wire.hps_cluster_id ? id(region, 'hypercluster', wire.hps_cluster_id) : null,
    nodes,
  };
}

/** A hyper cluster; its type is the `type` it was listed or shown with. */
export function clusterFromHyperCluster(region: string, wire: WireHyperCluster, type: HyperClusterKind): HyperClusterModel {
  return {
    id: id(region, 'hypercluster', wire.id),
    provider: 'HUAWEI',
    nativeId: wire.id,
    region,
    name: orNull(wire.name),
    type,
    clusterType: type,
    status: null,
    state: null,
    networks: (wire.network_info ?? []).map((n) => ({
      subnetId: orNull(n.hyper_cluster_subnet_id),
      vpcId: null,
      isDefault: n.is_default ?? null,
    })),
    createdAt: null,
  };
}
