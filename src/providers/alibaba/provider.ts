/** Alibaba Cloud Lingjun behind the CloudProvider interface. */
import { GatewayError, UpstreamError } from '../../errors.js';
import { globalId, parseId } from '../../ids.js';
import type { HyperClusterModel, HyperNodeModel, NodeAction, NodeModel, Page, TaskModel } from '../../model.js';
import type { TaskRecord } from '../../tasks/store.js';
import {
  actionFailure,
  eachById,
  nodeFailure,
  nullIfNotFound,
  type ById,
  type CallOptions,
  type CloudProvider,
  type HyperNodeRef,
  type NodeNeeds,
  type InputProblem,
  type NodeActionOutcome,
  type NodeLookup,
  type NodeRef,
  type PageRequest,
} from '../provider.js';
import {
  clusterFromDetail,
  clusterFromListItem,
  hyperNodeFromDetail,
  hyperNodeFromSummary,
  nodeFromDetail,
  nodeFromListItem,
} from './adapter.js';
import { pageWalk, sameObject } from '../answer-checks.js';
import type { AlibabaClient } from './client.js';
import { listPage, type ListPage } from './list-page.js';
import { AlibabaFleet, listHyperNodesBody, listHyperNodesQuery, operatingStates } from './fleet.js';
import type { WalkFilter } from '../walk.js';
import { API_NOT_FOUND } from './errors.js';
import {
  MAX_PAGE,
  WireCluster,
  WireHyperNode,
  WireHyperNodeSummary,
  WireListClusterNodes,
  WireListClusters,
  WireListHyperNodes,
  WireNode,
  WireTask,
  WireTaskStarted,
} from './wire.js';
import { taskFromDescribe } from './tasks.js';

/** The list calls, each with its answer's schema and item list; a call adds its filters. */
const LIST_HYPER_NODES = { operation: 'ListHyperNodes', answer: WireListHyperNodes, items: (answer: WireListHyperNodes) => answer.HyperNodes };
const LIST_CLUSTER_NODES = { operation: 'ListClusterNodes', answer: WireListClusterNodes, items: (answer: WireListClusterNodes) => answer.Nodes };
const LIST_CLUSTERS = { operation: 'ListClusters', answer: WireListClusters, items: (answer: WireListClusters) => answer.Clusters };

/**
 * The model of a ListClusterNodes item, made once per item of an answer: the requests that share one coalesced answer
 * (providers/coalesce.ts) share its models, which nothing changes once an adapter has returned them (the fleet
 * snapshots share theirs across requests the same way). The item is the call's own, so its cluster is the call's.
 */
const clusterNodeModels = new WeakMap<WireNode, NodeModel>();

function clusterNodeModel(region: string, item: WireNode, clusterNativeId: string): NodeModel {
  let model = clusterNodeModels.get(item);
  if (model === undefined) clusterNodeModels.set(item, (model = nodeFromListItem(region, item, clusterNativeId)));
  return model;
}

/** Which operation reads one hypernode: `auto` tries DescribeHyperNode and falls back to the older GetHyperNode. */
export type HyperNodeApi = 'auto' | 'DescribeHyperNode' | 'GetHyperNode';

/** The cloud's page size bounds: below 20 means 20, above 100 means 100. */
const MIN_PAGE = 20;
const pageSize = (limit: number) => Math.min(MAX_PAGE, Math.max(MIN_PAGE, limit));
/** Whether ListClusterNodes items serve `needs`: they lack disks and user data, which only DescribeHyperNode and DescribeNode carry. */
const nodeListsServe = (needs: NodeNeeds) => !needs.disks && !needs.userData;
/** Below this many hypernodes of one cluster, one DescribeHyperNode each is never beaten by a cluster walk. */
const MIN_FOR_CLUSTER_WALK = 3;

export class AlibabaProvider implements CloudProvider {
  readonly name = 'ALIBABA' as const;
  /** Regions whose endpoint answered InvalidApi.NotFound to DescribeHyperNode. */
  private readonly legacyRegions = new Set<string>();
  private readonly fleet: AlibabaFleet;

  constructor(
    private readonly client: AlibabaClient,
    readonly regions: readonly string[],
    private readonly hyperNodeApi: HyperNodeApi = 'auto',
  ) {
    this.fleet = new AlibabaFleet(client);
  }

  walkNodes(region: string, filter: WalkFilter, options: CallOptions): Promise<NodeModel[]> {
    return this.fleet.nodes(region, filter, options);
  }

