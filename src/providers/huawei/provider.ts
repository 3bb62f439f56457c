/** Huawei Cloud ModelArts DevServer behind the CloudProvider interface. */
import { BadPageTokenError } from '../../errors.js';
import { randomUUID } from 'node:crypto';
import type { HyperClusterModel, HyperNodeModel, NewHyperCluster, NodeAction, NodeModel, Page, TaskModel } from '../../model.js';
import type { TaskRecord } from '../../tasks/store.js';
import {
  actionFailure,
  eachById,
  nullIfNotFound,
  type ById,
  type CallOptions,
  type CloudProvider,
  type HyperNodeRef,
  type NodeNeeds,
  type InputProblem,
  type NodeActionOutcome,
  type NodeLookup,
  type PageRequest,
} from '../provider.js';
import { globalId } from '../../ids.js';
import { huaweiCreateProblems } from './create-rules.js';
import { clusterFromHyperCluster, hyperNodeFromSupernode, nodeFromServer } from './adapter.js';
import { pageWalk, sameObject } from '../answer-checks.js';
import type { HuaweiClient } from './client.js';
import { HuaweiFleet } from './fleet.js';
import {
  MAX_LIMIT,
  WireHyperCluster,
  WireHyperinstance,
  WireHyperinstancePage,
  WireIgnored,
  WireListHyperClusters,
  WireServer,
  WireServerPage,
  type HyperClusterKind,
} from './wire.js';
import { BUSY, huaweiTask } from './tasks.js';
/** ListHyperCluster is per type and does not page: one list per type, HPS first. */
const CLUSTER_KINDS: readonly HyperClusterKind[] = ['HPS', 'ECS'];

export class HuaweiProvider implements CloudProvider {
  readonly name = 'HUAWEI' as const;
  private readonly fleet: HuaweiFleet;

  constructor(
    private readonly client: HuaweiClient,
    readonly regions: readonly string[],
  ) {
    this.fleet = new HuaweiFleet(client);
  }

  /** The lists filter nothing server-side: every walk is whole, and the caller filters. */
  walkNodes(region: string, _filter: unknown, options: CallOptions): Promise<NodeModel[]> {
    return this.fleet.nodes(region, options);
  }

  walkHyperNodes(region: string, _filter: unknown, options: CallOptions): Promise<HyperNodeModel[]> {
    return this.fleet.hyperNodes(region, options);
  }

  async getHyperNode(region: string, nativeId: string, options: CallOptions): Promise<HyperNodeModel | null> {
    const operation = 'ShowHyperInstance';
    const wire = await nullIfNotFound(
      this.client.call(
        region,
        { method: 'GET', path: `/dev-servers/hyperinstance/${encodeURIComponent(nativeId)}`, operation, idempotent: true, answer: WireHyperinstance },
        options,
      ),
    );
    return wire ? hyperNodeFromSupernode(region, sameObject(wire, wire.id, nativeId, { provider: 'HUAWEI', region, operation })) : null;
  }

  /** No batch lookup by ID exists; each supernode is shown, in parallel within the request's bound. */
  async getHyperNodes(region: string, nativeIds: readonly string[], options: CallOptions): Promise<ById<HyperNodeModel>> {
    return eachById(nativeIds, (nativeId) => this.getHyperNode(region, nativeId, options));
  }

  /** A supernode answer always holds its servers, whole. */
  getHyperNodeNodes(region: string, hyperNodes: readonly HyperNodeRef[], _needs: NodeNeeds, options: CallOptions) {
    return this.getHyperNodes(region, hyperNodes.map((h) => h.nativeId), options);
  }

  async listHyperNodes(region: string, page: PageRequest, options: CallOptions): Promise<Page<HyperNodeModel>> {
    const { items, next } = await this.supernodePage(region, offsetOf(page, region), Math.min(MAX_LIMIT, Math.max(1, page.limit)), options);
    return { items: items.map((item) => hyperNodeFromSupernode(region, item)), next };
  }

  /** The list has no cluster filter: one walk of the supernodes, keeping only the cluster's on the page asked. */
  async listClusterHyperNodes(region: string, clusterNativeId: string, page: PageRequest, options: CallOptions): Promise<Page<HyperNodeModel>> {
    const window = new PageWindow<HyperNodeModel>(page, region);
    await this.eachSupernode(region, options, (s) => s.hps_cluster_id !== clusterNativeId || window.add(hyperNodeFromSupernode(region, s)));
    return window.page();
  }

