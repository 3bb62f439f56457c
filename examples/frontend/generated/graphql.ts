/* eslint-disable */
/** Internal type. DO NOT USE DIRECTLY. */
type Exact<T extends { [key: string]: unknown }> = { [K in keyof T]: T[K] };
/** Internal type. DO NOT USE DIRECTLY. */
export type Incremental<T> = T | { [P in keyof T]?: P extends ' $fragmentName' | '__typename' ? T[P] : never };
import type { TypedDocumentNode as DocumentNode } from '@graphql-typed-document-node/core';
/** What a disk is for. */
export type DiskType =
  /** A data disk (Alibaba `data`, Huawei `DATA`). */
  | 'DATA'
  /** The boot disk (Alibaba `system`, Huawei `ROOT`). */
  | 'SYSTEM';

/** The kind of servers a Huawei hyper cluster holds. */
export type HyperClusterType =
  /** Elastic Cloud Servers (Huawei `ECS`). */
  | 'ECS'
  /** Supernode servers (Huawei `HPS`). */
  | 'HPS';

/**
 * One lifecycle vocabulary for both clouds, so a frontend can colour an object without knowing either cloud's
 * own status words. The cloud's raw value is always kept next to it in `status`.
 */
export type LifecycleState =
  /** Up and idle, not assigned to a cluster (Alibaba Unused). */
  | 'AVAILABLE'
  /** Being created or provisioned (Huawei CREATING, PROVISIONING). */
  | 'CREATING'
  /** Released or deleted (Huawei DELETED, TERMINATED). */
  | 'DELETED'
  /** Being released or deleted (Alibaba ReleaseLocking; Huawei DELETING, TERMINATING). */
  | 'DELETING'
  /** Failed; the raw `status` says how (Huawei ERROR and every *_FAILED value). */
  | 'ERROR'
  /** Being rebooted (Huawei REBOOTING). */
  | 'REBOOTING'
  /** Being repaired or replaced (Alibaba ClusterNodeRecovering, UnusedNodeRecovering, Replacing). */
  | 'RECOVERING'
  /** Up and in use (Alibaba Using, Huawei RUNNING, ACTIVE). */
  | 'RUNNING'
  /** Being started (Huawei STARTING). */
  | 'STARTING'
  /** Stopped (Alibaba ClusterNodeStopped, UnusedNodeStopped; Huawei STOPPED). */
  | 'STOPPED'
  /** Being stopped (Alibaba ClusterNodeStopping, UnusedNodeStopping; Huawei STOPPING). */
  | 'STOPPING'
  /** A raw status this gateway does not know yet; read `status`. */
  | 'UNKNOWN'
  /** An operation changes it: extending, cutting, re-imaging, an OS change (Alibaba Extending, Operating, Cutting, InProgress; Huawei REIMAGING, CHANGINGOS, REINSTALLINGOS). */
  | 'UPDATING';

/** What `nodeCounts` groups by. */
export type NodeDimension =
  /** The cluster the node sits in (null for nodes in none). */
  | 'HYPER_CLUSTER'
  /** The machine type or flavor. */
  | 'MACHINE_TYPE'
  /** The cloud. */
  | 'PROVIDER'
  /** The region. */
  | 'REGION'
  /** The lifecycle state. */
  | 'STATE';

/**
 * Which nodes `allNodes` and `nodeCounts` take. Every field narrows the set; fields combine with AND. A value that
 * cannot match (a region this gateway does not serve, a malformed or foreign ID, an empty state list) is refused as
 * `BAD_USER_INPUT` naming the field, before any cloud is called.
 */