  walkHyperNodes(region: string, filter: WalkFilter, options: CallOptions): Promise<HyperNodeModel[]> {
    return this.fleet.hyperNodes(region, filter, options);
  }

  async getHyperNode(region: string, nativeId: string, options: CallOptions): Promise<HyperNodeModel | null> {
    const wire = await nullIfNotFound(this.describeHyperNode(region, nativeId, options));
    return wire ? hyperNodeFromDetail(region, wire) : null;
  }

  private async describeHyperNode(region: string, nativeId: string, options: CallOptions): Promise<WireHyperNode> {
    const body = { HyperNodeId: nativeId };
    const read = async (operation: 'DescribeHyperNode' | 'GetHyperNode') => {
      const wire = await this.client.call(region, operation, { idempotent: true, body, answer: WireHyperNode }, options);
      return sameObject(wire, wire.HyperNodeId, nativeId, { provider: 'ALIBABA', region, operation });
    };
    const useLegacy = this.hyperNodeApi === 'GetHyperNode' || this.legacyRegions.has(region);
    if (useLegacy) return read('GetHyperNode');
    try {
      return await read('DescribeHyperNode');
    } catch (error) {
      const apiMissing = error instanceof UpstreamError && error.upstream.providerCode === API_NOT_FOUND;
      if (!apiMissing || this.hyperNodeApi !== 'auto') throw error;
      this.legacyRegions.add(region);
      return read('GetHyperNode');
    }
  }

  /** ListHyperNodes with `HyperNodeIds` is the one batch lookup by ID the API has. */
  async getHyperNodes(region: string, nativeIds: readonly string[], options: CallOptions): Promise<ById<HyperNodeModel>> {
    const found = new Map<string, HyperNodeModel>();
    const wanted = new Set(nativeIds);
    const nextPage = pageWalk({ provider: 'ALIBABA', region, operation: 'ListHyperNodes' });
    for (let start = 0; start < nativeIds.length; start += MAX_PAGE) {
      const chunk = nativeIds.slice(start, start + MAX_PAGE);
      let token: string | null = null;
      do {
        nextPage();
        const call = { ...LIST_HYPER_NODES, query: { HyperNodeIds: JSON.stringify(chunk) } };
        const page: ListPage<WireHyperNodeSummary> = await listPage(this.client, region, call, { token, size: MAX_PAGE }, options);
        // Only the hypernodes asked for: an answer naming others does not make them found.
        for (const item of page.items) if (wanted.has(item.HyperNodeId)) found.set(item.HyperNodeId, hyperNodeFromSummary(region, item));
        token = page.next;
      } while (token);
    }
    return found;
  }

  /**
   * There is no node list by hypernode. The nodes of k hypernodes of one cluster cost k DescribeHyperNode calls, or
   * a walk of the cluster's node list: ceil(NodeCount / 100) ListClusterNodes pages, whose items carry every node
   * field but disks and user data. Cluster sizes come from one ListClusters page (DescribeCluster for a single
   * cluster); the walk is taken for each cluster where it costs fewer calls.
   */
  async getHyperNodeNodes(
    region: string,
    hyperNodes: readonly HyperNodeRef[],
    needs: NodeNeeds,
    options: CallOptions,
  ): Promise<ById<HyperNodeModel>> {
    const listsServe = nodeListsServe(needs);
    const byCluster = new Map<string | null, string[]>();
    for (const { nativeId, clusterNativeId } of hyperNodes) {
      const key = listsServe ? clusterNativeId : null;
      byCluster.set(key, [...(byCluster.get(key) ?? []), nativeId]);
    }
    const walkable = [...byCluster].filter(([cluster, members]) => cluster !== null && members.length >= MIN_FOR_CLUSTER_WALK);
    const sizes = walkable.length > 0 ? await this.clusterNodeCounts(region, walkable.map(([cluster]) => cluster!), options) : new Map();
    const answers = await Promise.all(
      [...byCluster].map(([clusterNativeId, members]) => {
        const pages = Math.ceil((sizes.get(clusterNativeId) ?? Number.POSITIVE_INFINITY) / MAX_PAGE);
        return clusterNativeId !== null && pages < members.length
          ? this.nodesByClusterWalk(region, clusterNativeId, members, options)
          : eachById(members, (id) => this.getHyperNode(region, id, options));
      }),
    );
    return new Map(answers.flatMap((answer) => [...answer]));
  }