  async getNode(region: string, nativeId: string, options: CallOptions): Promise<NodeModel | null> {
    const operation = 'ShowDevServer';
    const wire = await nullIfNotFound(
      this.client.call(region, { method: 'GET', path: `/dev-servers/${encodeURIComponent(nativeId)}`, operation, idempotent: true, answer: WireServer }, options),
    );
    return wire ? nodeFromServer(region, sameObject(wire, wire.id, nativeId, { provider: 'HUAWEI', region, operation })) : null;
  }

  /**
   * Several dev servers: a first list page (1024 servers) tells the total; the rest of the list is walked when that
   * takes fewer calls than showing each server still missing, else the missing ones are shown one by one.
   */
  async getNodes(region: string, nativeIds: readonly string[], options: CallOptions): Promise<ById<NodeModel>> {
    if (nativeIds.length <= 1) return eachById(nativeIds, (nativeId) => this.getNode(region, nativeId, options));
    const wanted = new Set(nativeIds);
    const found: ById<NodeModel> = new Map();
    const keep = (servers: WireServer[]) => {
      for (const server of servers) if (wanted.has(server.id)) found.set(server.id, nodeFromServer(region, server));
    };
    const first = await this.serverPage(region, 0, options);
    keep(first.data ?? []);
    const total = first.total ?? 0;
    let offset = first.data?.length ?? 0;
    const missing = () => nativeIds.filter((id) => !found.has(id));
    if (Math.ceil((total - offset) / MAX_LIMIT) < missing().length) {
      const nextPage = pageWalk({ provider: 'HUAWEI', region, operation: 'ListDevServers' });
      while (offset < total && missing().length > 0) {
        nextPage();
        const page = await this.serverPage(region, offset, options);
        if (!page.data?.length) break;
        keep(page.data);
        offset += page.data.length;
      }
      return found;
    }
    for (const [nativeId, node] of await eachById(missing(), (nativeId) => this.getNode(region, nativeId, options))) found.set(nativeId, node);
    return found;
  }

  private serverPage(region: string, offset: number, options: CallOptions) {
    return this.client.call(
      region,
      {
        method: 'GET',
        path: '/dev-servers',
        query: { limit: MAX_LIMIT, offset, sort_key: 'create_at', sort_dir: 'ASC' },
        operation: 'ListDevServers',
        idempotent: true,
        answer: WireServerPage,
      },
      options,
    );
  }

  /** The servers of the cluster's supernodes, from one walk of the supernode list, keeping only the page asked. */
  async listClusterNodes(region: string, clusterNativeId: string, page: PageRequest, options: CallOptions): Promise<Page<NodeModel>> {
    const window = new PageWindow<NodeModel>(page, region);
    await this.eachSupernode(
      region,
      options,
      (s) => s.hps_cluster_id !== clusterNativeId || (hyperNodeFromSupernode(region, s).nodes ?? []).every((node) => window.add(node)),
    );
    return window.page();
  }

  /** Shown as HPS first, then as ECS: the ID alone does not say which list holds the cluster. */
  async getHyperCluster(region: string, nativeId: string, options: CallOptions): Promise<HyperClusterModel | null> {
    for (const kind of CLUSTER_KINDS) {
      const operation = 'ShowHyperCluster';
      const wire = await nullIfNotFound(
        this.client.call(
          region,
          {
            method: 'GET',
            path: `/dev-servers/hyper-clusters/${encodeURIComponent(nativeId)}`,
            query: { type: kind },
            operation,
            idempotent: true,
            answer: WireHyperCluster,
          },
          options,
        ),
      );
      if (wire) return clusterFromHyperCluster(region, sameObject(wire, wire.id, nativeId, { provider: 'HUAWEI', region, operation }), kind);
    }
    return null;
  }

  /** HPS clusters, then ECS clusters; the token is `<type>:<offset>` into those unpaged lists. */
  async listHyperClusters(region: string, page: PageRequest, options: CallOptions): Promise<Page<HyperClusterModel>> {
    const [kind, offset] = clusterPosition(page.token, region);
    const all = (await this.hyperClusters(region, kind, options)).map((item) => clusterFromHyperCluster(region, item, kind));
    const items = all.slice(offset, offset + Math.max(1, page.limit));
    const end = offset + items.length;
    const nextKind = CLUSTER_KINDS[CLUSTER_KINDS.indexOf(kind) + 1];
    const next = end < all.length ? `${kind}:${end}` : nextKind ? `${nextKind}:0` : null;
    return { items, next };
  }

