/**
 * Huawei's server actions give no task: the gateway's record of one says which servers it covers and what it asked,
 * and its state follows from the servers' statuses, as the Terraform provider follows them: start and reboot end in
 * RUNNING, stop in STOPPED, and ERROR or any *_FAILED status is a failure.
 */
import { globalId } from '../../ids.js';
import type { NodeAction, NodeModel, TaskModel, TaskState, TaskStepModel } from '../../model.js';
import type { TaskRecord } from '../../tasks/store.js';

const TARGET: Readonly<Record<NodeAction, string>> = { reboot: 'RUNNING', start: 'RUNNING', stop: 'STOPPED' };
/** What a server shows while the action runs. */
export const BUSY: Readonly<Record<NodeAction, string>> = { reboot: 'REBOOTING', start: 'STARTING', stop: 'STOPPING' };

const failed = (status: string) => status === 'ERROR' || status.endsWith('_FAILED');

function serverStep(action: NodeAction, nodeId: string, startStatus: string | null, read: NodeModel | Error | undefined): TaskStepModel {
  const base = { name: nodeId, startedAt: null, updatedAt: null };
  if (read === undefined) return { ...base, state: 'FAILED', status: null, message: 'The server no longer exists.' };
  if (read instanceof Error) return { ...base, state: 'RUNNING', status: null, message: 'Its status could not be read just now.' };
  const status = read.status ?? null;
  if (status === null) return { ...base, state: 'RUNNING', status, message: null };
  if (failed(status)) return { ...base, state: 'FAILED', status, message: `The server went to ${status}.` };
  // The action's answer showing the end status already means the cloud had not begun: not done until it moves.
  if (status === TARGET[action]) return { ...base, state: startStatus === TARGET[action] ? 'PENDING' : 'SUCCEEDED', status, message: null };
  return { ...base, state: status === BUSY[action] ? 'RUNNING' : 'PENDING', status, message: null };
}

function overall(steps: readonly TaskStepModel[]): TaskState {
  if (steps.some((s) => s.state === 'RUNNING' || s.state === 'PENDING')) return steps.some((s) => s.state !== 'PENDING') ? 'RUNNING' : 'PENDING';
  return steps.some((s) => s.state === 'FAILED') ? 'FAILED' : 'SUCCEEDED';
}

/** The task of `record` from the servers read now (keyed by native ID; absent means the cloud has no such server). */
export function huaweiTask(region: string, nativeId: string, record: TaskRecord, servers: Map<string, NodeModel | Error>): TaskModel {
  const action = record.action ?? 'reboot';
  const steps = record.nodeIds.map((nodeId) => {
    const serverId = nodeId.split(':')[3]!;
    return serverStep(action, nodeId, record.startStatus[nodeId] ?? null, servers.get(serverId));
  });
  const state = overall(steps);
  const failures = steps.filter((s) => s.state === 'FAILED');
  const statuses = [...new Set(steps.map((s) => s.status).filter((s): s is string => s !== null))];
  return {
    id: globalId('HUAWEI', region, 'task', nativeId),
    provider: 'HUAWEI',
    nativeId,
    region,
    kind: record.kind,
    state,
    status: statuses.length > 0 ? statuses.join(',') : null,
    nodeIds: record.nodeIds,
    steps,
    message: state === 'FAILED' ? `${failures.length} of ${steps.length} servers failed: ${failures.map((s) => s.message).join(' ')}` : null,
    createdAt: new Date(record.createdAt).toISOString(),
    updatedAt: null,
    finishedAt: null,
  };
}
