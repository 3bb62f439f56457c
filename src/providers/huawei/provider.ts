/** Huawei Cloud ModelArts DevServer behind the CloudProvider interface. */
import { BadUserInputError } from '../../errors.js';
import { randomUUID } from 'node:crypto';
import type { HyperClusterModel, HyperNodeModel, NewHyperCluster, NodeAction, NodeModel, Page, TaskModel } from '../../model.js';
import type { TaskRecord } from '../../tasks/store.js';
import {
  eachById,
  nodeFailure,
  nullIfNotFound,
  type CallOptions,
  type CloudProvider,
  type HyperNodeRef,
  type NodeActionOutcome,
  type NodeLookup,
  type PageRequest,
} from '../provider.js';
import { globalId } from '../../ids.js';
import { clusterFromHyperCluster, hyperNodeFromSupernode, nodeFromServer } from './adapter.js';
import type { HuaweiClient } from './client.js';
import { BUSY, huaweiTask } from './tasks.js';
import type { HyperClusterKind, WireHyperCluster, WireHyperinstance, WireListHyperClusters, WirePage, WireServer } from './wire.js';

/** The largest page the supernode and dev-server lists give. */
const MAX_LIMIT = 1024;
/** ListHyperCluster is per type and does not page: one list per type, HPS first. */
const CLUSTER_KINDS: readonly HyperClusterKind[] = ['HPS', 'ECS'];

export class HuaweiProvider implements CloudProvider {
  readonly name = 'HUAWEI' as const;

  constructor(
    private readonly client: HuaweiClient,
    readonly regions: readonly string[],
  ) {}

  async getHyperNode(region: string, nativeId: string, options: CallOptions): Promise<HyperNodeModel | null> {
    const wire = await nullIfNotFound(
      this.client.call<WireHyperinstance>(
        region,
        { method: 'GET', path: `/dev-servers/hyperinstance/${encodeURIComponent(nativeId)}`, operation: 'ShowHyperInstance', idempotent: true },
        options,
      ),
    );
    return wire ? hyperNodeFromSupernode(region, wire) : null;
  }

  /** No batch lookup by ID exists; each supernode is shown, in parallel within the request's bound. */
  async getHyperNodes(region: string, nativeIds: readonly string[], options: CallOptions): Promise<Map<string, HyperNodeModel>> {
    return eachById(nativeIds, (nativeId) => this.getHyperNode(region, nativeId, options));
  }

  /** A supernode answer always holds its servers, whole. */
  getHyperNodeNodes(region: string, hyperNodes: readonly HyperNodeRef[], _fields: ReadonlySet<string>, options: CallOptions) {
    return this.getHyperNodes(region, hyperNodes.map((h) => h.nativeId), options);
  }

  async listHyperNodes(region: string, page: PageRequest, options: CallOptions): Promise<Page<HyperNodeModel>> {
    const { items, next } = await this.supernodePage(region, offsetOf(page), Math.min(MAX_LIMIT, Math.max(1, page.limit)), options);
    return { items: items.map((item) => hyperNodeFromSupernode(region, item)), next };
  }

  /** The list has no cluster filter: one walk of every supernode, kept to the cluster's. */
  async listClusterHyperNodes(region: string, clusterNativeId: string, page: PageRequest, options: CallOptions): Promise<Page<HyperNodeModel>> {
    const members = (await this.allSupernodes(region, options)).filter((s) => s.hps_cluster_id === clusterNativeId);
    return slice(members.map((item) => hyperNodeFromSupernode(region, item)), page);
  }

  async getNode(region: string, nativeId: string, options: CallOptions): Promise<NodeModel | null> {
    const wire = await nullIfNotFound(
      this.client.call<WireServer>(region, { method: 'GET', path: `/dev-servers/${encodeURIComponent(nativeId)}`, operation: 'ShowDevServer', idempotent: true }, options),
    );
    return wire ? nodeFromServer(region, wire) : null;
  }

