/**
 * Task records in Redis, so that `task(id)` and `Node.task` answer on any replica: a record per task, its final
 * state beside it once known, and the latest task of each node, all with the record's expiry. Writes that fail are
 * counted and left (the mutation that started the task has run; its answer carries the task); a read that fails
 * refuses with STORE_UNAVAILABLE rather than answer that a Huawei task, which is only its record, does not exist.
 */
import { GatewayError } from '../errors.js';
import type { TaskModel } from '../model.js';
import type { RedisConnection } from '../redis/connection.js';
import type { TaskRecord, TaskStore } from './store.js';

/** The final state, for as long as its record lives; nothing when the record is gone. */
const FINISH = `
local ttl = redis.call('PTTL', KEYS[1])
if ttl <= 0 then return 0 end
redis.call('SET', KEYS[2], ARGV[1], 'PX', ttl)
return 1
`;

export interface RedisTaskOptions {
  onError?: (operation: string, error: unknown) => void;
}

export class RedisTaskStore implements TaskStore {
  constructor(
    private readonly redis: RedisConnection,
    private readonly options: RedisTaskOptions = {},
  ) {}

  async put(record: TaskRecord, ttlMs: number): Promise<void> {
    const { final, ...rest } = record;
    const batch = this.redis.client.multi().set(this.record(record.id), JSON.stringify(rest), 'PX', ttlMs);
    if (final) batch.set(this.final(record.id), JSON.stringify(final), 'PX', ttlMs);
    else batch.del(this.final(record.id));
    for (const nodeId of record.nodeIds) batch.set(this.latest(nodeId), record.id, 'PX', ttlMs);
    try {
      await batch.exec();
    } catch (error) {
      this.options.onError?.('put', error);
    }
  }

  async finish(id: string, final: TaskModel): Promise<void> {
    try {
      await this.redis.client.eval(FINISH, 2, this.record(id), this.final(id), JSON.stringify(final));
    } catch (error) {
      this.options.onError?.('finish', error);
    }
  }

  async get(id: string): Promise<TaskRecord | null> {
    let values: Array<string | null>;
    try {
      values = await this.redis.client.mget(this.record(id), this.final(id));
    } catch (error) {
      this.options.onError?.('get', error);
      throw new GatewayError('STORE_UNAVAILABLE', 'The shared task store cannot be reached now; try again later.');
    }
    const [record, final] = values;
    if (!record) return null;
    return { ...(JSON.parse(record) as TaskRecord), ...(final && { final: JSON.parse(final) as TaskModel }) };
  }

  /** Nothing found while Redis is down: a node then shows no latest task rather than failing its read. */
  async latestOf(nodeIds: readonly string[]): Promise<Map<string, string>> {
    const found = new Map<string, string>();
    if (nodeIds.length === 0) return found;
    try {
      const ids = await this.redis.client.mget(...nodeIds.map((id) => this.latest(id)));
      ids.forEach((taskId, i) => taskId && found.set(nodeIds[i]!, taskId));
    } catch (error) {
      this.options.onError?.('latestOf', error);
    }
    return found;
  }

  private record(id: string): string {
    return this.redis.key(`task:${id}`);
  }

  private final(id: string): string {
    return this.redis.key(`task-final:${id}`);
  }

  private latest(nodeId: string): string {
    return this.redis.key(`task-latest:${nodeId}`);
  }
}
