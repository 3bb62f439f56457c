/**
 * The one way into the clouds: a view of the providers bound to how its owner calls them (a request's deadline,
 * retry budget, upstream-call admission and per-cloud concurrency bound; or a watcher round's, a fleet walk's own),
 * so no call site passes call options. A request's view makes those lazily, on its first call: a request answered
 * from the fleet snapshot or from memory creates no timer, signal, budget or limiter. `end()` lets them go when the
 * request's result is done.
 */
import { setMaxListeners } from 'node:events';
import pLimit from 'p-limit';
import { deadline, type Deadline } from './deadline.js';
import type { ParsedId } from './ids.js';
import type { NewHyperCluster, NodeAction, ProviderName } from './model.js';
import type { CallOptions, CloudProvider, HyperNodeRef, NodeLookup, NodeNeeds, NodeRef, PageRequest } from './providers/provider.js';
import type { ProviderRegistry } from './providers/registry.js';
import { RetryBudget } from './providers/retry.js';
import type { WalkFilter } from './providers/walk.js';
import type { TaskRecord } from './tasks/store.js';

/** The call options of one owner, per cloud. */
export type CallOptionsFor = (provider: ProviderName) => CallOptions;

/** One cloud, its calls bound to its owner's call options (asked for at each call, so made on the first). */
export class BoundCloud {
  constructor(
    private readonly provider: CloudProvider,
    private readonly options: () => CallOptions,
  ) {}

  get name(): ProviderName {
    return this.provider.name;
  }

  get regions(): readonly string[] {
    return this.provider.regions;
  }

  /** The cloud's own rules for a new hyper cluster; no call. */
  validateCreate(spec: NewHyperCluster) {
    return this.provider.validateCreate(spec);
  }

  getHyperNode(region: string, nativeId: string) {
    return this.provider.getHyperNode(region, nativeId, this.options());
  }
  getHyperNodes(region: string, nativeIds: readonly string[]) {
    return this.provider.getHyperNodes(region, nativeIds, this.options());
  }
  getHyperNodeNodes(region: string, hyperNodes: readonly HyperNodeRef[], needs: NodeNeeds) {
    return this.provider.getHyperNodeNodes(region, hyperNodes, needs, this.options());
  }
  listHyperNodes(region: string, page: PageRequest, filter?: WalkFilter) {
    return this.provider.listHyperNodes(region, page, this.options(), filter);
  }
  listClusterHyperNodes(region: string, clusterNativeId: string, page: PageRequest) {
    return this.provider.listClusterHyperNodes(region, clusterNativeId, page, this.options());
  }
  getNode(region: string, nativeId: string) {
    return this.provider.getNode(region, nativeId, this.options());
  }
  getNodes(region: string, nativeIds: readonly string[]) {
    return this.provider.getNodes(region, nativeIds, this.options());
  }
  listClusterNodes(region: string, clusterNativeId: string, page: PageRequest) {
    return this.provider.listClusterNodes(region, clusterNativeId, page, this.options());
  }
  walkNodes(region: string, filter: WalkFilter) {
    return this.provider.walkNodes(region, filter, this.options());
  }
  walkHyperNodes(region: string, filter: WalkFilter) {
    return this.provider.walkHyperNodes(region, filter, this.options());
  }
  getHyperCluster(region: string, nativeId: string) {
    return this.provider.getHyperCluster(region, nativeId, this.options());
  }
  listHyperClusters(region: string, page: PageRequest) {
    return this.provider.listHyperClusters(region, page, this.options());
  }
  findHyperClusterByName(region: string, name: string) {
    return this.provider.findHyperClusterByName(region, name, this.options());
  }
  createHyperCluster(region: string, spec: NewHyperCluster) {
    return this.provider.createHyperCluster(region, spec, this.options());
  }
  deleteHyperCluster(region: string, nativeId: string) {
    return this.provider.deleteHyperCluster(region, nativeId, this.options());
  }
  actOnNodes(action: NodeAction, region: string, nativeIds: readonly string[], lookup: NodeLookup) {
    return this.provider.actOnNodes(action, region, nativeIds, lookup, this.options());
  }
  getTask(region: string, nativeId: string, record: TaskRecord | null, lookup: NodeLookup) {
    return this.provider.getTask(region, nativeId, record, lookup, this.options());
  }
  watchNodes(region: string, nodes: readonly NodeRef[]) {
    return this.provider.watchNodes(region, nodes, this.options());
  }
}

