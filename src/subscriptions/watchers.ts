/**
 * One watcher per watched object per gateway, however many subscribers it has. Every interval one round reads all
 * watched nodes with the loaders' batch reads (grouped by cloud region) and all watched tasks, and publishes what
 * changed on the event bus. A round has its own deadline and retry budget, never a subscriber's request signal; a
 * watcher stops when its last subscriber leaves, and the round timer when no watcher is left.
 *
 * With replicas (shared leases) a round reads only the objects whose lease this replica holds; the other replicas'
 * subscribers hear the holder's events through the bus. While the leases cannot be reached, every replica reads
 * what its own subscribers want (logged once when that starts and once when it ends).
 */
import { setMaxListeners } from 'node:events';
import pLimit from 'p-limit';
import { Clouds } from '../clouds.js';
import type { UpstreamConfig } from '../config/index.js';
import { createLoaders } from '../loaders.js';
import type { Logger } from '../logger.js';
import { isFinished, type NodeModel, type ProviderName, type TaskModel } from '../model.js';
import type { CallOptions, NodeRef } from '../providers/provider.js';
import { globalId, parseId } from '../ids.js';
import type { ProviderRegistry } from '../providers/registry.js';
import { RetryBudget } from '../providers/retry.js';
import type { TaskService } from '../tasks/tasks.js';
import type { EventBus } from './bus.js';
import { MemoryWatchLeases, type WatchLeases } from './leases.js';

export interface WatchHubOptions {
  providers: ProviderRegistry;
  tasks: TaskService;
  bus: EventBus;
  intervalMs: number;
  upstream: Pick<UpstreamConfig, 'requestTimeoutMs' | 'concurrencyPerProvider' | 'retry'>;
  logger: Logger;
  /** Which replica watches each object; in memory (this gateway watches everything) unless replicas share them. */
  leases?: WatchLeases;
  /** Told the number of watchers whenever it changes (for metrics). */
  onWatchers?: (nodes: number, tasks: number) => void;
}

interface Watcher {
  subscribers: number;
  /** The node's cluster, once a read said (lets the cloud read many watched nodes of a cluster in one list). */
  clusterNativeId?: string | null;
  /** What was last seen (the fields whose change is an event); undefined until the first read. */
  seen?: string;
  /** This replica holds its lease. */
  held: boolean;
  /** This replica read it in its last round, so `seen` is current (a lease taken over keeps it, not the old holder's). */
  current: boolean;
}

const nodeSignature = (node: NodeModel, task: TaskModel | null) => JSON.stringify([node.status, node.state, task?.id ?? null, task?.state ?? null]);
const taskSignature = (task: TaskModel) => JSON.stringify([task.state, task.status, task.message, task.steps.map((s) => [s.name, s.state, s.status, s.message])]);

export class WatchHub {
  private readonly nodes = new Map<string, Watcher>();
  private readonly tasks = new Map<string, Watcher>();
  private timer: NodeJS.Timeout | null = null;
  private round: Promise<void> | null = null;
  /** An interval passed while a round ran. */
  private due = false;
  /** Rounds run so far (tests and benchmarks divide upstream calls by it). */
  rounds = 0;
  private readonly leases: WatchLeases;
  /** How long a lease lasts: its holder renews it each round, and a round may run until its deadline. */
  private readonly leaseMs: number;
  /** The leases could not be reached in the last round: this replica reads everything its subscribers want. */
  private alone = false;

  constructor(private readonly options: WatchHubOptions) {
    this.leases = options.leases ?? new MemoryWatchLeases();
    this.leaseMs = 2 * options.intervalMs + options.upstream.requestTimeoutMs;
  }

  /** Watches a node until the returned function is called (once per subscriber). */
  watchNode(id: string): () => void {
    return this.acquire(this.nodes, id, 'node');
  }

  /** Watches a task until the returned function is called (once per subscriber). */
  watchTask(id: string, current?: TaskModel): () => void {
    const release = this.acquire(this.tasks, id, 'task');
    const watcher = this.tasks.get(id)!;
    if (watcher.seen === undefined && current) watcher.seen = taskSignature(current);
    return release;
  }

  get counts(): { nodes: number; tasks: number } {
    return { nodes: this.nodes.size, tasks: this.tasks.size };
  }

  /** Watched objects whose lease this replica holds (all of them with in-memory leases, none while they are unreachable). */
  get holding(): { nodes: number; tasks: number } {
    const held = (watchers: Map<string, Watcher>) => [...watchers.values()].filter((watcher) => watcher.held).length;
    return { nodes: held(this.nodes), tasks: held(this.tasks) };
  }

  /** The leases could not be reached in the last round: this replica reads every object its subscribers want. */
  get watchingAlone(): boolean {
    return this.alone;
  }

