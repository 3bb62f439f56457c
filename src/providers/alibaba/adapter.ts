/**
 * Alibaba answers -> the unified model. Every quirk stops here: PascalCase names, `ExpireTime` vs `ExpiredTime`,
 * `Networks` as an object in hypernode answers and an array elsewhere, zone-less times, the deprecated `Status`.
 */
import { globalId } from '../../ids.js';
import type {
  DiskModel,
  HyperClusterModel,
  HyperClusterNetworkModel,
  HyperNodeModel,
  NetworkInterfaceModel,
  NodeModel,
} from '../../model.js';
import { isoFromCloudString } from '../../time.js';
import { alibabaClusterState, alibabaNodeState } from './states.js';
import type {
  WireCluster,
  WireDisk,
  WireHyperNode,
  WireHyperNodeNode,
  WireHyperNodeSummary,
  WireNetwork,
  WireNode,
} from './wire.js';

const id = (region: string, kind: 'hypercluster' | 'hypernode' | 'node' | 'disk', nativeId: string) =>
  globalId('ALIBABA', region, kind, nativeId);

const orNull = <T>(value: T | undefined): T | null => (value === undefined || value === '' ? null : value);

/** OperatingState is current; the deprecated Status is all GetHyperNode answers carry. */
const rawStatus = (wire: { OperatingState?: string; Status?: string }): string | null =>
  orNull(wire.OperatingState) ?? orNull(wire.Status);

function disk(region: string, nodeNativeId: string, wire: WireDisk, index: number): DiskModel {
  const nativeId = wire.DiskId || `${nodeNativeId}.disk${index}`;
  return {
    id: id(region, 'disk', nativeId),
    provider: 'ALIBABA',
    nativeId,
    region,
    sizeGiB: wire.Size ?? 0,
    type: wire.Type?.toLowerCase() === 'system' ? 'SYSTEM' : 'DATA',
    category: orNull(wire.Category),
    performanceLevel: orNull(wire.PerformanceLevel),
  };
}

function network(wire: WireNetwork): NetworkInterfaceModel {
  return { name: orNull(wire.BondName), ip: orNull(wire.Ip), subnetId: orNull(wire.SubnetId) ?? orNull(wire.VSwitchId) };
}

/**
 * A hypernode summary: a ListHyperNodes / ListClusterHyperNodes item. Nodes and mount support are not in it. Its
 * cluster is `listedClusterNativeId` when it came from a cluster's list, else the one it names.
 */
export function hyperNodeFromSummary(region: string, wire: WireHyperNodeSummary, listedClusterNativeId?: string): HyperNodeModel {
  const status = rawStatus(wire);
  const clusterNativeId = listedClusterNativeId || wire.ClusterId;
  return {
    id: id(region, 'hypernode', wire.HyperNodeId),
    provider: 'ALIBABA',
    nativeId: wire.HyperNodeId,
    region,
    hostname: orNull(wire.Hostname),
    name: null,
    machineType: orNull(wire.MachineType),
    zoneId: orNull(wire.ZoneId),
    hpnZone: orNull(wire.HpnZone),
    status,
    state: alibabaNodeState(status),
    nodeGroup: wire.NodeGroupId ? { id: wire.NodeGroupId, name: orNull(wire.NodeGroupName) } : null,
    resourceGroupId: orNull(wire.ResourceGroupId),
    fileSystemMountEnabled: wire.FileSystemMountEnabled,
    createdAt: isoFromCloudString(wire.CreateTime),
    expiresAt: isoFromCloudString(wire.ExpireTime),
    clusterId: clusterNativeId ? id(region, 'hypercluster', clusterNativeId) : null,
  };
}

/** A DescribeHyperNode / GetHyperNode answer: the hypernode with its nodes and their disks. */
export function hyperNodeFromDetail(region: string, wire: WireHyperNode): HyperNodeModel {
  const hyperNode = hyperNodeFromSummary(region, wire);
  hyperNode.fileSystemMountEnabled = wire.FileSystemMountEnabled ?? null;
  hyperNode.nodes = (wire.Nodes ?? []).map((node) => nodeFromHyperNode(region, hyperNode, node));
  return hyperNode;
}

