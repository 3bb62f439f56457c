/** Alibaba Cloud Lingjun behind the CloudProvider interface. */
import { UpstreamError } from '../../errors.js';
import type { HyperClusterModel, HyperNodeModel, NodeModel, Page } from '../../model.js';
import { nullIfNotFound, type CallOptions, type CloudProvider, type PageRequest } from '../provider.js';
import {
  clusterFromDetail,
  clusterFromListItem,
  hyperNodeFromDetail,
  hyperNodeFromSummary,
  nodeFromDetail,
  nodeFromListItem,
} from './adapter.js';
import type { AlibabaClient } from './client.js';
import { API_NOT_FOUND } from './errors.js';
import type { WireCluster, WireHyperNode, WireListClusterNodes, WireListClusters, WireListHyperNodes, WireNode } from './wire.js';

/** Which operation reads one hypernode: `auto` tries DescribeHyperNode and falls back to the older GetHyperNode. */
export type HyperNodeApi = 'auto' | 'DescribeHyperNode' | 'GetHyperNode';

/** The cloud's page size bounds: below 20 means 20, above 100 means 100. */
const MIN_PAGE = 20;
const MAX_PAGE = 100;
const pageSize = (limit: number) => Math.min(MAX_PAGE, Math.max(MIN_PAGE, limit));

export class AlibabaProvider implements CloudProvider {
  readonly name = 'ALIBABA' as const;
  /** Regions whose endpoint answered InvalidApi.NotFound to DescribeHyperNode. */
  private readonly legacyRegions = new Set<string>();

  constructor(
    private readonly client: AlibabaClient,
    readonly regions: readonly string[],
    private readonly hyperNodeApi: HyperNodeApi = 'auto',
  ) {}

  async getHyperNode(region: string, nativeId: string, options: CallOptions): Promise<HyperNodeModel | null> {
    const wire = await nullIfNotFound(this.describeHyperNode(region, nativeId, options));
    return wire ? hyperNodeFromDetail(region, wire) : null;
  }

  private async describeHyperNode(region: string, nativeId: string, options: CallOptions): Promise<WireHyperNode> {
    const body = { HyperNodeId: nativeId };
    const useLegacy = this.hyperNodeApi === 'GetHyperNode' || this.legacyRegions.has(region);
    if (useLegacy) return this.client.call<WireHyperNode>(region, 'GetHyperNode', { idempotent: true, body }, options);
    try {
      return await this.client.call<WireHyperNode>(region, 'DescribeHyperNode', { idempotent: true, body }, options);
    } catch (error) {
      const apiMissing = error instanceof UpstreamError && error.upstream.providerCode === API_NOT_FOUND;
      if (!apiMissing || this.hyperNodeApi !== 'auto') throw error;
      this.legacyRegions.add(region);
      return this.client.call<WireHyperNode>(region, 'GetHyperNode', { idempotent: true, body }, options);
    }
  }

  /** ListHyperNodes with `HyperNodeIds` is the one batch lookup by ID the API has. */
  async getHyperNodes(region: string, nativeIds: readonly string[], options: CallOptions): Promise<Map<string, HyperNodeModel>> {
    const found = new Map<string, HyperNodeModel>();
    for (let start = 0; start < nativeIds.length; start += MAX_PAGE) {
      const chunk = nativeIds.slice(start, start + MAX_PAGE);
      let token: string | null = null;
      do {
        const answer: WireListHyperNodes = await this.client.call<WireListHyperNodes>(
          region,
          'ListHyperNodes',
          { idempotent: true, query: { HyperNodeIds: JSON.stringify(chunk) }, body: { MaxResults: MAX_PAGE, NextToken: token ?? undefined } },
          options,
        );
        for (const item of answer.HyperNodes ?? []) found.set(item.HyperNodeId, hyperNodeFromSummary(region, item));
        token = answer.NextToken || null;
      } while (token);
    }
    return found;
  }

  async listHyperNodes(region: string, page: PageRequest, options: CallOptions): Promise<Page<HyperNodeModel>> {
    const answer = await this.client.call<WireListHyperNodes>(
      region,
      'ListHyperNodes',
      { idempotent: true, body: { MaxResults: pageSize(page.limit), NextToken: page.token ?? undefined } },
      options,
    );
    return { items: (answer.HyperNodes ?? []).map((item) => hyperNodeFromSummary(region, item)), next: answer.NextToken || null };
  }

  async listClusterHyperNodes(
    region: string,
    clusterNativeId: string,
    page: PageRequest,
    options: CallOptions,
  ): Promise<Page<HyperNodeModel>> {
    const answer = await this.client.call<WireListHyperNodes>(
      region,
      'ListClusterHyperNodes',
      { idempotent: true, body: { ClusterId: clusterNativeId, MaxResults: pageSize(page.limit), NextToken: page.token ?? undefined } },
      options,
    );
    // The cluster is the one asked for, whether or not each item repeats its ClusterId.
    const items = (answer.HyperNodes ?? []).map((item) => hyperNodeFromSummary(region, { ClusterId: clusterNativeId, ...item }));
    return { items, next: answer.NextToken || null };
  }

  async getNode(region: string, nativeId: string, options: CallOptions): Promise<NodeModel | null> {
    const wire = await nullIfNotFound(this.client.call<WireNode>(region, 'DescribeNode', { idempotent: true, body: { NodeId: nativeId } }, options));
    return wire ? nodeFromDetail(region, wire) : null;
  }

  async listClusterNodes(region: string, clusterNativeId: string, page: PageRequest, options: CallOptions): Promise<Page<NodeModel>> {
    const answer = await this.client.call<WireListClusterNodes>(
      region,
      'ListClusterNodes',
      { idempotent: true, body: { ClusterId: clusterNativeId, MaxResults: pageSize(page.limit), NextToken: page.token ?? undefined } },
      options,
    );
    return { items: (answer.Nodes ?? []).map((item) => nodeFromListItem(region, item)), next: answer.NextToken || null };
  }

  async getHyperCluster(region: string, nativeId: string, options: CallOptions): Promise<HyperClusterModel | null> {
    const wire = await nullIfNotFound(
      this.client.call<WireCluster>(region, 'DescribeCluster', { idempotent: true, body: { ClusterId: nativeId } }, options),
    );
    return wire ? clusterFromDetail(region, wire) : null;
  }

  async listHyperClusters(region: string, page: PageRequest, options: CallOptions): Promise<Page<HyperClusterModel>> {
    const answer = await this.client.call<WireListClusters>(
      region,
      'ListClusters',
      { idempotent: true, body: { MaxResults: pageSize(page.limit), NextToken: page.token ?? undefined } },
      options,
    );
    return { items: (answer.Clusters ?? []).map((item) => clusterFromListItem(region, item)), next: answer.NextToken || null };
  }
}
