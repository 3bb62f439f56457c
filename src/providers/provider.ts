/**
 * The interface both clouds implement. Everything here speaks the unified model; no cloud's field names,
 * URLs or signatures cross it.
 */
import { GatewayError, isOutcomeUnknown, UpstreamError } from '../errors.js';
import type {
  HyperClusterModel,
  HyperNodeModel,
  NewHyperCluster,
  NodeAction,
  NodeFailureModel,
  NodeModel,
  Page,
  ProviderName,
  TaskModel,
} from '../model.js';
import type { TaskRecord } from '../tasks/store.js';
import type { CallOptions } from './call-options.js';
import type { WalkFilter } from './walk.js';

export type { CallOptions };

/** Where a list read starts: the provider's own continuation (null for the start) and how many items are wanted. */
export interface PageRequest {
  token: string | null;
  limit: number;
}

/** A hypernode whose nodes are wanted, with the cluster it sits in when the request already knows it. */
export interface HyperNodeRef {
  nativeId: string;
  clusterNativeId: string | null;
}

/**
 * What a read of nodes must carry beyond what a cloud's node lists hold (a list item has every other node field).
 * The layer above says what it needs in these terms; a provider picks the calls that serve it.
 */
export interface NodeNeeds {
  disks?: boolean;
  userData?: boolean;
}

/**
 * Answers of a read of several objects by native ID: an ID the cloud does not know is absent; an ID whose own read
 * failed holds its Error, and the others keep their answers.
 */
export type ById<T> = Map<string, T | Error>;

export interface CloudProvider {
  readonly name: ProviderName;
  /** The regions this gateway serves for the cloud, in the order lists walk them. */
  readonly regions: readonly string[];

  /** A hypernode with its nodes and their disks; null when the cloud has none by that ID. */
  getHyperNode(region: string, nativeId: string, options: CallOptions): Promise<HyperNodeModel | null>;
  /** Several hypernodes in as few calls as the cloud allows; nodes may be left out. */
  getHyperNodes(region: string, nativeIds: readonly string[], options: CallOptions): Promise<ById<HyperNodeModel>>;
  /**
   * The nodes of several hypernodes in the fewest calls the cloud allows for what is needed of them. Each answer holds
   * at least `nodes`; it may be the whole hypernode.
   */
  getHyperNodeNodes(
    region: string,
    hyperNodes: readonly HyperNodeRef[],
    needs: NodeNeeds,
    options: CallOptions,
  ): Promise<ById<HyperNodeModel>>;
  /** A page of the region's hypernodes; the cloud applies what it can of `filter`, the caller filters the rest. */
  listHyperNodes(region: string, page: PageRequest, options: CallOptions, filter?: WalkFilter): Promise<Page<HyperNodeModel>>;
  listClusterHyperNodes(
    region: string,
    clusterNativeId: string,
    page: PageRequest,
    options: CallOptions,
  ): Promise<Page<HyperNodeModel>>;

  /** A node with its disks; null when the cloud has none by that ID. */
  getNode(region: string, nativeId: string, options: CallOptions): Promise<NodeModel | null>;
  /** Several nodes with their disks, in as few calls as the cloud allows. */
  getNodes(region: string, nativeIds: readonly string[], options: CallOptions): Promise<ById<NodeModel>>;
  listClusterNodes(region: string, clusterNativeId: string, page: PageRequest, options: CallOptions): Promise<Page<NodeModel>>;

  /**
   * Every node of the region (in clusters and hypernodes or not) in the fewest calls the cloud allows, as list
   * items: fields the lists lack stay undefined. The cloud applies what it can of `filter`; the caller filters again.
   */
  walkNodes(region: string, filter: WalkFilter, options: CallOptions): Promise<NodeModel[]>;
  /** Every hypernode of the region, as list items, filtered by the cloud where it can. */
  walkHyperNodes(region: string, filter: WalkFilter, options: CallOptions): Promise<HyperNodeModel[]>;

  getHyperCluster(region: string, nativeId: string, options: CallOptions): Promise<HyperClusterModel | null>;
  listHyperClusters(region: string, page: PageRequest, options: CallOptions): Promise<Page<HyperClusterModel>>;