  /** Stops every watcher; the round under way finishes first. */
  async close(): Promise<void> {
    const held = [...this.held(this.nodes, 'node'), ...this.held(this.tasks, 'task')];
    this.nodes.clear();
    this.tasks.clear();
    this.schedule();
    await this.round;
    if (held.length > 0) await this.leases.release(held);
  }

  private held(watchers: Map<string, Watcher>, kind: string): string[] {
    return [...watchers].filter(([, watcher]) => watcher.held).map(([id]) => `${kind}:${id}`);
  }

  private acquire(watchers: Map<string, Watcher>, id: string, kind: string): () => void {
    const watcher = watchers.get(id) ?? { subscribers: 0, held: false, current: false };
    watcher.subscribers += 1;
    watchers.set(id, watcher);
    this.schedule();
    let released = false;
    return () => {
      if (released) return;
      released = true;
      watcher.subscribers -= 1;
      if (watcher.subscribers === 0 && watchers.get(id) === watcher) {
        watchers.delete(id);
        // Free at once for another replica whose subscribers still want it.
        if (watcher.held) void this.leases.release([`${kind}:${id}`]);
        watcher.held = false;
      }
      this.schedule();
    };
  }

  /** Runs the round timer while anything is watched, and reports the counts. */
  private schedule(): void {
    const { nodes, tasks } = this.counts;
    this.options.onWatchers?.(nodes, tasks);
    if (nodes + tasks === 0) {
      if (this.timer) clearInterval(this.timer);
      this.timer = null;
      return;
    }
    if (this.timer) return;
    this.timer = setInterval(() => this.startRound(), this.options.intervalMs);
    this.timer.unref();
    // The first round reads at once what is now, so that the first change is told even within the first interval.
    setImmediate(() => this.startRound());
  }

  private startRound(): void {
    // A round still running (a slow cloud) is not doubled; the round that was due runs as soon as it ends, so that a
    // slow round delays what it would tell by its own length, not by a whole interval more.
    if (!this.timer) return;
    if (this.round) {
      this.due = true;
      return;
    }
    this.due = false;
    this.round = this.runRound()
      .catch((error: unknown) => this.options.logger.error({ err: error }, 'watch round failed'))
      .finally(() => {
        this.round = null;
        if (this.due) this.startRound();
      });
  }

  /** Call options of one round: its own deadline, concurrency bound and retry budget. */
  private callOptionsFor(): (provider: ProviderName) => CallOptions {
    const { requestTimeoutMs, concurrencyPerProvider, retry } = this.options.upstream;
    const signal = AbortSignal.timeout(requestTimeoutMs);
    setMaxListeners(0, signal);
    const shared = { signal, deadlineAt: Date.now() + requestTimeoutMs, retries: new RetryBudget(retry.budgetPerRequest) };
    const limits = new Map<ProviderName, CallOptions>();
    return (provider) => {
      let options = limits.get(provider);
      if (!options) {
        const limit = pLimit(concurrencyPerProvider);
        options = { ...shared, schedule: (call) => limit(call) };
        limits.set(provider, options);
      }
      return options;
    };
  }

  private async runRound(): Promise<void> {
    this.rounds += 1;
    const callOptions = this.callOptionsFor();
    const clouds = new Clouds(this.options.providers, callOptions);
    const loaders = createLoaders(clouds);
    const reader = this.options.tasks.reader(clouds, (ids) => loaders.nodes.known.loadMany(ids));
    const nodeIds = await this.claim(this.nodes, 'node');
    const taskIds = await this.claim(this.tasks, 'task');
    const [nodes, tasks] = await Promise.all([
      this.readNodes(nodeIds, callOptions, (node) => loaders.nodes.prime(node)),
      Promise.all(taskIds.map((id) => reader.load(id).catch((error: unknown) => (error instanceof Error ? error : new Error(String(error)))))),
    ]);
    await Promise.all(
      nodeIds.map(async (id, i) => {
        const node = nodes[i];
        if (!node || node instanceof Error) {
          // Not where it was (moved, or gone): the next round asks for it by ID, which says where it is now.
          if (!node && this.nodes.get(id)) this.nodes.get(id)!.clusterNativeId = null;
          return this.failedRead('node', id, node);
        }
        const watcher = this.nodes.get(id);
        if (watcher && node.clusterId !== undefined) watcher.clusterNativeId = node.clusterId === null ? null : parseId(node.clusterId, 'hypercluster').nativeId;
        const task = await reader.ofNode(id).catch(() => null);
        this.changed(this.nodes.get(id), nodeSignature(node, task), () => this.options.bus.publishNode({ ...node, task }));
      }),
    );
    taskIds.forEach((id, i) => {
      const task = tasks[i];
      if (!task || task instanceof Error) return this.failedRead('task', id, task);
      // A finished task is always told, so that its subscribers complete even when they joined at its end.
      const signature = taskSignature(task);
      const watcher = this.tasks.get(id);
      if (isFinished(task.state) && watcher) {
        watcher.seen = signature;
        watcher.current = true;
        this.options.bus.publishTask(task);
        return;
      }
      this.changed(watcher, signature, () => this.options.bus.publishTask(task));
    });
    await this.remember();
  }