export type NodeFilter = {
  /** Only the nodes of this cluster (global ID, kind `hypercluster`). */
  hyperClusterId?: string | number | null | undefined;
  /** Only the nodes of this hypernode (global ID, kind `hypernode`). */
  hyperNodeId?: string | number | null | undefined;
  /** Only this machine type or flavor (Alibaba `MachineType`, Huawei `flavor`), exactly. */
  machineType?: string | null | undefined;
  /** Only this cloud's nodes. */
  provider?: Provider | null | undefined;
  /** Only this region's nodes; it must be one this gateway serves. */
  region?: string | null | undefined;
  /** True: only nodes in no hypernode (Alibaba free nodes, Huawei servers in no supernode); false: only nodes in one. */
  standalone?: boolean | null | undefined;
  /** Only nodes in one of these lifecycle states (Alibaba filters them server-side with `OperatingStates`). */
  state?: Array<LifecycleState> | null | undefined;
  /** Only this availability zone (Alibaba `ZoneId`); Huawei nodes have none, so they never match. */
  zoneId?: string | null | undefined;
};

/** The cloud an object lives in. */
export type Provider =
  /** Alibaba Cloud Lingjun (eflo-controller API, version 2022-12-15). */
  | 'ALIBABA'
  /** Huawei Cloud ModelArts DevServer. */
  | 'HUAWEI';

/** What an operation does. */
export type TaskKind =
  /** Creates a hyper cluster. */
  | 'CREATE_HYPER_CLUSTER'
  /** Deletes a hyper cluster. */
  | 'DELETE_HYPER_CLUSTER'
  /** Any other operation of the cloud (e.g. Alibaba `reclone_node`, `extend_cluster`); read `status` and `steps`. */
  | 'OTHER'
  /** Reboots nodes (Alibaba `reboot_node`; Huawei dev-server reboot). */
  | 'REBOOT'
  /** Starts stopped nodes (Huawei dev-server start). */
  | 'START'
  /** Stops nodes (Alibaba StopNodes; Huawei dev-server stop). */
  | 'STOP';

/** Where an operation, or one step of it, stands: one vocabulary for both clouds. */
export type TaskState =
  /** Failed or timed out; `message` says why (Alibaba `execution_fail`; Huawei ERROR or a *_FAILED status). */
  | 'FAILED'
  /** Accepted, not started yet (Alibaba `waiting_to_run`). */
  | 'PENDING'
  /** Under way (Alibaba `running`; Huawei servers in REBOOTING, STOPPING or STARTING). */
  | 'RUNNING'
  /** Done (Alibaba `execution_success`; Huawei every server in the status the action leads to). */
  | 'SUCCEEDED';

export type FleetCountsQueryVariables = Exact<{
  filter?: NodeFilter | null | undefined;
  groupBy?: Array<NodeDimension> | NodeDimension;
}>;


export type FleetCountsQuery = { nodeCounts: Array<{ provider: Provider | null, region: string | null, state: LifecycleState | null, machineType: string | null, hyperClusterId: string | null, count: number, asOf: string }> };

export type FleetNodesPageQueryVariables = Exact<{
  filter?: NodeFilter | null | undefined;
  first?: number | null | undefined;
  after?: string | null | undefined;
}>;


export type FleetNodesPageQuery = { allNodes: { totalCount: number, asOf: string, pageInfo: { hasNextPage: boolean, endCursor: string | null }, nodes: Array<{ id: string, provider: Provider, region: string, name: string | null, hostname: string | null, status: string | null, state: LifecycleState, machineType: string | null, zoneId: string | null, hyperNode: { id: string, name: string | null, hostname: string | null } | null }> } };

export type HyperClusterWithSupernodesQueryVariables = Exact<{
  id: string | number;
  first?: number | null | undefined;
  after?: string | null | undefined;
}>;


export type HyperClusterWithSupernodesQuery = { hyperCluster: { id: string, provider: Provider, name: string | null, type: HyperClusterType | null, clusterType: string | null, networks: Array<{ subnetId: string | null, isDefault: boolean | null }>, hyperNodes: { pageInfo: { hasNextPage: boolean, endCursor: string | null }, nodes: Array<{ id: string, name: string | null, state: LifecycleState, nodes: Array<{ id: string, name: string | null, machineType: string | null }> }> } } | null };