  /** The hyper cluster named `name` (names are unique per region), or null; how a create of unknown outcome is reconciled. */
  findHyperClusterByName(region: string, name: string, options: CallOptions): Promise<HyperClusterModel | null>;
  /** What the cloud would refuse in `spec`, every problem at once, found with no call (before a create or a dry run). */
  validateCreate(spec: NewHyperCluster): InputProblem[];
  /** Creates a hyper cluster; UNSUPPORTED_BY_PROVIDER, with no call, where the cloud cannot through this API. */
  createHyperCluster(region: string, spec: NewHyperCluster, options: CallOptions): Promise<HyperClusterModel>;
  /** Deletes a hyper cluster; false when the cloud has none by that ID. */
  deleteHyperCluster(region: string, nativeId: string, options: CallOptions): Promise<boolean>;
  /**
   * Starts `action` on nodes of one region, in the fewest calls the cloud takes. `lookup` gives node details
   * (from what the request holds, or the cloud) where the cloud needs them, e.g. the cluster of each node.
   * A node that could not be acted on is a failure of its own; the others go ahead.
   */
  actOnNodes(action: NodeAction, region: string, nativeIds: readonly string[], lookup: NodeLookup, options: CallOptions): Promise<NodeActionOutcome>;
  /**
   * Where a task stands now: Alibaba asks DescribeTask; Huawei, whose server actions have no task, derives it from
   * the `record` the gateway kept and the servers' statuses that `lookup` reads. Null when the cloud does not know
   * the task (or, on Huawei, there is no record of it).
   */
  getTask(region: string, nativeId: string, record: TaskRecord | null, lookup: NodeLookup, options: CallOptions): Promise<TaskModel | null>;
  /**
   * The current status of several nodes whose clusters are known from an earlier read, in the fewest calls the cloud
   * allows (watchers read this every interval). Answers hold at least status and state; unknown IDs are absent.
   */
  watchNodes(region: string, nodes: readonly NodeRef[], options: CallOptions): Promise<ById<NodeModel>>;
}

/** A field of a model-level spec that the cloud would refuse: `field` names the spec's property, `message` says why. */
export interface InputProblem {
  field: string;
  message: string;
}

/** A node, with the cluster it sits in when an earlier read said. */
export interface NodeRef {
  nativeId: string;
  clusterNativeId: string | null;
}

/** Node details by native ID: absent when the cloud has no such node, an Error when reading it failed. */
export type NodeLookup = (nativeIds: readonly string[]) => Promise<Map<string, NodeModel | Error>>;

export interface NodeActionOutcome {
  /** The tasks started, as far as the action's answers tell. */
  tasks: TaskModel[];
  failures: NodeFailureModel[];
}

/** The uncoded error each masked failure stands for, so that the layer answering the caller can log it. */
const unexpectedCauses = new WeakMap<NodeFailureModel, unknown>();

/** A node the action failed for, with the coded reason and, when the cloud refused, its code and request ID. */
export function nodeFailure(nodeId: string, error: unknown): NodeFailureModel {
  if (error instanceof GatewayError) {
    const upstream = error instanceof UpstreamError ? error.upstream : undefined;
    return { nodeId, code: error.code, message: error.message, providerCode: upstream?.providerCode ?? null, requestId: upstream?.requestId ?? null };
  }
  // Masked for the caller (no message, no stack), but kept aside: a bug must not vanish.
  const failure: NodeFailureModel = { nodeId, code: 'INTERNAL_SERVER_ERROR', message: 'Unexpected error.', providerCode: null, requestId: null };
  unexpectedCauses.set(failure, error);
  return failure;
}

/** The uncoded error behind a failure `nodeFailure` masked; undefined for a coded one. */
export function unexpectedCauseOf(failure: NodeFailureModel): unknown {
  return unexpectedCauses.get(failure);
}

/**
 * A node whose action call failed. A call the cloud may have carried out (sent, then no usable answer) is
 * OUTCOME_UNKNOWN: a retry with the same clientToken reconciles it by reading the node.
 */
export function actionFailure(nodeId: string, error: unknown): NodeFailureModel {
  const failure = nodeFailure(nodeId, error);
  if (!isOutcomeUnknown(error)) return failure;
  return { ...failure, code: 'OUTCOME_UNKNOWN', message: `${failure.message} Whether the action was carried out is unknown; retry with the same clientToken to find out.` };
}

/** The cloud's "no such resource" as null; every other failure passes through. */
export async function nullIfNotFound<T>(call: Promise<T>): Promise<T | null> {
  try {
    return await call;
  } catch (error) {
    if (error instanceof UpstreamError && error.code === 'NOT_FOUND') return null;
    throw error;
  }
}

/** Runs `get` for each ID in parallel (within the request's bound): what exists, and each failure, by native ID. */
export async function eachById<T extends { nativeId: string }>(
  nativeIds: readonly string[],
  get: (nativeId: string) => Promise<T | null>,
): Promise<ById<T>> {
  const found: ById<T> = new Map();
  await Promise.all(
    nativeIds.map(async (nativeId) => {
      try {
        const item = await get(nativeId);
        if (item) found.set(nativeId, item);
      } catch (error) {
        // One ID's failure is that ID's alone: the others keep their answers.
        found.set(nativeId, error instanceof Error ? error : new Error(String(error)));
      }
    }),
  );
  return found;
}