  /** NodeCount of each cluster: one ListClusters page covers up to 100 clusters; DescribeCluster fills the rest. */
  private async clusterNodeCounts(region: string, clusterNativeIds: readonly string[], options: CallOptions): Promise<Map<string, number>> {
    const counts = new Map<string, number>();
    if (clusterNativeIds.length > 1) {
      const page = await listPage(this.client, region, LIST_CLUSTERS, { token: null, size: MAX_PAGE }, options);
      for (const cluster of page.items) if (cluster.NodeCount !== undefined) counts.set(cluster.ClusterId, cluster.NodeCount);
    }
    const missing = clusterNativeIds.filter((id) => !counts.has(id));
    await Promise.all(
      missing.map(async (id) => {
        const cluster = await nullIfNotFound(this.describeCluster(region, id, options));
        if (cluster?.NodeCount !== undefined) counts.set(id, cluster.NodeCount);
      }),
    );
    return counts;
  }

  /** The members' nodes from one walk of the cluster's node list. */
  private async nodesByClusterWalk(
    region: string,
    clusterNativeId: string,
    members: readonly string[],
    options: CallOptions,
  ): Promise<Map<string, HyperNodeModel>> {
    const nodesOf = new Map<string, NodeModel[]>(members.map((id) => [id, []]));
    // Only the members' nodes are mapped; the cluster's others are not asked for.
    await this.eachClusterNodePage(region, clusterNativeId, options, (items) => {
      for (const item of items) {
        const owner = item.HyperNodeId ? nodesOf.get(item.HyperNodeId) : undefined;
        owner?.push(clusterNodeModel(region, item, clusterNativeId));
      }
      return true;
    });
    // Only what the walk proves: the hypernode's ID, its cluster and its nodes; other fields stay unknown.
    return new Map(
      [...nodesOf].map(([nativeId, nodes]) => [
        nativeId,
        {
          id: globalId('ALIBABA', region, 'hypernode', nativeId),
          provider: 'ALIBABA' as const,
          nativeId,
          region,
          clusterId: globalId('ALIBABA', region, 'hypercluster', clusterNativeId),
          nodes,
        },
      ]),
    );
  }

  async listHyperNodes(region: string, page: PageRequest, options: CallOptions, filter: WalkFilter = {}): Promise<Page<HyperNodeModel>> {
    if (operatingStates(filter.states)?.length === 0) return { items: [], next: null };
    const call = { ...LIST_HYPER_NODES, query: listHyperNodesQuery(filter), body: listHyperNodesBody(filter) };
    const { items, next } = await listPage(this.client, region, call, { token: page.token, size: pageSize(page.limit) }, options);
    return { items: items.map((item) => hyperNodeFromSummary(region, item)), next };
  }

  async listClusterHyperNodes(
    region: string,
    clusterNativeId: string,
    page: PageRequest,
    options: CallOptions,
  ): Promise<Page<HyperNodeModel>> {
    const call = { ...LIST_HYPER_NODES, operation: 'ListClusterHyperNodes', body: { ClusterId: clusterNativeId } };
    const { items, next } = await listPage(this.client, region, call, { token: page.token, size: pageSize(page.limit) }, options);
    // The cluster is the one asked for, whether or not each item repeats its ClusterId.
    return { items: items.map((item) => hyperNodeFromSummary(region, item, clusterNativeId)), next };
  }

  async getNode(region: string, nativeId: string, options: CallOptions): Promise<NodeModel | null> {
    const wire = await nullIfNotFound(this.client.call(region, 'DescribeNode', { idempotent: true, body: { NodeId: nativeId }, answer: WireNode }, options));
    return wire ? nodeFromDetail(region, sameObject(wire, wire.NodeId, nativeId, { provider: 'ALIBABA', region, operation: 'DescribeNode' })) : null;
  }

  /** There is no batch DescribeNode and no NodeIds filter on node lists: one DescribeNode each. */
  getNodes(region: string, nativeIds: readonly string[], options: CallOptions): Promise<ById<NodeModel>> {
    return eachById(nativeIds, (nativeId) => this.getNode(region, nativeId, options));
  }

  async listClusterNodes(region: string, clusterNativeId: string, page: PageRequest, options: CallOptions): Promise<Page<NodeModel>> {
    const call = { ...LIST_CLUSTER_NODES, body: { ClusterId: clusterNativeId } };
    const { items, next } = await listPage(this.client, region, call, { token: page.token, size: pageSize(page.limit) }, options);
    return { items: items.map((item) => clusterNodeModel(region, item, clusterNativeId)), next };
  }