  /**
   * The watched objects this round reads: those whose lease this replica holds (taking free ones, with what their
   * last holder saw), or all of them while the leases cannot be reached.
   */
  private async claim(watchers: Map<string, Watcher>, kind: string): Promise<string[]> {
    const ids = [...watchers.keys()];
    if (ids.length === 0) return ids;
    let claims;
    try {
      claims = await this.leases.claim(
        ids.map((id) => `${kind}:${id}`),
        this.leaseMs,
      );
    } catch (error) {
      if (!this.alone) this.options.logger.warn({ err: error instanceof Error ? error.message : String(error) }, 'watch leases unreachable; this replica watches every object its subscribers want until they are back');
      this.alone = true;
      for (const id of ids) watchers.get(id)!.held = false;
      return ids;
    }
    if (this.alone) this.options.logger.info('watch leases reachable again; one replica watches each object');
    this.alone = false;
    const unwanted: string[] = [];
    const mine = ids.filter((id) => {
      const watcher = watchers.get(id);
      const claim = claims.get(`${kind}:${id}`);
      if (!watcher) {
        // Its last subscriber left (or the hub closed) while the claim was on its way.
        if (claim?.held) unwanted.push(`${kind}:${id}`);
        return false;
      }
      if (!claim?.held) {
        watcher.held = false;
        watcher.current = false;
        return false;
      }
      // A lease taken over: the last holder's record says what subscribers were told, unless this replica read it itself.
      if (claim.taken && !watcher.current && claim.seen !== undefined) watcher.seen = claim.seen;
      watcher.held = true;
      return true;
    });
    if (unwanted.length > 0) await this.leases.release(unwanted);
    return mine;
  }

  /** Leaves what this round saw of the objects this replica holds beside their leases, for a next holder. */
  private async remember(): Promise<void> {
    const seen = new Map<string, string>();
    for (const [kind, watchers] of [['node', this.nodes], ['task', this.tasks]] as const) {
      for (const [id, watcher] of watchers) if (watcher.held && watcher.seen !== undefined) seen.set(`${kind}:${id}`, watcher.seen);
    }
    if (seen.size > 0) await this.leases.remember(seen, 2 * this.leaseMs);
  }

  /**
   * The watched nodes, grouped by cloud region, each group in the provider's fewest calls. Nodes read for the first
   * time go through the detail batch (which says their cluster); known ones through the provider's watch read.
   */
  private async readNodes(ids: readonly string[], callOptions: (provider: ProviderName) => CallOptions, prime: (node: NodeModel) => void): Promise<Array<NodeModel | Error | null>> {
    const groups = new Map<string, { provider: ProviderName; region: string; refs: NodeRef[] }>();
    for (const id of ids) {
      const parsed = parseId(id, 'node');
      const key = `${parsed.provider}:${parsed.region}`;
      const group = groups.get(key) ?? { provider: parsed.provider, region: parsed.region, refs: [] };
      group.refs.push({ nativeId: parsed.nativeId, clusterNativeId: this.nodes.get(id)?.clusterNativeId ?? null });
      groups.set(key, group);
    }
    const found = new Map<string, NodeModel | Error>();
    await Promise.all(
      [...groups.values()].map(async ({ provider, region, refs }) => {
        try {
          const nodes = await this.options.providers.get(provider).watchNodes(region, refs, callOptions(provider));
          for (const [nativeId, node] of nodes) {
            if (!(node instanceof Error)) prime(node);
            found.set(globalId(provider, region, 'node', nativeId), node);
          }
        } catch (error) {
          for (const ref of refs) found.set(globalId(provider, region, 'node', ref.nativeId), error instanceof Error ? error : new Error(String(error)));
        }
      }),
    );
    return ids.map((id) => found.get(id) ?? null);
  }

  /** Publishes when what is seen differs from what was seen before; the first read only records it. */
  private changed(watcher: Watcher | undefined, signature: string, publish: () => void): void {
    if (!watcher) return; // its last subscriber left during the round
    watcher.current = true;
    const before = watcher.seen;
    watcher.seen = signature;
    if (before !== undefined && before !== signature) publish();
  }

  private failedRead(kind: string, id: string, error: Error | null | undefined): void {
    // A failed read is tried again next round; a missing object may come back (or its subscribers leave).
    if (error) this.options.logger.warn({ kind, id, err: { message: error.message } }, 'watcher read failed');
  }
}