  /**
   * Several dev servers: a first list page (1024 servers) tells the total; the rest of the list is walked when that
   * takes fewer calls than showing each server still missing, else the missing ones are shown one by one.
   */
  async getNodes(region: string, nativeIds: readonly string[], options: CallOptions): Promise<Map<string, NodeModel>> {
    if (nativeIds.length <= 1) return eachById(nativeIds, (nativeId) => this.getNode(region, nativeId, options));
    const wanted = new Set(nativeIds);
    const found = new Map<string, NodeModel>();
    const keep = (servers: WireServer[]) => {
      for (const server of servers) if (wanted.has(server.id)) found.set(server.id, nodeFromServer(region, server));
    };
    const first = await this.serverPage(region, 0, options);
    keep(first.data ?? []);
    const total = first.total ?? 0;
    let offset = first.data?.length ?? 0;
    const missing = () => nativeIds.filter((id) => !found.has(id));
    if (Math.ceil((total - offset) / MAX_LIMIT) < missing().length) {
      while (offset < total && missing().length > 0) {
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
    return this.client.call<WirePage<WireServer>>(
      region,
      { method: 'GET', path: '/dev-servers', query: { limit: MAX_LIMIT, offset, sort_key: 'create_at', sort_dir: 'ASC' }, operation: 'ListDevServers', idempotent: true },
      options,
    );
  }

  /** The servers of the cluster's supernodes, from one walk of the supernode list. */
  async listClusterNodes(region: string, clusterNativeId: string, page: PageRequest, options: CallOptions): Promise<Page<NodeModel>> {
    const members = (await this.allSupernodes(region, options)).filter((s) => s.hps_cluster_id === clusterNativeId);
    return slice(members.flatMap((item) => hyperNodeFromSupernode(region, item).nodes ?? []), page);
  }

  /** Shown as HPS first, then as ECS: the ID alone does not say which list holds the cluster. */
  async getHyperCluster(region: string, nativeId: string, options: CallOptions): Promise<HyperClusterModel | null> {
    for (const kind of CLUSTER_KINDS) {
      const wire = await nullIfNotFound(
        this.client.call<WireHyperCluster>(
          region,
          { method: 'GET', path: `/dev-servers/hyper-clusters/${encodeURIComponent(nativeId)}`, query: { type: kind }, operation: 'ShowHyperCluster', idempotent: true },
          options,
        ),
      );
      if (wire) return clusterFromHyperCluster(region, wire, kind);
    }
    return null;
  }

  /** HPS clusters, then ECS clusters; the token is `<type>:<offset>` into those unpaged lists. */
  async listHyperClusters(region: string, page: PageRequest, options: CallOptions): Promise<Page<HyperClusterModel>> {
    const [kind, offset] = clusterPosition(page.token);
    const answer = await this.client.call<WireListHyperClusters>(
      region,
      { method: 'GET', path: '/dev-servers/hyper-clusters', query: { type: kind }, operation: 'ListHyperCluster', idempotent: true },
      options,
    );
    const all = (answer.hyper_clusters ?? []).map((item) => clusterFromHyperCluster(region, item, kind));
    const items = all.slice(offset, offset + Math.max(1, page.limit));
    const end = offset + items.length;
    const nextKind = CLUSTER_KINDS[CLUSTER_KINDS.indexOf(kind) + 1];
    const next = end < all.length ? `${kind}:${end}` : nextKind ? `${nextKind}:0` : null;
    return { items, next };
  }

  /** CreateHyperCluster exactly as the API documents it: `name`, `hyper_cluster_subnet_id`, `type`. */
  async createHyperCluster(region: string, spec: NewHyperCluster, options: CallOptions): Promise<HyperClusterModel> {
    const body = {
      name: spec.name,
      ...(spec.subnetId ? { hyper_cluster_subnet_id: spec.subnetId } : {}),
      ...(spec.type ? { type: spec.type } : {}),
    };
    const created = await this.client.call<WireHyperCluster>(
      region,
      { method: 'POST', path: '/dev-servers/hyper-clusters', body, operation: 'CreateHyperCluster', idempotent: false },
      options,
    );
    // ListHyperCluster defaults to HPS, and so does creation without a type.
    return clusterFromHyperCluster(region, created, spec.type ?? 'HPS');
  }

  /** DeleteHyperCluster takes the cluster's type, which its ID does not say: HPS is tried first, then ECS. */
  async deleteHyperCluster(region: string, nativeId: string, options: CallOptions): Promise<boolean> {
    for (const kind of CLUSTER_KINDS) {
      const deleted = await nullIfNotFound(
        this.client.call<undefined>(
          region,
          {
            method: 'DELETE',
            path: `/dev-servers/hyper-clusters/${encodeURIComponent(nativeId)}`,
            query: { type: kind },
            operation: 'DeleteHyperCluster',
            idempotent: false,
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
          const answer = await this.client.call<{ status?: unknown } | undefined>(
            region,
            { method: 'PUT', path: `/dev-servers/${encodeURIComponent(nativeId)}/${action}`, operation, idempotent: false },
            options,
          );
          accepted.set(nativeId, typeof answer?.status === 'string' ? answer.status : null);
        } catch (error) {
          outcome.failures.push(nodeFailure(globalId('HUAWEI', region, 'node', nativeId), error));
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
  watchNodes(region: string, nodes: readonly { nativeId: string }[], options: CallOptions): Promise<Map<string, NodeModel>> {
    return this.getNodes(region, nodes.map((n) => n.nativeId), options);
  }

  /** A task is the gateway's own record: its state comes from the servers it covers, read in one batch. */
  async getTask(region: string, nativeId: string, record: TaskRecord | null, lookup: NodeLookup): Promise<TaskModel | null> {
    if (!record) return null;
    const servers = await lookup(record.nodeIds.map((id) => id.split(':')[3]!));
    return huaweiTask(region, nativeId, record, servers);
  }

  private async supernodePage(region: string, offset: number, limit: number, options: CallOptions) {
    const answer = await this.client.call<WirePage<WireHyperinstance>>(
      region,
      { method: 'GET', path: '/dev-servers/hyperinstance', query: { limit, offset, sort_key: 'createTime', sort_dir: 'ASC' }, operation: 'ListHyperInstances', idempotent: true },
      options,
    );
    const items = answer.data ?? [];
    const end = offset + items.length;
    return { items, next: items.length > 0 && end < (answer.total ?? 0) ? String(end) : null };
  }

  /** Every supernode of the region, paging offset/limit to the end. */
  private async allSupernodes(region: string, options: CallOptions): Promise<WireHyperinstance[]> {
    const all: WireHyperinstance[] = [];
    let offset: number | null = 0;
    while (offset !== null) {
      const { items, next } = await this.supernodePage(region, offset, MAX_LIMIT, options);
      all.push(...items);
      offset = next === null ? null : Number(next);
    }
    return all;
  }
}

const KIND = { reboot: 'REBOOT', stop: 'STOP', start: 'START' } as const;

const nodeRef = (region: string, nativeId: string) => ({ id: globalId('HUAWEI', region, 'node', nativeId), provider: 'HUAWEI' as const, nativeId, region });

function offsetOf(page: PageRequest): number {
  if (page.token === null) return 0;
  if (!/^\d{1,9}$/.test(page.token)) throw new BadUserInputError('after: not a cursor of this list.', 'after');
  return Number(page.token);
}

function clusterPosition(token: string | null): [HyperClusterKind, number] {
  if (token === null) return ['HPS', 0];
  const match = /^(HPS|ECS):(\d{1,9})$/.exec(token);
  if (!match) throw new BadUserInputError('after: not a cursor of this list.', 'after');
  return [match[1] as HyperClusterKind, Number(match[2])];
}

/** A page of an in-memory list, the token being the offset. */
function slice<T>(items: T[], page: PageRequest): Page<T> {
  const offset = offsetOf(page);
  const chosen = items.slice(offset, offset + Math.max(1, page.limit));
  const end = offset + chosen.length;
  return { items: chosen, next: end < items.length ? String(end) : null };
}
