/**
 * One watcher per watched object per gateway, however many subscribers it has. Every interval one round reads all
 * watched nodes with the loaders' batch reads (grouped by cloud region) and all watched tasks, and publishes what
 * changed on the event bus. A round has its own deadline and retry budget, never a subscriber's request signal; a
 * watcher stops when its last subscriber leaves, and the round timer when no watcher is left.
 */
import { setMaxListeners } from 'node:events';
import pLimit from 'p-limit';
import { Clouds } from '../clouds.js';
import type { UpstreamConfig } from '../config/index.js';
import { createLoaders } from '../loaders.js';
import type { Logger } from '../logger.js';
import { isFinished, type NodeModel, type Provider, type TaskModel } from '../model.js';
import type { CallOptions, NodeRef } from '../providers/provider.js';
import { globalId, parseId } from '../ids.js';
import type { Providers } from '../providers/registry.js';
import { RetryBudget } from '../providers/retry.js';
import type { TaskService } from '../tasks/tasks.js';
import type { EventBus } from './bus.js';

export interface WatchHubOptions {
  providers: Providers;
  tasks: TaskService;
  bus: EventBus;
  intervalMs: number;
  upstream: Pick<UpstreamConfig, 'requestTimeoutMs' | 'concurrencyPerProvider' | 'retry'>;
  logger: Logger;
  /** Told the number of watchers whenever it changes (for metrics). */
  onWatchers?: (nodes: number, tasks: number) => void;
}

interface Watcher {
  subscribers: number;
  /** The node's cluster, once a read said (lets the cloud read many watched nodes of a cluster in one list). */
  clusterNativeId?: string | null;
  /** What was last seen (the fields whose change is an event); undefined until the first read. */
  seen?: string;
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

  constructor(private readonly options: WatchHubOptions) {}

  /** Watches a node until the returned function is called (once per subscriber). */
  watchNode(id: string): () => void {
    return this.acquire(this.nodes, id);
  }

  /** Watches a task until the returned function is called (once per subscriber). */
  watchTask(id: string, current?: TaskModel): () => void {
    const release = this.acquire(this.tasks, id);
    const watcher = this.tasks.get(id)!;
    if (watcher.seen === undefined && current) watcher.seen = taskSignature(current);
    return release;
  }

  get counts(): { nodes: number; tasks: number } {
    return { nodes: this.nodes.size, tasks: this.tasks.size };
  }

  /** Stops every watcher; the round under way finishes first. */
  async close(): Promise<void> {
    this.nodes.clear();
    this.tasks.clear();
    this.schedule();
    await this.round;
  }

  private acquire(watchers: Map<string, Watcher>, id: string): () => void {
    const watcher = watchers.get(id) ?? { subscribers: 0 };
    watcher.subscribers += 1;
    watchers.set(id, watcher);
    this.schedule();
    let released = false;
    return () => {
      if (released) return;
      released = true;
      watcher.subscribers -= 1;
      if (watcher.subscribers === 0 && watchers.get(id) === watcher) watchers.delete(id);
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
  private callOptionsFor(): (provider: Provider) => CallOptions {
    const { requestTimeoutMs, concurrencyPerProvider, retry } = this.options.upstream;
    const signal = AbortSignal.timeout(requestTimeoutMs);
    setMaxListeners(0, signal);
    const shared = { signal, deadlineAt: Date.now() + requestTimeoutMs, retries: new RetryBudget(retry.budgetPerRequest) };
    const limits = new Map<Provider, CallOptions>();
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
    const nodeIds = [...this.nodes.keys()];
    const taskIds = [...this.tasks.keys()];
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
        this.options.bus.publishTask(task);
        return;
      }
      this.changed(watcher, signature, () => this.options.bus.publishTask(task));
    });
  }

  /**
   * The watched nodes, grouped by cloud region, each group in the provider's fewest calls. Nodes read for the first
   * time go through the detail batch (which says their cluster); known ones through the provider's watch read.
   */
  private async readNodes(ids: readonly string[], callOptions: (provider: Provider) => CallOptions, prime: (node: NodeModel) => void): Promise<Array<NodeModel | Error | null>> {
    const groups = new Map<string, { provider: Provider; region: string; refs: NodeRef[] }>();
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
    const before = watcher.seen;
    watcher.seen = signature;
    if (before !== undefined && before !== signature) publish();
  }

  private failedRead(kind: string, id: string, error: Error | null | undefined): void {
    // A failed read is tried again next round; a missing object may come back (or its subscribers leave).
    if (error) this.options.logger.warn({ kind, id, err: { message: error.message } }, 'watcher read failed');
  }
}