  /** Names are unique per region (a duplicate is refused with ModelArts.6409): the HPS list, then the ECS one. */
  async findHyperClusterByName(region: string, name: string, options: CallOptions): Promise<HyperClusterModel | null> {
    for (const kind of CLUSTER_KINDS) {
      const found = (await this.hyperClusters(region, kind, options)).find((cluster) => cluster.name === name);
      if (found) return clusterFromHyperCluster(region, found, kind);
    }
    return null;
  }

  validateCreate(spec: NewHyperCluster): InputProblem[] {
    return huaweiCreateProblems(spec);
  }

  /** CreateHyperCluster exactly as the API documents it: `name`, `hyper_cluster_subnet_id`, `type`. */
  async createHyperCluster(region: string, spec: NewHyperCluster, options: CallOptions): Promise<HyperClusterModel> {
    const body = {
      name: spec.name,
      ...(spec.subnetId ? { hyper_cluster_subnet_id: spec.subnetId } : {}),
      ...(spec.type ? { type: spec.type } : {}),
    };
    const created = await this.client.call(
      region,
      { method: 'POST', path: '/dev-servers/hyper-clusters', body, operation: 'CreateHyperCluster', idempotent: false, answer: WireHyperCluster },
      options,
    );
    // ListHyperCluster defaults to HPS, and so does creation without a type.
    return clusterFromHyperCluster(region, created, spec.type ?? 'HPS');
  }

  /** DeleteHyperCluster takes the cluster's type, which its ID does not say: HPS is tried first, then ECS. */
  async deleteHyperCluster(region: string, nativeId: string, options: CallOptions): Promise<boolean> {
    for (const kind of CLUSTER_KINDS) {
      const deleted = await nullIfNotFound(
        this.client.call(
          region,
          {
            method: 'DELETE',
            path: `/dev-servers/hyper-clusters/${encodeURIComponent(nativeId)}`,
            query: { type: kind },
            operation: 'DeleteHyperCluster',
            idempotent: false,
            answer: WireIgnored,
          },
          options,
        ).then(() => true),
      );
      if (deleted) return true;
    }
    return false;
  }

  /**
   * One dev-server action call per server (`PUT /dev-servers/{id}/start|stop|reboot`), in parallel. The cloud gives no
   * task, so one task with an ID of the gateway's own covers the servers that accepted; each answer's status is kept.
   */
  async actOnNodes(action: NodeAction, region: string, nativeIds: readonly string[], _lookup: unknown, options: CallOptions): Promise<NodeActionOutcome> {
    const outcome: NodeActionOutcome = { tasks: [], failures: [] };
    const accepted = new Map<string, string | null>();
    const operation = { reboot: 'RebootDevServer', stop: 'StopDevServer', start: 'StartDevServer' }[action];
    await Promise.all(
      nativeIds.map(async (nativeId) => {
        try {
          const answer = (await this.client.call(
            region,
            { method: 'PUT', path: `/dev-servers/${encodeURIComponent(nativeId)}/${action}`, operation, idempotent: false, answer: WireIgnored },
            options,
          )) as { status?: unknown } | null | undefined;
          accepted.set(nativeId, typeof answer?.status === 'string' ? answer.status : null);
        } catch (error) {
          outcome.failures.push(actionFailure(globalId('HUAWEI', region, 'node', nativeId), error));
        }
      }),
    );
    const done = nativeIds.filter((id) => accepted.has(id));
    if (done.length === 0) return outcome;
    const nativeId = randomUUID();
    const nodeIds = done.map((id) => globalId('HUAWEI', region, 'node', id));
    const startStatus = Object.fromEntries(done.map((id, i) => [nodeIds[i]!, accepted.get(id) ?? null]));
    const record: TaskRecord = { id: globalId('HUAWEI', region, 'task', nativeId), kind: KIND[action], action, nodeIds, startStatus, createdAt: Date.now() };
    const reads = new Map(done.map((id) => [id, { ...nodeRef(region, id), status: accepted.get(id) ?? BUSY[action] }]));
    outcome.tasks.push(huaweiTask(region, nativeId, record, reads));
    return outcome;
  }