export type HyperNodeWithNodesQueryVariables = Exact<{
  id: string | number;
}>;


export type HyperNodeWithNodesQuery = { hyperNode: { id: string, provider: Provider, region: string, hostname: string | null, name: string | null, machineType: string | null, state: LifecycleState, status: string | null, expiresAt: string | null, cluster: { id: string, name: string | null } | null, nodes: Array<{ id: string, hostname: string | null, name: string | null, state: LifecycleState, disks: Array<{ id: string, type: DiskType, sizeGiB: number }> }> } | null };

export type HyperNodesPageQueryVariables = Exact<{
  provider?: Provider | null | undefined;
  region?: string | null | undefined;
  first: number;
  after?: string | null | undefined;
}>;


export type HyperNodesPageQuery = { hyperNodes: { pageInfo: { hasNextPage: boolean, endCursor: string | null }, edges: Array<{ cursor: string, node: { id: string, provider: Provider, region: string, hostname: string | null, name: string | null, machineType: string | null, state: LifecycleState } }> } };

export type NodeWithDisksQueryVariables = Exact<{
  id: string | number;
}>;


export type NodeWithDisksQuery = { node: { id: string, provider: Provider, hostname: string | null, name: string | null, machineType: string | null, state: LifecycleState, imageName: string | null, networks: Array<{ ip: string | null, subnetId: string | null }>, disks: Array<{ id: string, type: DiskType, sizeGiB: number, category: string | null }>, hyperNode: { id: string } | null } | null };

export type RebootAndFollowMutationVariables = Exact<{
  ids: Array<string | number> | string | number;
}>;


export type RebootAndFollowMutation = { rebootNodes: { tasks: Array<{ id: string, kind: TaskKind, state: TaskState }>, failures: Array<{ nodeId: string, code: string, message: string }> } };

export type FollowTaskSubscriptionVariables = Exact<{
  id: string | number;
}>;


export type FollowTaskSubscription = { taskUpdated: { id: string, kind: TaskKind, state: TaskState, status: string | null, message: string | null, finishedAt: string | null, steps: Array<{ name: string, state: TaskState, message: string | null }>, nodes: Array<{ id: string, state: LifecycleState }> } };

export type WatchNodesSubscriptionVariables = Exact<{
  ids: Array<string | number> | string | number;
}>;


export type WatchNodesSubscription = { nodesChanged: { id: string, provider: Provider, status: string | null, state: LifecycleState, task: { id: string, kind: TaskKind, state: TaskState } | null } };


