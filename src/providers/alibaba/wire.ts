/** The eflo-controller API's JSON, as the cloud spells it (version 2022-12-15). Only the adapter reads these. */

export interface WireDisk {
  DiskId?: string;
  Category?: string;
  PerformanceLevel?: string;
  Size?: number;
  Type?: string;
}

export interface WireNetwork {
  BondName?: string;
  Ip?: string;
  SubnetId?: string;
  VSwitchId?: string;
  VpdId?: string;
  SecurityGroupId?: string;
}

/** A node inside a DescribeHyperNode / GetHyperNode answer; `Networks` is one object here. */
export interface WireHyperNodeNode {
  NodeId: string;
  Hostname?: string;
  ImageId?: string;
  ImageName?: string;
  OperatingState?: string;
  Status?: string;
  UserData?: string;
  Networks?: WireNetwork;
  Disks?: WireDisk[];
}

/** Shape B: a ListHyperNodes / ListClusterHyperNodes item. */
export interface WireHyperNodeSummary {
  HyperNodeId: string;
  ClusterId?: string;
  ClusterName?: string;
  CommodityCode?: string;
  CreateTime?: string;
  ExpireTime?: string;
  Hostname?: string;
  HpnZone?: string;
  MachineType?: string;
  NodeGroupId?: string;
  NodeGroupName?: string;
  OperatingState?: string;
  Status?: string;
  ResourceGroupId?: string;
  TaskId?: string;
  ZoneId?: string;
  FileSystemMountEnabled?: boolean;
  Tags?: Array<{ Key?: string; Value?: string }>;
}

/** Shape A: DescribeHyperNode (GetHyperNode has no OperatingState). */
export interface WireHyperNode extends WireHyperNodeSummary {
  RequestId?: string;
  Nodes?: WireHyperNodeNode[];
}

/** Shape C: DescribeNode; `Networks` is an array here and the expiry is spelt `ExpiredTime`. */
export interface WireNode {
  RequestId?: string;
  NodeId: string;
  HyperNodeId?: string;
  ClusterId?: string;
  ClusterName?: string;
  NodeGroupId?: string;
  NodeGroupName?: string;
  NodeType?: string;
  OperatingState?: string;
  Status?: string;
  Hostname?: string;
  Sn?: string;
  MachineType?: string;
  ZoneId?: string;
  HpnZone?: string;
  ImageId?: string;
  ImageName?: string;
  ResourceGroupId?: string;
  CreateTime?: string;
  ExpiredTime?: string;
  FileSystemMountEnabled?: boolean;
  UserData?: string;
  Disks?: WireDisk[];
  Networks?: WireNetwork[];
  VpcId?: string;
  VSwitchId?: string;
  CommodityCode?: string;
  TaskId?: string;
}

export interface WireCluster {
  RequestId?: string;
  ClusterId: string;
  ClusterName?: string;
  ClusterType?: string;
  ClusterDescription?: string;
  CreateTime?: string;
  UpdateTime?: string;
  HpnZone?: string;
  NodeCount?: number;
  NodeGroupCount?: number;
  OperatingState?: string;
  ResourceGroupId?: string;
  VpcId?: string;
  VSwitchId?: string;
  SecurityGroupId?: string;
  Networks?: { VpdId?: string };
  Components?: Array<{ ComponentId?: string; ComponentType?: string }>;
}

export interface WireListHyperNodes {
  RequestId?: string;
  NextToken?: string;
  MaxResults?: number;
  HyperNodes?: WireHyperNodeSummary[];
}

export interface WireListClusterNodes {
  RequestId?: string;
  NextToken?: string;
  Nodes?: WireNode[];
}

export interface WireListClusters {
  RequestId?: string;
  NextToken?: string;
  Clusters?: WireCluster[];
}

/** The error body of every failed call. */
export interface WireError {
  RequestId?: string;
  HostId?: string;
  Code?: string;
  Message?: string;
  Recommend?: string;
}

export const API_VERSION = '2022-12-15';

/** A sub-task of a DescribeTask step. */
export interface WireSubTask {
  TaskId?: string;
  TaskState?: string;
  TaskType?: string;
  Message?: string;
  CreateTime?: string;
  UpdateTime?: string;
}

export interface WireTaskStep {
  StepName?: string;
  StepState?: string;
  StepType?: string;
  StageTag?: string;
  StartTime?: string;
  UpdateTime?: string;
  Message?: string;
  SubTasks?: WireSubTask[];
}

/** DescribeTask. */
export interface WireTask {
  RequestId?: string;
  TaskState?: string;
  TaskType?: string;
  NodeIds?: string[];
  ClusterId?: string;
  ClusterName?: string;
  Message?: string;
  CreateTime?: string;
  UpdateTime?: string;
  Steps?: WireTaskStep[];
}
