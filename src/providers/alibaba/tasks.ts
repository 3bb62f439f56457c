/** DescribeTask answers -> the unified task model: TaskState words, task types, steps and their sub-tasks. */
import { globalId } from '../../ids.js';
import { isFinished, type TaskKind, type TaskModel, type TaskState, type TaskStepModel } from '../../model.js';
import { isoFromCloudString } from '../../time.js';
import type { WireSubTask, WireTask, WireTaskStep } from './wire.js';

const TASK_STATES: Readonly<Record<string, TaskState>> = {
  waiting_to_run: 'PENDING',
  running: 'RUNNING',
  execution_success: 'SUCCEEDED',
  execution_fail: 'FAILED',
};

const TASK_KINDS: Readonly<Record<string, TaskKind>> = {
  reboot_node: 'REBOOT',
  stop_node: 'STOP',
  start_node: 'START',
};

/** An unknown state word is never taken for an end: the task is read as still running. */
export const alibabaTaskState = (raw: unknown): TaskState => (typeof raw === 'string' && Object.hasOwn(TASK_STATES, raw) ? TASK_STATES[raw]! : 'RUNNING');

export const alibabaTaskKind = (raw: unknown): TaskKind => (typeof raw === 'string' && Object.hasOwn(TASK_KINDS, raw) ? TASK_KINDS[raw]! : 'OTHER');

/** Only strings are taken from the answer; anything else is as good as absent. */
const orNull = (value: unknown): string | null => (typeof value === 'string' && value !== '' ? value : null);
/** A message for a person, clipped: the cloud's answer decides its length otherwise. */
const text = (value: unknown): string | null => {
  const message = orNull(value);
  return message && message.length > 500 ? `${message.slice(0, 497)}...` : message;
};
/** The objects of a list the answer should hold, whatever else it holds. */
const objects = <T>(value: unknown): T[] => (Array.isArray(value) ? value.filter((item): item is T => typeof item === 'object' && item !== null) : []);

function step(wire: WireTaskStep, index: number): TaskStepModel {
  const subMessage = objects<WireSubTask>(wire.SubTasks).map((sub) => text(sub.Message)).find((message) => message !== null);
  return {
    name: orNull(wire.StepName) ?? `step${index}`,
    state: alibabaTaskState(wire.StepState),
    status: orNull(wire.StepState),
    message: text(wire.Message) ?? subMessage ?? null,
    startedAt: isoFromCloudString(orNull(wire.StartTime)),
    updatedAt: isoFromCloudString(orNull(wire.UpdateTime)),
  };
}

export function taskFromDescribe(region: string, nativeId: string, wire: WireTask): TaskModel {
  const state = alibabaTaskState(wire.TaskState);
  const updatedAt = isoFromCloudString(orNull(wire.UpdateTime));
  return {
    id: globalId('ALIBABA', region, 'task', nativeId),
    provider: 'ALIBABA',
    nativeId,
    region,
    kind: alibabaTaskKind(wire.TaskType),
    state,
    status: orNull(wire.TaskState),
    nodeIds: (Array.isArray(wire.NodeIds) ? wire.NodeIds : []).filter((id) => typeof id === 'string').map((id) => globalId('ALIBABA', region, 'node', id)),
    steps: objects<WireTaskStep>(wire.Steps).map(step),
    message: text(wire.Message),
    createdAt: isoFromCloudString(orNull(wire.CreateTime)),
    updatedAt,
    finishedAt: isFinished(state) ? updatedAt : null,
  };
}