  async getHyperCluster(region: string, nativeId: string, options: CallOptions): Promise<HyperClusterModel | null> {
    const wire = await nullIfNotFound(this.describeCluster(region, nativeId, options));
    return wire ? clusterFromDetail(region, wire) : null;
  }

  private async describeCluster(region: string, nativeId: string, options: CallOptions): Promise<WireCluster> {
    const wire = await this.client.call(region, 'DescribeCluster', { idempotent: true, body: { ClusterId: nativeId }, answer: WireCluster }, options);
    return sameObject(wire, wire.ClusterId, nativeId, { provider: 'ALIBABA', region, operation: 'DescribeCluster' });
  }

  async listHyperClusters(region: string, page: PageRequest, options: CallOptions): Promise<Page<HyperClusterModel>> {
    const { items, next } = await listPage(this.client, region, LIST_CLUSTERS, { token: page.token, size: pageSize(page.limit) }, options);
    return { items: items.map((item) => clusterFromListItem(region, item)), next };
  }

  /** No cluster is ever created through this gateway here, so none is to be found after a create of unknown outcome. */
  findHyperClusterByName(): Promise<HyperClusterModel | null> {
    return Promise.resolve(null);
  }

  /** No rules to check: any create is UNSUPPORTED_BY_PROVIDER, answered by the call (and the dry run) with no request. */
  validateCreate(): InputProblem[] {
    return [];
  }

  /** Lingjun clusters are bought with their hypernodes, not created through this API. */
  createHyperCluster(): Promise<HyperClusterModel> {
    return Promise.reject(unsupported('Alibaba Cloud Lingjun clusters cannot be created through this gateway.'));
  }

  deleteHyperCluster(): Promise<boolean> {
    return Promise.reject(unsupported('Alibaba Cloud Lingjun clusters cannot be deleted through this gateway.'));
  }

  /**
   * One RebootNodes / StopNodes call per cluster, the node IDs as its JSON `Nodes` list; the node details say which
   * cluster each node sits in. There is no start API: starting is UNSUPPORTED_BY_PROVIDER for every node.
   */
  async actOnNodes(
    action: NodeAction,
    region: string,
    nativeIds: readonly string[],
    lookup: NodeLookup,
    options: CallOptions,
  ): Promise<NodeActionOutcome> {
    const nodeId = (nativeId: string) => globalId('ALIBABA', region, 'node', nativeId);
    if (action === 'start') {
      const error = unsupported('Alibaba Cloud Lingjun has no API to start nodes.');
      return { tasks: [], failures: nativeIds.map((id) => nodeFailure(nodeId(id), error)) };
    }
    const outcome: NodeActionOutcome = { tasks: [], failures: [] };
    const details = await lookup(nativeIds);
    const byCluster = new Map<string, string[]>();
    for (const nativeId of nativeIds) {
      const detail = details.get(nativeId);
      const clusterId = detail instanceof Error ? undefined : detail?.clusterId;
      if (detail instanceof Error) {
        outcome.failures.push(nodeFailure(nodeId(nativeId), detail));
      } else if (!detail) {
        outcome.failures.push(nodeFailure(nodeId(nativeId), new GatewayError('NOT_FOUND', `Alibaba Cloud ${region} has no node ${nativeId}.`)));
      } else if (!clusterId) {
        outcome.failures.push(nodeFailure(nodeId(nativeId), unsupported('The node sits in no cluster; Lingjun acts on nodes by cluster.')));
      } else {
        const cluster = parseId(clusterId, 'hypercluster').nativeId;
        byCluster.set(cluster, [...(byCluster.get(cluster) ?? []), nativeId]);
      }
    }
    const operation = action === 'reboot' ? 'RebootNodes' : 'StopNodes';
    await Promise.all(
      [...byCluster].map(async ([cluster, members]) => {
        const body =
          action === 'reboot'
            ? { ClusterId: cluster, Nodes: JSON.stringify(members), IgnoreFailedNodeTasks: true }
            : { Nodes: JSON.stringify(members), IgnoreFailedNodeTasks: true };
        try {
          // Never sent twice by the gateway: a second reboot is not harmless.
          const answer = await this.client.call(region, operation, { body, idempotent: false, answer: WireTaskStarted }, options);
          const taskId = typeof answer.TaskId === 'string' && /^[A-Za-z0-9][A-Za-z0-9._-]{0,127}$/.test(answer.TaskId) ? answer.TaskId : null;
          if (!taskId) {
            const error = new UpstreamError('UPSTREAM_ERROR', `Alibaba Cloud ${region} accepted ${operation} but gave no usable TaskId.`, { provider: 'ALIBABA', region, operation });
            outcome.failures.push(...members.map((id) => nodeFailure(nodeId(id), error)));
            return;
          }
          outcome.tasks.push(startedTask(region, taskId, action, members.map(nodeId)));
        } catch (error) {
          outcome.failures.push(...members.map((id) => actionFailure(nodeId(id), error)));
        }
      }),
    );
    return outcome;
  }

