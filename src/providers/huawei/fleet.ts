/**
 * Walks of a ModelArts region's whole inventory. The dev-server and supernode lists filter nothing server-side, so
 * a walk reads them whole, 1024 items a page (the most they give): the first page tells `total`, the other pages
 * then run at once. Nodes come from the dev-server list (supernode members and standalone servers alike), their
 * hyper cluster from the supernode list, which alone names it.
 */
import type { HyperNodeModel, NodeModel } from '../../model.js';
import type { CallOptions } from '../provider.js';
import { checkedItems, malformed, MAX_INVENTORY_PAGES } from '../walk.js';
import { hyperNodeFromSupernode, nodeFromServer } from './adapter.js';
import type { HuaweiClient } from './client.js';
import type { z } from 'zod';
import { MAX_LIMIT, WireHyperinstancePage, WireServerPage, type WireHyperinstance, type WireServer } from './wire.js';

export class HuaweiFleet {
  constructor(private readonly client: HuaweiClient) {}

  private async page<T>(region: string, operation: string, answer: z.ZodType<Record<string, unknown>>, path: string, sortKey: string, offset: number, options: CallOptions) {
    const target = { provider: 'HUAWEI' as const, region, operation };
    const page = await this.client.call(
      region,
      { method: 'GET', path, query: { limit: MAX_LIMIT, offset, sort_key: sortKey, sort_dir: 'ASC' }, operation, idempotent: true, answer },
      options,
    );
    const items = checkedItems<T>(page, 'data', 'id', target);
    const total = page.total;
    if (!Number.isInteger(total) || (total as number) < 0 || (total as number) > MAX_LIMIT * MAX_INVENTORY_PAGES) throw malformed(target, 'total is not a count');
    return { items, total: total as number };
  }

  /** Every item of an offset list: one page, then the rest in parallel once `total` is known. */
  private async all<T>(region: string, operation: string, answer: z.ZodType<Record<string, unknown>>, path: string, sortKey: string, options: CallOptions): Promise<T[]> {
    const first = await this.page<T>(region, operation, answer, path, sortKey, 0, options);
    if (first.items.length === 0 || first.items.length >= first.total) return first.items;
    const offsets: number[] = [];
    for (let offset = first.items.length; offset < first.total; offset += MAX_LIMIT) offsets.push(offset);
    const rest = await Promise.all(offsets.map((offset) => this.page<T>(region, operation, answer, path, sortKey, offset, options)));
    // A list that changed between pages may repeat an item at a page edge; each ID is kept once.
    const seen = new Set<string>();
    return [first, ...rest].flatMap((p) => p.items).filter((item) => {
      const id = (item as { id: string }).id;
      return seen.has(id) ? false : (seen.add(id), true);
    });
  }

  private supernodes(region: string, options: CallOptions) {
    return this.all<WireHyperinstance>(region, 'ListHyperInstances', WireHyperinstancePage, '/dev-servers/hyperinstance', 'createTime', options);
  }

  /** Every dev server of the region, each with its supernode and that supernode's hyper cluster. */
  async nodes(region: string, options: CallOptions): Promise<NodeModel[]> {
    const [servers, supernodes] = await Promise.all([
      this.all<WireServer>(region, 'ListDevServers', WireServerPage, '/dev-servers', 'create_at', options),
      this.supernodes(region, options),
    ]);
    const supernodeById = new Map(supernodes.map((s) => [s.id, s]));
    // A server naming a supernode the list does not hold keeps its supernode; its cluster stays unknown.
    return servers.map((server) => nodeFromServer(region, server, server.server_hps?.id ? supernodeById.get(server.server_hps.id) : undefined));
  }

  async hyperNodes(region: string, options: CallOptions): Promise<HyperNodeModel[]> {
    return (await this.supernodes(region, options)).map((s) => hyperNodeFromSupernode(region, s));
  }
}
