/**
 * Records of the tasks this gateway started: which nodes each covers, what it does, from which status, and its
 * last state once it finished. Huawei's server actions give no task ID, so these records are what such a task is;
 * Alibaba's are followed with DescribeTask and recorded so that `Node.task` can name them. The records sit behind
 * a small store interface (async, keyed, with a TTL) so that replicas can share one (e.g. Redis) later.
 */
import type { NodeAction, TaskKind, TaskModel } from '../model.js';

export const TASK_RECORD_TTL_MS = 24 * 60 * 60 * 1000;

export interface TaskRecord {
  /** Global ID of the task. */
  id: string;
  kind: TaskKind;
  /** What the gateway asked for; null for tasks it did not start. */
  action: NodeAction | null;
  /** Global IDs of the nodes, in the order asked. */
  nodeIds: string[];
  /** Each node's raw status in the cloud's answer to the action (Huawei), by global ID. */
  startStatus: Record<string, string | null>;
  /** Epoch ms when the gateway sent the action. */
  createdAt: number;
  /** The task as last seen once it reached SUCCEEDED or FAILED; it changes no more. */
  final?: TaskModel;
}

export interface TaskStore {
  /** Writes a record (replacing one with the same ID) and makes it the latest task of each of its nodes. */
  put(record: TaskRecord, ttlMs: number): Promise<void>;
  /** Records the final state of a task; the node index is left as it is. */
  finish(id: string, final: TaskModel): Promise<void>;
  get(id: string): Promise<TaskRecord | null>;
  /** The ID of the latest task started on each node that has one, by node ID. */
  latestOf(nodeIds: readonly string[]): Promise<Map<string, string>>;
}

interface Expiring<T> {
  value: T;
  expiresAt: number;
}

export class MemoryTaskStore implements TaskStore {
  private readonly records = new Map<string, Expiring<TaskRecord>>();
  private readonly latest = new Map<string, Expiring<string>>();

  constructor(private readonly now: () => number = Date.now) {}

  async put(record: TaskRecord, ttlMs: number): Promise<void> {
    this.prune();
    const expiresAt = this.now() + ttlMs;
    this.records.set(record.id, { value: structuredClone(record), expiresAt });
    for (const nodeId of record.nodeIds) this.latest.set(nodeId, { value: record.id, expiresAt });
  }

  async finish(id: string, final: TaskModel): Promise<void> {
    const entry = this.records.get(id);
    if (entry) entry.value = { ...entry.value, final: structuredClone(final) };
  }

  async get(id: string): Promise<TaskRecord | null> {
    const entry = this.records.get(id);
    if (!entry || entry.expiresAt <= this.now()) return null;
    return structuredClone(entry.value);
  }

  async latestOf(nodeIds: readonly string[]): Promise<Map<string, string>> {
    const now = this.now();
    const found = new Map<string, string>();
    for (const nodeId of nodeIds) {
      const entry = this.latest.get(nodeId);
      if (entry && entry.expiresAt > now) found.set(nodeId, entry.value);
    }
    return found;
  }

  /** Drops expired entries, so memory stays bounded by the tasks of the last 24 hours. */
  private prune(): void {
    const now = this.now();
    for (const [key, entry] of this.records) if (entry.expiresAt <= now) this.records.delete(key);
    for (const [key, entry] of this.latest) if (entry.expiresAt <= now) this.latest.delete(key);
  }
}
