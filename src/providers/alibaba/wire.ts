/**
 * The eflo-controller API's JSON, as the cloud spells it (version 2022-12-15): one zod schema per answer, with its
 * TypeScript type inferred from it. The client checks every answer against its schema; only the adapter reads them.
 */
import { z } from 'zod';
import { count, flag, list, nativeId, nativeRef, optional, text } from '../wire-schema.js';

/** The largest page the lists give (MaxResults above 100 means 100). */
export const MAX_PAGE = 100;
/** Bound of the lists inside one object (nodes of a hypernode, disks and networks of a node, tags). */
const MAX_INNER = 1_000;

export const WireDisk = z.object({
  DiskId: nativeRef,
  Category: text,
  PerformanceLevel: text,
  Size: count,
  Type: text,
});
export type WireDisk = z.infer<typeof WireDisk>;

export const WireNetwork = z.object({
  BondName: text,
  Ip: text,
  SubnetId: text,
  VSwitchId: text,
  VpdId: text,
  SecurityGroupId: text,
});
export type WireNetwork = z.infer<typeof WireNetwork>;

const WireTags = list(z.object({ Key: text, Value: text }), MAX_INNER);

/** A node inside a DescribeHyperNode / GetHyperNode answer; `Networks` is one object here. */
export const WireHyperNodeNode = z.object({
  NodeId: nativeId,
  Hostname: text,
  ImageId: text,
  ImageName: text,
  OperatingState: text,
  Status: text,
  UserData: text,
  Networks: optional(WireNetwork),
  Disks: list(WireDisk, MAX_INNER),
});
export type WireHyperNodeNode = z.infer<typeof WireHyperNodeNode>;

/** Shape B: a ListHyperNodes / ListClusterHyperNodes item. */
export const WireHyperNodeSummary = z.object({
  HyperNodeId: nativeId,
  ClusterId: nativeRef,
  ClusterName: text,
  CommodityCode: text,
  CreateTime: text,
  ExpireTime: text,
  Hostname: text,
  HpnZone: text,
  MachineType: text,
  NodeGroupId: text,
  NodeGroupName: text,
  OperatingState: text,
  Status: text,
  ResourceGroupId: text,
  TaskId: text,
  ZoneId: text,
  FileSystemMountEnabled: flag,
  Tags: WireTags,
});
export type WireHyperNodeSummary = z.infer<typeof WireHyperNodeSummary>;

/** Shape A: DescribeHyperNode (GetHyperNode has no OperatingState). */
export const WireHyperNode = WireHyperNodeSummary.extend({
  RequestId: text,
  Nodes: list(WireHyperNodeNode, MAX_INNER),
});
export type WireHyperNode = z.infer<typeof WireHyperNode>;

/** Shape C: DescribeNode; `Networks` is an array here and the expiry is spelt `ExpiredTime`. */
export const WireNode = z.object({
  RequestId: text,
  NodeId: nativeId,
  HyperNodeId: nativeRef,
  ClusterId: nativeRef,
  ClusterName: text,
  NodeGroupId: text,
  NodeGroupName: text,
  NodeType: text,
  OperatingState: text,
  Status: text,
  Hostname: text,
  Sn: text,
  MachineType: text,
  ZoneId: text,
  HpnZone: text,
  ImageId: text,
  ImageName: text,
  ResourceGroupId: text,
  CreateTime: text,
  ExpiredTime: text,
  FileSystemMountEnabled: flag,
  UserData: text,
  Disks: list(WireDisk, MAX_INNER),
  Networks: list(WireNetwork, MAX_INNER),
  VpcId: text,
  VSwitchId: text,
  CommodityCode: text,
  TaskId: text,
});
export type WireNode = z.infer<typeof WireNode>;

export const WireCluster = z.object({
  RequestId: text,
  ClusterId: nativeId,
  ClusterName: text,
  ClusterType: text,
  ClusterDescription: text,
  CreateTime: text,
  UpdateTime: text,
  HpnZone: text,
  NodeCount: count,
  NodeGroupCount: count,
  OperatingState: text,
  ResourceGroupId: text,
  VpcId: text,
  VSwitchId: text,
  SecurityGroupId: text,
  Networks: optional(z.object({ VpdId: text })),
  Components: list(z.object({ ComponentId: text, ComponentType: text }), MAX_INNER),
});
export type WireCluster = z.infer<typeof WireCluster>;

export const WireListHyperNodes = z.object({
  RequestId: text,
  NextToken: text,
  MaxResults: count,
  HyperNodes: list(WireHyperNodeSummary, MAX_PAGE),
});
export type WireListHyperNodes = z.infer<typeof WireListHyperNodes>;

export const WireListClusterNodes = z.object({
  RequestId: text,
  NextToken: text,
  Nodes: list(WireNode, MAX_PAGE),
});
export type WireListClusterNodes = z.infer<typeof WireListClusterNodes>;

export const WireListClusters = z.object({
  RequestId: text,
  NextToken: text,
  Clusters: list(WireCluster, MAX_PAGE),
});
export type WireListClusters = z.infer<typeof WireListClusters>;

/** RebootNodes, StopNodes and the other node tasks. */
export const WireTaskStarted = z.object({ RequestId: text, TaskId: text });
export type WireTaskStarted = z.infer<typeof WireTaskStarted>;

/** The error body of every failed call. Read field by field: a refusal is never refused for its shape. */
export interface WireError {
  RequestId?: unknown;
  HostId?: unknown;
  Code?: unknown;
  Message?: unknown;
  Recommend?: unknown;
}

export const API_VERSION = '2022-12-15';

/** A ListFreeNodes item: a node in no cluster. */
export const WireFreeNode = z.object({
  NodeId: nativeId,
  HyperNodeId: nativeRef,
  Sn: text,
  MachineType: text,
  OperatingState: text,
  ZoneId: text,
  HpnZone: text,
  ResourceGroupId: text,
  CommodityCode: text,
  CreateTime: text,
  ExpiredTime: text,
  Tags: WireTags,
});
export type WireFreeNode = z.infer<typeof WireFreeNode>;

export const WireListFreeNodes = z.object({
  RequestId: text,
  NextToken: text,
  Nodes: list(WireFreeNode, MAX_PAGE),
});
export type WireListFreeNodes = z.infer<typeof WireListFreeNodes>;

/** A sub-task of a DescribeTask step. */
export const WireSubTask = z.object({ TaskId: text, TaskState: text, TaskType: text, Message: text, CreateTime: text, UpdateTime: text });
export type WireSubTask = z.infer<typeof WireSubTask>;

export const WireTaskStep = z.object({
  StepName: text,
  StepState: text,
  StepType: text,
  StageTag: text,
  StartTime: text,
  UpdateTime: text,
  Message: text,
  SubTasks: list(WireSubTask, MAX_INNER),
});
export type WireTaskStep = z.infer<typeof WireTaskStep>;

/** DescribeTask. */
export const WireTask = z.object({
  RequestId: text,
  TaskState: text,
  TaskType: text,
  NodeIds: list(nativeId, MAX_INNER),
  ClusterId: nativeRef,
  ClusterName: text,
  Message: text,
  CreateTime: text,
  UpdateTime: text,
  Steps: list(WireTaskStep, MAX_INNER),
});
export type WireTask = z.infer<typeof WireTask>;
