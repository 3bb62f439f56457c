/**
 * The interface both clouds implement. Everything here speaks the unified model; no cloud's field names,
 * URLs or signatures cross it.
 */
import { UpstreamError } from '../errors.js';
import type { HyperClusterModel, HyperNodeModel, NodeModel, Page, Provider } from '../model.js';
import type { RetryBudget } from './retry.js';

/** How one GraphQL request calls a cloud. */
export interface CallOptions {
  /** Fires when the request's deadline passes or its client goes away; every call made for it stops then. */
  signal: AbortSignal;
  /** Runs one upstream HTTP call within the request's concurrency bound for this cloud. */
  schedule?: <T>(call: () => Promise<T>) => Promise<T>;
  // Resilience: retries share the request's budget and never start past its deadline.
  /** Epoch ms of the request's deadline (when `signal` fires for it). */
  deadlineAt?: number;
  /** Retries the request may still spend; shared by all its calls to every cloud. */
  retries?: RetryBudget;
  /** The gateway's ID of the request, for logs. */
  requestId?: string;
}

/** Where a list read starts: the provider's own continuation (null for the start) and how many items are wanted. */
export interface PageRequest {
  token: string | null;
  limit: number;
}

export interface CloudProvider {
  readonly name: Provider;
  /** The regions this gateway serves for the cloud, in the order lists walk them. */
  readonly regions: readonly string[];

  /** A hypernode with its nodes and their disks; null when the cloud has none by that ID. */
  getHyperNode(region: string, nativeId: string, options: CallOptions): Promise<HyperNodeModel | null>;
  /**
   * Several hypernodes in as few calls as the cloud allows; nodes may be left out. IDs the cloud does not know are
   * absent from the map.
   */
  getHyperNodes(region: string, nativeIds: readonly string[], options: CallOptions): Promise<Map<string, HyperNodeModel>>;
  listHyperNodes(region: string, page: PageRequest, options: CallOptions): Promise<Page<HyperNodeModel>>;
  listClusterHyperNodes(
    region: string,
    clusterNativeId: string,
    page: PageRequest,
    options: CallOptions,
  ): Promise<Page<HyperNodeModel>>;

  /** A node with its disks; null when the cloud has none by that ID. */
  getNode(region: string, nativeId: string, options: CallOptions): Promise<NodeModel | null>;
  listClusterNodes(region: string, clusterNativeId: string, page: PageRequest, options: CallOptions): Promise<Page<NodeModel>>;

  getHyperCluster(region: string, nativeId: string, options: CallOptions): Promise<HyperClusterModel | null>;
  listHyperClusters(region: string, page: PageRequest, options: CallOptions): Promise<Page<HyperClusterModel>>;
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
