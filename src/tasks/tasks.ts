/**
 * Tasks as the gateway serves them: recorded when a mutation starts them, read from the cloud (Alibaba) or derived
 * from the servers (Huawei), failed by the gateway when not done within GATEWAY_TASK_TIMEOUT_MS, and frozen once
 * finished so that every later read agrees and costs no call.
 */
import DataLoader from 'dataloader';
import { globalId, parseId } from '../ids.js';
import { isFinished, type NodeAction, type NodeModel, type TaskModel } from '../model.js';
import type { Clouds } from '../clouds.js';
import type { NodeLookup } from '../providers/provider.js';
import { TASK_RECORD_TTL_MS, type TaskRecord, type TaskStore } from './store.js';

/** Nodes by global ID through whatever loader the reader is given: absent when unknown, an Error when it failed. */
export type LoadNodes = (ids: readonly string[]) => Promise<Array<NodeModel | Error | null>>;

export interface TaskServiceOptions {
  store: TaskStore;
  /** A task not done this long after the gateway started it is failed. */
  timeoutMs: number;
  now?: () => number;
}

export class TaskService {
  private readonly now: () => number;

  constructor(private readonly options: TaskServiceOptions) {
    this.now = options.now ?? Date.now;
  }

  /** Records the tasks a mutation started, so that they can be read by ID and show on their nodes. */
  async started(action: NodeAction, tasks: readonly TaskModel[]): Promise<void> {
    await Promise.all(
      tasks.map((task) => {
        const covered = new Set(task.nodeIds);
        const startStatus = Object.fromEntries(task.steps.filter((s) => covered.has(s.name)).map((s) => [s.name, s.status]));
        const record: TaskRecord = { id: task.id, kind: task.kind, action, nodeIds: task.nodeIds, startStatus, createdAt: this.now() };
        return this.options.store.put(record, TASK_RECORD_TTL_MS);
      }),
    );
  }

  /** A reader for one request (or one watcher round): its calls, its node loader, its cache of tasks. */
  reader(clouds: Clouds, loadNodes: LoadNodes): TaskReader {
    return new TaskReader((id) => this.read(id, clouds, loadNodes), this.options.store);
  }

  private async read(id: string, clouds: Clouds, loadNodes: LoadNodes): Promise<TaskModel | null> {
    const parsed = parseId(id, 'task');
    const cloud = clouds.forId(parsed);
    const record = await this.options.store.get(id);
    if (record?.final) return record.final;
    const lookup: NodeLookup = async (nativeIds) => {
      const ids = nativeIds.map((nativeId) => globalId(parsed.provider, parsed.region, 'node', nativeId));
      const loaded = await loadNodes(ids);
      return new Map(nativeIds.flatMap((nativeId, i) => (loaded[i] ? [[nativeId, loaded[i]!] as const] : [])));
    };
    const task = await cloud.getTask(parsed.region, parsed.nativeId, record, lookup);
    if (!task) return null;
    const timedOut = record && !isFinished(task.state) && this.now() - record.createdAt > this.options.timeoutMs;
    const settled: TaskModel = timedOut
      ? {
          ...task,
          state: 'FAILED',
          message: `Not done within ${this.options.timeoutMs} ms of its start (GATEWAY_TASK_TIMEOUT_MS); the cloud last said ${task.status ?? 'nothing'}.`,
        }
      : task;
    if (!isFinished(settled.state)) return settled;
    const final = { ...settled, finishedAt: settled.finishedAt ?? new Date(this.now()).toISOString() };
    if (record) await this.options.store.finish(id, final);
    return final;
  }
}

/** Tasks read for one request: each at most once, and a node's latest unfinished task. Its loader is made on first use. */
export class TaskReader {
  private loader: DataLoader<string, TaskModel | null> | undefined;

  constructor(
    private readonly read: (id: string) => Promise<TaskModel | null>,
    private readonly store: TaskStore,
  ) {}

  load(id: string): Promise<TaskModel | null> {
    const { read } = this;
    this.loader ??= new DataLoader((ids) => Promise.all(ids.map((id) => read(id).catch((error: unknown) => (error instanceof Error ? error : new Error(String(error)))))));
    return this.loader.load(id);
  }

  /** The latest task the gateway started on the node, while it has not finished; null otherwise. */
  async ofNode(nodeId: string): Promise<TaskModel | null> {
    const latest = (await this.store.latestOf([nodeId])).get(nodeId);
    if (!latest) return null;
    const task = await this.load(latest);
    return task && !isFinished(task.state) ? task : null;
  }
}
