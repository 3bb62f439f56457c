/**
 * The unified domain model: what provider adapters return and resolvers read (the codegen mappers).
 *
 * A field that is `null` is one the cloud does not have for this object. A field that is `undefined` was not in
 * the answer the object came from (a list page holds less than a detail answer); resolvers complete it from the
 * detail loader. Adapters never leave a field `undefined` in a detail answer.
 */

// The model's own unions, so that it leans on nothing above it; each equals the schema's enum of the same name
// (meanings in schema/*.graphql), which resolvers/model-enums.ts checks at compile time.
export type ProviderName = 'ALIBABA' | 'HUAWEI';
export type LifecycleState =
  | 'AVAILABLE'
  | 'CREATING'
  | 'DELETED'
  | 'DELETING'
  | 'ERROR'
  | 'REBOOTING'
  | 'RECOVERING'
  | 'RUNNING'
  | 'STARTING'
  | 'STOPPED'
  | 'STOPPING'
  | 'UNKNOWN'
  | 'UPDATING';
export type DiskType = 'DATA' | 'SYSTEM';
export type HyperClusterType = 'ECS' | 'HPS';
export type TaskKind = 'CREATE_HYPER_CLUSTER' | 'DELETE_HYPER_CLUSTER' | 'OTHER' | 'REBOOT' | 'START' | 'STOP';
export type TaskState = 'FAILED' | 'PENDING' | 'RUNNING' | 'SUCCEEDED';

export type ResourceKind = 'hypercluster' | 'hypernode' | 'node' | 'disk' | 'task';

/** What every object carries: where it lives and who it is. */
export interface ResourceRef {
  /** Global ID `<provider>:<region>:<kind>:<nativeId>`. */
  id: string;
  provider: ProviderName;
  nativeId: string;
  region: string;
}

export interface NetworkInterfaceModel {
  name: string | null;
  ip: string | null;
  subnetId: string | null;
}

export interface DiskModel extends ResourceRef {
  sizeGiB: number;
  type: DiskType;
  category: string | null;
  performanceLevel: string | null;
}

export interface NodeModel extends ResourceRef {
  hostname?: string | null;
  name?: string | null;
  status?: string | null;
  state?: LifecycleState;
  machineType?: string | null;
  zoneId?: string | null;
  imageId?: string | null;
  imageName?: string | null;
  networks?: NetworkInterfaceModel[];
  userData?: string | null;
  disks?: DiskModel[];
  createdAt?: string | null;
  expiresAt?: string | null;
  /** Global ID of the hypernode the node belongs to; null for a standalone machine. */
  hyperNodeId?: string | null;
  /** Global ID of the cluster the node sits in; null when it sits in none. */
  clusterId?: string | null;
  /** Its latest unfinished task, when the object comes from a watcher that read it; otherwise read on demand. */
  task?: TaskModel | null;
}

export interface NodeGroupModel {
  id: string;
  name: string | null;
}

export interface HyperNodeModel extends ResourceRef {
  hostname?: string | null;
  name?: string | null;
  machineType?: string | null;
  zoneId?: string | null;
  hpnZone?: string | null;
  status?: string | null;
  state?: LifecycleState;
  nodeGroup?: NodeGroupModel | null;
  resourceGroupId?: string | null;
  fileSystemMountEnabled?: boolean | null;
  createdAt?: string | null;
  expiresAt?: string | null;
  /** Global ID of the cluster it sits in; null when it sits in none. */
  clusterId?: string | null;
  nodes?: NodeModel[];
}

export interface HyperClusterNetworkModel {
  subnetId: string | null;
  vpcId: string | null;
  isDefault: boolean | null;
}

export interface HyperClusterModel extends ResourceRef {
  name?: string | null;
  type?: HyperClusterType | null;
  clusterType?: string | null;
  status?: string | null;
  state?: LifecycleState | null;
  networks?: HyperClusterNetworkModel[];
  createdAt?: string | null;
}

/** One page of a provider's list, with the provider's own continuation (a token or an offset), null at the end. */
export interface Page<T> {
  items: T[];
  next: string | null;
}

export type NodeAction = 'reboot' | 'stop' | 'start';

/** One step of a task: an Alibaba task step, or on Huawei one server of the action. */
export interface TaskStepModel {
  name: string;
  state: TaskState;
  status: string | null;
  message: string | null;
  startedAt: string | null;
  updatedAt: string | null;
}

/** An operation and how far it got. */
export interface TaskModel extends ResourceRef {
  kind: TaskKind;
  state: TaskState;
  status: string | null;
  /** Global IDs of the nodes it acts on. */
  nodeIds: string[];
  steps: TaskStepModel[];
  message: string | null;
  createdAt: string | null;
  updatedAt: string | null;
  finishedAt: string | null;
}

export const isFinished = (state: TaskState): boolean => state === 'SUCCEEDED' || state === 'FAILED';

/** A node an operation could not act on. */
export interface NodeFailureModel {
  nodeId: string;
  code: string;
  message: string;
  providerCode: string | null;
  requestId: string | null;
}

/** What a node operation did; the payload's `nodes` are resolved fresh from `nodeIds`. */
export interface NodeOperationResult {
  nodeIds: string[];
  tasks: TaskModel[];
  failures: NodeFailureModel[];
  /** A dry run's calls, none made; absent otherwise. */
  plannedCalls?: PlannedCallModel[] | null;
}

/** A cloud call a dry run would make. */
export interface PlannedCallModel {
  provider: ProviderName;
  region: string;
  /** The cloud's API operation, e.g. `RebootNodes`. */
  operation: string;
  targetIds: string[];
  note: string | null;
}

/** A dry run of a node action in one region, told by the cloud's plan module from the input alone. */
export interface NodeActionPlan {
  calls: PlannedCallModel[];
  /** Nodes known to fail without asking the cloud (e.g. no start API). */
  failures: NodeFailureModel[];
}

/** What creating a hyper cluster asks of the cloud. */
export interface NewHyperCluster {
  name: string;
  subnetId: string | null;
  type: HyperClusterType | null;
}