  /**
   * Nodes of a cluster with several watched ones are read from the cluster's node list (100 a page, stopping once all
   * are found) where its size (one ListClusters page) says that takes fewer calls; the others with one DescribeNode
   * each, as there is no batch DescribeNode.
   */
  async watchNodes(region: string, nodes: readonly NodeRef[], options: CallOptions): Promise<ById<NodeModel>> {
    const byCluster = new Map<string | null, string[]>();
    for (const { nativeId, clusterNativeId } of nodes) byCluster.set(clusterNativeId, [...(byCluster.get(clusterNativeId) ?? []), nativeId]);
    const candidates = [...byCluster].filter(([cluster, members]) => cluster !== null && members.length >= MIN_FOR_CLUSTER_WALK);
    const sizes = candidates.length > 0 ? await this.clusterNodeCounts(region, candidates.map(([cluster]) => cluster!), options) : new Map<string, number>();
    const answers = await Promise.all(
      [...byCluster].map(([cluster, members]) => {
        const pages = Math.ceil((sizes.get(cluster ?? '') ?? Number.POSITIVE_INFINITY) / MAX_PAGE);
        return cluster !== null && pages < members.length ? this.clusterNodesByWalk(region, cluster, members, options) : this.getNodes(region, members, options);
      }),
    );
    return new Map(answers.flatMap((answer) => [...answer]));
  }

  private async clusterNodesByWalk(region: string, clusterNativeId: string, members: readonly string[], options: CallOptions): Promise<Map<string, NodeModel>> {
    const wanted = new Set(members);
    const found = new Map<string, NodeModel>();
    await this.eachClusterNodePage(region, clusterNativeId, options, (items) => {
      for (const item of items) {
        if (wanted.has(item.NodeId)) found.set(item.NodeId, clusterNodeModel(region, item, clusterNativeId));
      }
      return found.size < wanted.size;
    });
    return found;
  }

  /** Walks a cluster's node list page by page, the largest pages, until it ends or `visit` answers false. */
  private async eachClusterNodePage(
    region: string,
    clusterNativeId: string,
    options: CallOptions,
    visit: (items: readonly WireNode[]) => boolean,
  ): Promise<void> {
    const nextPage = pageWalk({ provider: 'ALIBABA', region, operation: 'ListClusterNodes' });
    const call = { ...LIST_CLUSTER_NODES, body: { ClusterId: clusterNativeId } };
    let token: string | null = null;
    do {
      nextPage();
      const page: ListPage<WireNode> = await listPage(this.client, region, call, { token, size: MAX_PAGE }, options);
      if (!visit(page.items)) return;
      token = page.next;
    } while (token);
  }

  /** DescribeTask; what the gateway recorded (the kind it asked for, the nodes) fills what the answer leaves out. */
  async getTask(region: string, nativeId: string, record: TaskRecord | null, _lookup: NodeLookup, options: CallOptions): Promise<TaskModel | null> {
    const wire = await nullIfNotFound(this.client.call(region, 'DescribeTask', { idempotent: true, body: { TaskId: nativeId }, answer: WireTask }, options));
    if (!wire) return null;
    const task = taskFromDescribe(region, nativeId, wire);
    if (!record) return task;
    return { ...task, kind: record.kind, nodeIds: task.nodeIds.length > 0 ? task.nodeIds : record.nodeIds };
  }
}

/** A task just accepted: waiting to run until DescribeTask says more. */
function startedTask(region: string, nativeId: string, action: NodeAction, nodeIds: string[]): TaskModel {
  return {
    id: globalId('ALIBABA', region, 'task', nativeId),
    provider: 'ALIBABA',
    nativeId,
    region,
    kind: action === 'reboot' ? 'REBOOT' : action === 'stop' ? 'STOP' : 'START',
    state: 'PENDING',
    status: null,
    nodeIds,
    steps: [],
    message: null,
    createdAt: new Date().toISOString(),
    updatedAt: null,
    finishedAt: null,
  };
}

function unsupported(message: string): GatewayError {
  return new GatewayError('UNSUPPORTED_BY_PROVIDER', message, { provider: 'ALIBABA' });
}
