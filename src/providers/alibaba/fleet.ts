/**
 * Walks of a Lingjun region's whole inventory. Nodes: the clusters (ListClusters), then every cluster's node list
 * (ListClusterNodes) in parallel, and the nodes in no cluster (ListFreeNodes) alongside; hypernodes: ListHyperNodes.
 * Pages of one list follow each other (a NextToken is known only from the page before); every page asks for 100,
 * the most the API gives. States, machine type, zone and HPN zone go to the cloud where the operation takes them.
 */
import type { HyperNodeModel, LifecycleState, NodeModel } from '../../model.js';
import type { CallOptions } from '../provider.js';
import { checkedItems, checkedToken, walkTokenPages, type WalkFilter } from '../walk.js';
import { hyperNodeFromSummary, nodeFromListItem } from './adapter.js';
import type { AlibabaClient } from './client.js';
import { ALIBABA_NODE_STATES } from './states.js';
import type { z } from 'zod';
import {
  MAX_PAGE,
  WireListClusterNodes,
  WireListClusters,
  WireListFreeNodes,
  WireListHyperNodes,
  type WireCluster,
  type WireFreeNode,
  type WireHyperNodeSummary,
  type WireNode,
} from './wire.js';

/** Words of the deprecated `Status` only; OperatingState never takes them, so they are never sent as a filter. */
const STATUS_ONLY = new Set(['InProgress']);

/**
 * The OperatingState words of `states`: undefined when the filter cannot go to the cloud (no states, or UNKNOWN,
 * which is every word this gateway does not know), an empty list when no word has those states.
 */
export function operatingStates(states: readonly LifecycleState[] | undefined): string[] | undefined {
  if (!states || states.includes('UNKNOWN')) return undefined;
  return Object.entries(ALIBABA_NODE_STATES)
    .filter(([word, state]) => !STATUS_ONLY.has(word) && states.includes(state))
    .map(([word]) => word);
}

type Page<T> = { items: T[]; next: string | null };

export class AlibabaFleet {
  constructor(private readonly client: AlibabaClient) {}

  private async page<T>(
    region: string,
    operation: string,
    answer: z.ZodType<Record<string, unknown>>,
    field: string,
    idField: string,
    params: { query?: Record<string, string | undefined>; body: Record<string, string | number | readonly string[] | undefined> },
    token: string | null,
    options: CallOptions,
  ): Promise<Page<T>> {
    const target = { provider: 'ALIBABA' as const, region, operation };
    const page = await this.client.call(
      region,
      operation,
      { idempotent: true, query: params.query, body: { ...params.body, MaxResults: MAX_PAGE, NextToken: token ?? undefined }, answer },
      options,
    );
    return { items: checkedItems<T>(page, field, idField, target), next: checkedToken(page, 'NextToken', target) };
  }

  private chain<T>(
    region: string,
    operation: string,
    answer: z.ZodType<Record<string, unknown>>,
    field: string,
    idField: string,
    params: Parameters<AlibabaFleet['page']>[5],
    options: CallOptions,
  ) {
    return walkTokenPages<T>({ provider: 'ALIBABA', region, operation }, (token) => this.page<T>(region, operation, answer, field, idField, params, token, options));
  }

  /** Every node of the region the filter's cloud-side part lets through, cluster nodes and free nodes. */
  async nodes(region: string, filter: WalkFilter, options: CallOptions): Promise<NodeModel[]> {
    const states = operatingStates(filter.states);
    if (states?.length === 0) return [];
    const stateParam = states ? { OperatingStates: states } : {};
    const clusterNodes = async (clusterId: string) => {
      const items = await this.chain<WireNode>(region, 'ListClusterNodes', WireListClusterNodes, 'Nodes', 'NodeId', { body: { ClusterId: clusterId, ...stateParam } }, options);
      return items.map((item) => nodeFromListItem(region, item, clusterId));
    };
    if (filter.hyperClusterNativeId) return clusterNodes(filter.hyperClusterNativeId);
    const free = this.chain<WireFreeNode>(
      region,
      'ListFreeNodes',
      WireListFreeNodes,
      'Nodes',
      'NodeId',
      { body: { ...stateParam, MachineType: filter.machineType, HpnZone: filter.hpnZone } },
      options,
    );
    const inClusters = async () => {
      const clusters = await this.chain<WireCluster>(region, 'ListClusters', WireListClusters, 'Clusters', 'ClusterId', { body: {} }, options);
      // A cluster that says it holds no node is not listed.
      const listed = clusters.filter((c) => typeof c.NodeCount !== 'number' || c.NodeCount > 0);
      return (await Promise.all(listed.map((c) => clusterNodes(c.ClusterId)))).flat();
    };
    // Awaited together: when one list fails the walk, the other's failure is observed too, never left unhandled.
    const [clustered, freeNodes] = await Promise.all([inClusters(), free]);
    return [...clustered, ...freeNodes.map((item) => nodeFromFreeItem(region, item))];
  }

  /** Every hypernode of the region the filter's cloud-side part lets through. */
  async hyperNodes(region: string, filter: WalkFilter, options: CallOptions): Promise<HyperNodeModel[]> {
    const states = operatingStates(filter.states);
    if (states?.length === 0) return [];
    if (filter.hyperClusterNativeId) {
      const clusterId = filter.hyperClusterNativeId;
      const items = await this.chain<WireHyperNodeSummary>(region, 'ListClusterHyperNodes', WireListHyperNodes, 'HyperNodes', 'HyperNodeId', { body: { ClusterId: clusterId } }, options);
      return items.map((item) => hyperNodeFromSummary(region, item, clusterId));
    }
    const items = await this.chain<WireHyperNodeSummary>(region, 'ListHyperNodes', WireListHyperNodes, 'HyperNodes', 'HyperNodeId', { query: listHyperNodesQuery(filter), body: listHyperNodesBody(filter) }, options);
    return items.map((item) => hyperNodeFromSummary(region, item));
  }
}

/** ListHyperNodes takes OperatingStates as a JSON list in the query string. */
export function listHyperNodesQuery(filter: WalkFilter): Record<string, string | undefined> {
  const states = operatingStates(filter.states);
  return states ? { OperatingStates: JSON.stringify(states) } : {};
}

export function listHyperNodesBody(filter: WalkFilter): Record<string, string | undefined> {
  return { MachineType: filter.machineType, ZoneId: filter.zoneId, HpnZone: filter.hpnZone };
}

/**
 * A ListFreeNodes item: in no cluster; its hypernode, when it names one. It has no hostname, image or networks;
 * those stay undefined, so asking for them reads the node.
 */
export function nodeFromFreeItem(region: string, wire: WireFreeNode): NodeModel {
  const node = nodeFromListItem(region, wire);
  node.clusterId = null;
  node.hostname = undefined;
  node.imageId = undefined;
  node.imageName = undefined;
  node.networks = undefined;
  return node;
}