// Each node mapper of a hot path is one object literal holding every field it fills: on Node 20 (V8 11.3) an object
// literal that spreads another and adds fields is about a hundred times slower and four times larger, and fields
// assigned after the literal go to a second store that grows as they come. A page of a cluster's nodes is mapped
// for every request that lists them.

/**
 * A node as a hypernode answer holds it. It lacks the machine type, zone and times, which only DescribeNode and
 * the node lists carry; those stay undefined so that asking for them fetches the node.
 */
function nodeFromHyperNode(region: string, hyperNode: HyperNodeModel, wire: WireHyperNodeNode): NodeModel {
  const status = rawStatus(wire);
  return {
    id: id(region, 'node', wire.NodeId),
    provider: 'ALIBABA',
    nativeId: wire.NodeId,
    region,
    hostname: orNull(wire.Hostname),
    name: null,
    status,
    state: alibabaNodeState(status),
    imageId: orNull(wire.ImageId),
    imageName: orNull(wire.ImageName),
    networks: wire.Networks ? [network(wire.Networks)] : [],
    userData: orNull(wire.UserData),
    disks: (wire.Disks ?? []).map((d, i) => disk(region, wire.NodeId, d, i)),
    hyperNodeId: hyperNode.id,
    clusterId: hyperNode.clusterId,
  };
}

/**
 * A ListClusterNodes item: everything but disks and user data. Its cluster is `listedClusterNativeId` when it came
 * from a cluster's list, else the one it names.
 */
export function nodeFromListItem(region: string, wire: WireNode, listedClusterNativeId?: string): NodeModel {
  const clusterNativeId = listedClusterNativeId || wire.ClusterId;
  const status = rawStatus(wire);
  return {
    id: id(region, 'node', wire.NodeId),
    provider: 'ALIBABA',
    nativeId: wire.NodeId,
    region,
    hostname: orNull(wire.Hostname),
    name: null,
    status,
    state: alibabaNodeState(status),
    imageId: orNull(wire.ImageId),
    imageName: orNull(wire.ImageName),
    machineType: orNull(wire.MachineType),
    zoneId: orNull(wire.ZoneId),
    networks: (wire.Networks ?? []).map(network),
    createdAt: isoFromCloudString(wire.CreateTime),
    expiresAt: isoFromCloudString(wire.ExpiredTime),
    hyperNodeId: wire.HyperNodeId ? id(region, 'hypernode', wire.HyperNodeId) : null,
    clusterId: clusterNativeId ? id(region, 'hypercluster', clusterNativeId) : null,
  };
}

/** A DescribeNode answer: the whole node. */
export function nodeFromDetail(region: string, wire: WireNode): NodeModel {
  const node = nodeFromListItem(region, wire);
  node.userData = orNull(wire.UserData);
  node.disks = (wire.Disks ?? []).map((d, i) => disk(region, wire.NodeId, d, i));
  return node;
}

function clusterNetworks(wire: WireCluster): HyperClusterNetworkModel[] {
  const vpcId = orNull(wire.VpcId) ?? orNull(wire.Networks?.VpdId);
  const subnetId = orNull(wire.VSwitchId);
  return vpcId === null && subnetId === null ? [] : [{ subnetId, vpcId, isDefault: null }];
}

/** A ListClusters item: networks are only in DescribeCluster answers. */
export function clusterFromListItem(region: string, wire: WireCluster): HyperClusterModel {
  const status = orNull(wire.OperatingState);
  return {
    id: id(region, 'hypercluster', wire.ClusterId),
    provider: 'ALIBABA',
    nativeId: wire.ClusterId,
    region,
    name: orNull(wire.ClusterName),
    type: null,
    clusterType: orNull(wire.ClusterType),
    status,
    state: alibabaClusterState(status),
    networks: undefined,
    createdAt: isoFromCloudString(wire.CreateTime),
  };
}

export function clusterFromDetail(region: string, wire: WireCluster): HyperClusterModel {
  const cluster = clusterFromListItem(region, wire);
  cluster.networks = clusterNetworks(wire);
  return cluster;
}