/** The clouds served, each bound to one owner's call options; the same checks as `ProviderRegistry` for what is not served. */
export class Clouds {
  private readonly bound = new Map<ProviderName, BoundCloud>();

  constructor(
    private readonly providers: ProviderRegistry,
    private readonly optionsFor: CallOptionsFor,
  ) {}

  /** An enabled cloud; BAD_USER_INPUT naming `field` when it is not served here. */
  get(name: ProviderName, field = 'provider'): BoundCloud {
    return this.bind(this.providers.get(name, field));
  }

  /** The cloud serving a parsed ID; BAD_USER_INPUT naming `field` when that cloud or region is not served here. */
  forId(parsed: Pick<ParsedId, 'provider' | 'region'>, field = 'id'): BoundCloud {
    return this.bind(this.providers.forId(parsed, field));
  }

  /** Every (cloud, region) to list, in the fixed order of `ProviderRegistry.sources`. */
  sources(filter: { provider?: ProviderName | null; region?: string | null }): Array<{ provider: BoundCloud; region: string }> {
    return this.providers.sources(filter).map(({ provider, region }) => ({ provider: this.bind(provider), region }));
  }

  private bind(provider: CloudProvider): BoundCloud {
    let cloud = this.bound.get(provider.name);
    if (!cloud) {
      cloud = new BoundCloud(provider, () => this.optionsFor(provider.name));
      this.bound.set(provider.name, cloud);
    }
    return cloud;
  }
}

export interface RequestScopeSettings {
  timeoutMs: number;
  concurrencyPerProvider: number;
  retryBudget: number;
  /** The client's own signal: its going away stops the request's calls too. */
  clientGone?: AbortSignal | undefined;
  requestId?: string | undefined;
  /** Makes the admission of the caller's upstream-call budget, when there is one. */
  admission?: (() => () => Promise<void>) | undefined;
}

/**
 * The resilience of one request, made on first use: one deadline (counted from the request's start), one retry budget
 * and one admission for all its calls to every cloud, and a concurrency bound per cloud.
 */
class RequestScope {
  private readonly startedAt = Date.now();
  private deadline: Deadline | undefined;
  private ended = false;
  private shared: Omit<CallOptions, 'schedule'> | undefined;
  private readonly bounds = new Map<ProviderName, CallOptions>();

  constructor(private readonly settings: RequestScopeSettings) {}

  get signal(): AbortSignal {
    if (!this.deadline) {
      const { timeoutMs, clientGone } = this.settings;
      // Not AbortSignal.any over AbortSignal.timeout: on Node 20 a garbage collection loses that deadline (deadline.ts).
      this.deadline = deadline(Math.max(0, this.startedAt + timeoutMs - Date.now()), clientGone);
      // A call first made after the request ended (a resolver left running by a failed sibling) stops at once.
      if (this.ended) this.deadline.end();
      // Each call waits on the signal (a listener, removed when it settles); a request may have many, so no limit.
      setMaxListeners(0, this.deadline.signal);
    }
    return this.deadline.signal;
  }

  optionsFor(provider: ProviderName): CallOptions {
    let options = this.bounds.get(provider);
    if (!options) {
      const { settings } = this;
      if (!this.shared) {
        const admit = settings.admission?.();
        this.shared = {
          signal: this.signal,
          deadlineAt: this.startedAt + settings.timeoutMs,
          retries: new RetryBudget(settings.retryBudget),
          requestId: settings.requestId,
          ...(admit && { admit }),
        };
      }
      const limit = pLimit(settings.concurrencyPerProvider);
      // Written out, not spread then added to: that is slow and large on Node 20 (see providers/alibaba/adapter.ts).
      options = Object.assign({ schedule: <T>(call: () => Promise<T>) => limit(call) }, this.shared);
      this.bounds.set(provider, options);
    }
    return options;
  }

  end(): void {
    this.ended = true;
    this.deadline?.end();
  }
}

/** A request's view of the clouds: its calls share the request's scope; `signal` is its deadline and its client's leaving. */
export class RequestClouds extends Clouds {
  private readonly scope: RequestScope;

  constructor(providers: ProviderRegistry, settings: RequestScopeSettings) {
    const scope = new RequestScope(settings);
    super(providers, (provider) => scope.optionsFor(provider));
    this.scope = scope;
  }

  /** Fires when the request's deadline passes, its client goes away, or it ended. Made on first use. */
  get signal(): AbortSignal {
    return this.scope.signal;
  }

  /** The request's result is done: its deadline timer goes now, and calls still in flight for it stop. */
  end(): void {
    this.scope.end();
  }
}
