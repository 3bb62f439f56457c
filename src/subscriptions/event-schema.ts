/**
 * What may come off a shared event channel: anyone who can reach Redis can publish on it, so a message is checked
 * like a cloud's answer before a subscriber sees it. An event is a node or a task of the unified model, with its
 * enums and global IDs checked (they reach GraphQL enums and ID parsing), unknown fields dropped and lists bounded.
 */
import { z } from 'zod';
import { parseId } from '../ids.js';
import type { DiskType, ResourceKind, LifecycleState, NodeModel, ProviderName, TaskKind, TaskModel, TaskState } from '../model.js';

/** Bytes of one message, published or received; a bigger one is dropped before it is parsed. */
export const MAX_EVENT_BYTES = 1024 * 1024;

const LIFECYCLE_STATES = ['AVAILABLE', 'CREATING', 'DELETED', 'DELETING', 'ERROR', 'REBOOTING', 'RECOVERING', 'RUNNING', 'STARTING', 'STOPPED', 'STOPPING', 'UNKNOWN', 'UPDATING'] as const satisfies readonly LifecycleState[];
const TASK_KINDS = ['CREATE_HYPER_CLUSTER', 'DELETE_HYPER_CLUSTER', 'OTHER', 'REBOOT', 'START', 'STOP'] as const satisfies readonly TaskKind[];
const TASK_STATES = ['FAILED', 'PENDING', 'RUNNING', 'SUCCEEDED'] as const satisfies readonly TaskState[];
const PROVIDERS = ['ALIBABA', 'HUAWEI'] as const satisfies readonly ProviderName[];
const DISK_TYPES = ['DATA', 'SYSTEM'] as const satisfies readonly DiskType[];

const globalIdOf = (kind: ResourceKind) =>
  z.string().refine((id) => {
    try {
      parseId(id, kind);
      return true;
    } catch {
      return false;
    }
  }, `not a global ${kind} ID`);

const text = z.string().nullable();
const maybe = <S extends z.ZodType>(schema: S) => schema.nullable().optional();

const resource = (kind: ResourceKind) => ({
  id: globalIdOf(kind),
  provider: z.enum(PROVIDERS),
  nativeId: z.string(),
  region: z.string(),
});

const step = z.object({
  name: z.string(),
  state: z.enum(TASK_STATES),
  status: text,
  message: text,
  startedAt: text,
  updatedAt: text,
});

export const taskEvent: z.ZodType<TaskModel> = z.object({
  ...resource('task'),
  kind: z.enum(TASK_KINDS),
  state: z.enum(TASK_STATES),
  status: text,
  nodeIds: z.array(globalIdOf('node')).max(10_000),
  steps: z.array(step).max(10_000),
  message: text,
  createdAt: text,
  updatedAt: text,
  finishedAt: text,
});

const disk = z.object({
  ...resource('disk'),
  sizeGiB: z.number().finite(),
  type: z.enum(DISK_TYPES),
  category: text,
  performanceLevel: text,
});

const network = z.object({ name: text, ip: text, subnetId: text });

export const nodeEvent: z.ZodType<NodeModel> = z.object({
  ...resource('node'),
  hostname: maybe(z.string()),
  name: maybe(z.string()),
  status: maybe(z.string()),
  state: z.enum(LIFECYCLE_STATES).optional(),
  machineType: maybe(z.string()),
  zoneId: maybe(z.string()),
  imageId: maybe(z.string()),
  imageName: maybe(z.string()),
  networks: z.array(network).max(1_000).optional(),
  userData: maybe(z.string()),
  disks: z.array(disk).max(1_000).optional(),
  createdAt: maybe(z.string()),
  expiresAt: maybe(z.string()),
  hyperNodeId: maybe(globalIdOf('hypernode')),
  clusterId: maybe(globalIdOf('hypercluster')),
  task: maybe(taskEvent),
});

export type EventKind = 'task' | 'node';

/** One message on a channel: who sent it (a replica skips its own; it told its own subscribers directly) and what. */
export interface EventMessage {
  origin: string;
  event: TaskModel | NodeModel;
}

const envelope = z.object({ v: z.literal(1), origin: z.string().max(100), event: z.unknown() });

export type Decoded = { ok: true; message: EventMessage } | { ok: false; reason: 'too_large' | 'not_json' | 'invalid' | 'wrong_object' };

export function encodeEvent(origin: string, event: TaskModel | NodeModel): string {
  return JSON.stringify({ v: 1, origin, event });
}

/** Checks a message received for the object `id` of `kind`: size first, then JSON, then its shape and its ID. */
export function decodeEvent(kind: EventKind, id: string, raw: string | Buffer): Decoded {
  if (Buffer.byteLength(raw) > MAX_EVENT_BYTES) return { ok: false, reason: 'too_large' };
  let value: unknown;
  try {
    value = JSON.parse(raw.toString());
  } catch {
    return { ok: false, reason: 'not_json' };
  }
  const outer = envelope.safeParse(value);
  if (!outer.success) return { ok: false, reason: 'invalid' };
  const inner = (kind === 'task' ? taskEvent : nodeEvent).safeParse(outer.data.event);
  if (!inner.success) return { ok: false, reason: 'invalid' };
  if (inner.data.id !== id) return { ok: false, reason: 'wrong_object' };
  return { ok: true, message: { origin: outer.data.origin, event: inner.data } };
}