export const FleetCountsDocument = {"__meta__":{"hash":"sha256:5305f8109639513ae1b5114de5908a2b4c2bb24c97973f50e94123c016b46044"},"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"FleetCounts"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"filter"}},"type":{"kind":"NamedType","name":{"kind":"Name","value":"NodeFilter"}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"groupBy"}},"type":{"kind":"NonNullType","type":{"kind":"ListType","type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"NodeDimension"}}}}},"defaultValue":{"kind":"ListValue","values":[{"kind":"EnumValue","value":"PROVIDER"},{"kind":"EnumValue","value":"STATE"}]}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"nodeCounts"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"filter"},"value":{"kind":"Variable","name":{"kind":"Name","value":"filter"}}},{"kind":"Argument","name":{"kind":"Name","value":"groupBy"},"value":{"kind":"Variable","name":{"kind":"Name","value":"groupBy"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"provider"}},{"kind":"Field","name":{"kind":"Name","value":"region"}},{"kind":"Field","name":{"kind":"Name","value":"state"}},{"kind":"Field","name":{"kind":"Name","value":"machineType"}},{"kind":"Field","name":{"kind":"Name","value":"hyperClusterId"}},{"kind":"Field","name":{"kind":"Name","value":"count"}},{"kind":"Field","name":{"kind":"Name","value":"asOf"}}]}}]}}]} as unknown as DocumentNode<FleetCountsQuery, FleetCountsQueryVariables>;
export const FleetNodesPageDocument = {"__meta__":{"hash":"sha256:50689b9354759165a21cf8d694610b4ccb2ca33355d88866ef6e2c718bc1e585"},"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"FleetNodesPage"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"filter"}},"type":{"kind":"NamedType","name":{"kind":"Name","value":"NodeFilter"}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"first"}},"type":{"kind":"NamedType","name":{"kind":"Name","value":"Int"}},"defaultValue":{"kind":"IntValue","value":"50"}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"after"}},"type":{"kind":"NamedType","name":{"kind":"Name","value":"String"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"allNodes"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"filter"},"value":{"kind":"Variable","name":{"kind":"Name","value":"filter"}}},{"kind":"Argument","name":{"kind":"Name","value":"first"},"value":{"kind":"Variable","name":{"kind":"Name","value":"first"}}},{"kind":"Argument","name":{"kind":"Name","value":"after"},"value":{"kind":"Variable","name":{"kind":"Name","value":"after"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"totalCount"}},{"kind":"Field","name":{"kind":"Name","value":"asOf"}},{"kind":"Field","name":{"kind":"Name","value":"pageInfo"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"hasNextPage"}},{"kind":"Field","name":{"kind":"Name","value":"endCursor"}}]}},{"kind":"Field","name":{"kind":"Name","value":"nodes"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"provider"}},{"kind":"Field","name":{"kind":"Name","value":"region"}},{"kind":"Field","name":{"kind":"Name","value":"name"}},{"kind":"Field","name":{"kind":"Name","value":"hostname"}},{"kind":"Field","name":{"kind":"Name","value":"status"}},{"kind":"Field","name":{"kind":"Name","value":"state"}},{"kind":"Field","name":{"kind":"Name","value":"machineType"}},{"kind":"Field","name":{"kind":"Name","value":"zoneId"}},{"kind":"Field","name":{"kind":"Name","value":"hyperNode"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"name"}},{"kind":"Field","name":{"kind":"Name","value":"hostname"}}]}}]}}]}}]}}]} as unknown as DocumentNode<FleetNodesPageQuery, FleetNodesPageQueryVariables>;
export const HyperClusterWithSupernodesDocument = {"__meta__":{"hash":"sha256:5bd0ea0595c354dec22c856f789877e23774f1c5590ddcc288d6706dd12e81a4"},"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"HyperClusterWithSupernodes"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"id"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"ID"}}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"first"}},"type":{"kind":"NamedType","name":{"kind":"Name","value":"Int"}},"defaultValue":{"kind":"IntValue","value":"10"}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"after"}},"type":{"kind":"NamedType","name":{"kind":"Name","value":"String"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"hyperCluster"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"id"},"value":{"kind":"Variable","name":{"kind":"Name","value":"id"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"provider"}},{"kind":"Field","name":{"kind":"Name","value":"name"}},{"kind":"Field","name":{"kind":"Name","value":"type"}},{"kind":"Field","name":{"kind":"Name","value":"clusterType"}},{"kind":"Field","name":{"kind":"Name","value":"networks"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"subnetId"}},{"kind":"Field","name":{"kind":"Name","value":"isDefault"}}]}},{"kind":"Field","name":{"kind":"Name","value":"hyperNodes"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"first"},"value":{"kind":"Variable","name":{"kind":"Name","value":"first"}}},{"kind":"Argument","name":{"kind":"Name","value":"after"},"value":{"kind":"Variable","name":{"kind":"Name","value":"after"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"pageInfo"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"hasNextPage"}},{"kind":"Field","name":{"kind":"Name","value":"endCursor"}}]}},{"kind":"Field","name":{"kind":"Name","value":"nodes"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"name"}},{"kind":"Field","name":{"kind":"Name","value":"state"}},{"kind":"Field","name":{"kind":"Name","value":"nodes"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"name"}},{"kind":"Field","name":{"kind":"Name","value":"machineType"}}]}}]}}]}}]}}]}}]} as unknown as DocumentNode<HyperClusterWithSupernodesQuery, HyperClusterWithSupernodesQueryVariables>;
export const HyperNodeWithNodesDocument = {"__meta__":{"hash":"sha256:1d89059f0137be121cc0eb896653a189317782d3e07f558e7e2cb68b26587e7f"},"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"HyperNodeWithNodes"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"id"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"ID"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"hyperNode"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"id"},"value":{"kind":"Variable","name":{"kind":"Name","value":"id"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"provider"}},{"kind":"Field","name":{"kind":"Name","value":"region"}},{"kind":"Field","name":{"kind":"Name","value":"hostname"}},{"kind":"Field","name":{"kind":"Name","value":"name"}},{"kind":"Field","name":{"kind":"Name","value":"machineType"}},{"kind":"Field","name":{"kind":"Name","value":"state"}},{"kind":"Field","name":{"kind":"Name","value":"status"}},{"kind":"Field","name":{"kind":"Name","value":"expiresAt"}},{"kind":"Field","name":{"kind":"Name","value":"cluster"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"name"}}]}},{"kind":"Field","name":{"kind":"Name","value":"nodes"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"hostname"}},{"kind":"Field","name":{"kind":"Name","value":"name"}},{"kind":"Field","name":{"kind":"Name","value":"state"}},{"kind":"Field","name":{"kind":"Name","value":"disks"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"type"}},{"kind":"Field","name":{"kind":"Name","value":"sizeGiB"}}]}}]}}]}}]}}]} as unknown as DocumentNode<HyperNodeWithNodesQuery, HyperNodeWithNodesQueryVariables>;
export const HyperNodesPageDocument = {"__meta__":{"hash":"sha256:adac07058fcecac00e2fef4b7fab431501b75e4af6ed57ef17b1b9b56148fe9a"},"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"HyperNodesPage"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"provider"}},"type":{"kind":"NamedType","name":{"kind":"Name","value":"Provider"}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"region"}},"type":{"kind":"NamedType","name":{"kind":"Name","value":"String"}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"first"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"Int"}}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"after"}},"type":{"kind":"NamedType","name":{"kind":"Name","value":"String"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"hyperNodes"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"provider"},"value":{"kind":"Variable","name":{"kind":"Name","value":"provider"}}},{"kind":"Argument","name":{"kind":"Name","value":"region"},"value":{"kind":"Variable","name":{"kind":"Name","value":"region"}}},{"kind":"Argument","name":{"kind":"Name","value":"first"},"value":{"kind":"Variable","name":{"kind":"Name","value":"first"}}},{"kind":"Argument","name":{"kind":"Name","value":"after"},"value":{"kind":"Variable","name":{"kind":"Name","value":"after"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"pageInfo"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"hasNextPage"}},{"kind":"Field","name":{"kind":"Name","value":"endCursor"}}]}},{"kind":"Field","name":{"kind":"Name","value":"edges"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"cursor"}},{"kind":"Field","name":{"kind":"Name","value":"node"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"provider"}},{"kind":"Field","name":{"kind":"Name","value":"region"}},{"kind":"Field","name":{"kind":"Name","value":"hostname"}},{"kind":"Field","name":{"kind":"Name","value":"name"}},{"kind":"Field","name":{"kind":"Name","value":"machineType"}},{"kind":"Field","name":{"kind":"Name","value":"state"}}]}}]}}]}}]}}]} as unknown as DocumentNode<HyperNodesPageQuery, HyperNodesPageQueryVariables>;
export const NodeWithDisksDocument = {"__meta__":{"hash":"sha256:ac95bf4af2c3e0c5816036b862628b987c0f82b6eecaa99ee88039bf376a8ed6"},"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"NodeWithDisks"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"id"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"ID"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"node"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"id"},"value":{"kind":"Variable","name":{"kind":"Name","value":"id"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"provider"}},{"kind":"Field","name":{"kind":"Name","value":"hostname"}},{"kind":"Field","name":{"kind":"Name","value":"name"}},{"kind":"Field","name":{"kind":"Name","value":"machineType"}},{"kind":"Field","name":{"kind":"Name","value":"state"}},{"kind":"Field","name":{"kind":"Name","value":"imageName"}},{"kind":"Field","name":{"kind":"Name","value":"networks"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"ip"}},{"kind":"Field","name":{"kind":"Name","value":"subnetId"}}]}},{"kind":"Field","name":{"kind":"Name","value":"disks"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"type"}},{"kind":"Field","name":{"kind":"Name","value":"sizeGiB"}},{"kind":"Field","name":{"kind":"Name","value":"category"}}]}},{"kind":"Field","name":{"kind":"Name","value":"hyperNode"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}}]}}]}}]}}]} as unknown as DocumentNode<NodeWithDisksQuery, NodeWithDisksQueryVariables>;
export const RebootAndFollowDocument = {"__meta__":{"hash":"sha256:2b9595acc14e26c6f57b75f97f27dc6add068fdfb37d1cf00eaf333db18a0ac5"},"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"mutation","name":{"kind":"Name","value":"RebootAndFollow"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"ids"}},"type":{"kind":"NonNullType","type":{"kind":"ListType","type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"ID"}}}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"rebootNodes"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"input"},"value":{"kind":"ObjectValue","fields":[{"kind":"ObjectField","name":{"kind":"Name","value":"ids"},"value":{"kind":"Variable","name":{"kind":"Name","value":"ids"}}}]}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"tasks"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"kind"}},{"kind":"Field","name":{"kind":"Name","value":"state"}}]}},{"kind":"Field","name":{"kind":"Name","value":"failures"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"nodeId"}},{"kind":"Field","name":{"kind":"Name","value":"code"}},{"kind":"Field","name":{"kind":"Name","value":"message"}}]}}]}}]}}]} as unknown as DocumentNode<RebootAndFollowMutation, RebootAndFollowMutationVariables>;
export const FollowTaskDocument = {"__meta__":{"hash":"sha256:52b668e3f03d4040f81e8d97640c842a5fe17839e43166fc06e956659e7ed59e"},"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"subscription","name":{"kind":"Name","value":"FollowTask"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"id"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"ID"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"taskUpdated"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"id"},"value":{"kind":"Variable","name":{"kind":"Name","value":"id"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"kind"}},{"kind":"Field","name":{"kind":"Name","value":"state"}},{"kind":"Field","name":{"kind":"Name","value":"status"}},{"kind":"Field","name":{"kind":"Name","value":"message"}},{"kind":"Field","name":{"kind":"Name","value":"steps"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"name"}},{"kind":"Field","name":{"kind":"Name","value":"state"}},{"kind":"Field","name":{"kind":"Name","value":"message"}}]}},{"kind":"Field","name":{"kind":"Name","value":"nodes"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"state"}}]}},{"kind":"Field","name":{"kind":"Name","value":"finishedAt"}}]}}]}}]} as unknown as DocumentNode<FollowTaskSubscription, FollowTaskSubscriptionVariables>;
export const WatchNodesDocument = {"__meta__":{"hash":"sha256:eff24a91d2cff66fa31420672fbd5374bde2572a5f282e18fcf2cd703db41fff"},"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"subscription","name":{"kind":"Name","value":"WatchNodes"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"ids"}},"type":{"kind":"NonNullType","type":{"kind":"ListType","type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"ID"}}}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"nodesChanged"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"ids"},"value":{"kind":"Variable","name":{"kind":"Name","value":"ids"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"provider"}},{"kind":"Field","name":{"kind":"Name","value":"status"}},{"kind":"Field","name":{"kind":"Name","value":"state"}},{"kind":"Field","name":{"kind":"Name","value":"task"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"kind"}},{"kind":"Field","name":{"kind":"Name","value":"state"}}]}}]}}]}}]} as unknown as DocumentNode<WatchNodesSubscription, WatchNodesSubscriptionVariables>;