  /** The dev-server list serves any number of servers in one page of 1024, as `getNodes` reads them. */
  watchNodes(region: string, nodes: readonly { nativeId: string }[], options: CallOptions): Promise<ById<NodeModel>> {
    return this.getNodes(region, nodes.map((n) => n.nativeId), options);
  }

  /** A task is the gateway's own record: its state comes from the servers it covers, read in one batch. */
  async getTask(region: string, nativeId: string, record: TaskRecord | null, lookup: NodeLookup): Promise<TaskModel | null> {
    if (!record) return null;
    const servers = await lookup(record.nodeIds.map((id) => id.split(':')[3]!));
    return huaweiTask(region, nativeId, record, servers);
  }

  /** One type's hyper clusters: the list does not page. */
  private async hyperClusters(region: string, kind: HyperClusterKind, options: CallOptions): Promise<WireHyperCluster[]> {
    const answer = await this.client.call(
      region,
      { method: 'GET', path: '/dev-servers/hyper-clusters', query: { type: kind }, operation: 'ListHyperCluster', idempotent: true, answer: WireListHyperClusters },
      options,
    );
    return answer.hyper_clusters ?? [];
  }

  private async supernodePage(region: string, offset: number, limit: number, options: CallOptions) {
    const answer = await this.client.call(
      region,
      {
        method: 'GET',
        path: '/dev-servers/hyperinstance',
        query: { limit, offset, sort_key: 'createTime', sort_dir: 'ASC' },
        operation: 'ListHyperInstances',
        idempotent: true,
        answer: WireHyperinstancePage,
      },
      options,
    );
    // More than asked is cut to the page: the next page starts at the offset after the last item kept.
    const items = (answer.data ?? []).slice(0, limit);
    const end = offset + items.length;
    return { items, next: items.length > 0 && end < (answer.total ?? 0) ? String(end) : null };
  }

  /**
   * Shows `visit` every supernode of the region, paging offset/limit, until it returns false or the list ends. Only
   * one page is held at a time: what a walk keeps is up to `visit`.
   */
  private async eachSupernode(region: string, options: CallOptions, visit: (supernode: WireHyperinstance) => boolean): Promise<void> {
    const nextPage = pageWalk({ provider: 'HUAWEI', region, operation: 'ListHyperInstances' });
    let offset: number | null = 0;
    while (offset !== null) {
      nextPage();
      const { items, next } = await this.supernodePage(region, offset, MAX_LIMIT, options);
      if (!items.every(visit)) return;
      offset = next === null ? null : Number(next);
    }
  }
}

const KIND = { reboot: 'REBOOT', stop: 'STOP', start: 'START' } as const;

const nodeRef = (region: string, nativeId: string) => ({ id: globalId('HUAWEI', region, 'node', nativeId), provider: 'HUAWEI' as const, nativeId, region });

/** The offset/limit paging's token is the offset, written by this provider; anything else is not one of its tokens. */
function offsetOf(page: PageRequest, region: string): number {
  if (page.token === null) return 0;
  if (!/^\d{1,9}$/.test(page.token)) throw badPageToken(region);
  return Number(page.token);
}

function clusterPosition(token: string | null, region: string): [HyperClusterKind, number] {
  if (token === null) return ['HPS', 0];
  const match = /^(HPS|ECS):(\d{1,9})$/.exec(token);
  if (!match) throw badPageToken(region);
  return [match[1] as HyperClusterKind, Number(match[2])];
}

const badPageToken = (region: string) => new BadPageTokenError(`Huawei Cloud ${region}: the page token is not one of this list's.`, { provider: 'HUAWEI', region });

/** The page asked of a list read item by item, the token being the offset: only its items are kept. */
class PageWindow<T> {
  private readonly offset: number;
  private readonly limit: number;
  private readonly items: T[] = [];
  private seen = 0;
  private more = false;

  constructor(page: PageRequest, region: string) {
    this.offset = offsetOf(page, region);
    this.limit = Math.max(1, page.limit);
  }

  /** Takes the list's next item; false once the page is full and an item past it shows that more follow. */
  add(item: T): boolean {
    if (this.seen >= this.offset + this.limit) {
      this.more = true;
      return false;
    }
    if (this.seen >= this.offset) this.items.push(item);
    this.seen += 1;
    return true;
  }

  page(): Page<T> {
    return { items: this.items, next: this.more ? String(this.offset + this.items.length) : null };
  }
}
