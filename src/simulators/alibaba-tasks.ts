/**
 * Tasks of the simulated Lingjun API, as DescribeTask shows them: `waiting_to_run` for the first fifth of the
 * action's time, then `running` with a check step done and the action step under way (a sub-task per node), then
 * `execution_success`, or `execution_fail` for the tasks the seeded draw fails. States are computed from the clock,
 * so a task moves without anyone asking.
 */
import { randomUUID } from 'node:crypto';

export type SimTaskType = 'reboot_node' | 'stop_node';

export interface SimTask {
  TaskId: string;
  TaskType: SimTaskType;
  NodeIds: string[];
  ClusterId: string;
  ClusterName: string;
  createdAt: number;
  durationMs: number;
  fails: boolean;
}

const iso = (ms: number) => new Date(ms).toISOString().replace(/\.\d{3}Z$/, 'Z');

export function newTaskId(): string {
  return `i${randomUUID().replace(/-/g, '').slice(0, 22)}`;
}

/** The task's phase at `now`: when it starts running and when it ends. */
function phase(task: SimTask, now: number) {
  const startsAt = task.createdAt + Math.round(task.durationMs / 5);
  const endsAt = task.createdAt + task.durationMs;
  const state = now < startsAt ? 'waiting_to_run' : now < endsAt ? 'running' : task.fails ? 'execution_fail' : 'execution_success';
  return { state, startsAt, endsAt };
}

/** Whether the task is over at `now`, and how. */
export function taskOutcome(task: SimTask, now: number): 'running' | 'succeeded' | 'failed' {
  const { state } = phase(task, now);
  return state === 'execution_success' ? 'succeeded' : state === 'execution_fail' ? 'failed' : 'running';
}

export function describeTaskAnswer(task: SimTask, now: number) {
  const { state, startsAt, endsAt } = phase(task, now);
  const updatedAt = Math.min(now, state === 'waiting_to_run' ? task.createdAt : state === 'running' ? startsAt : endsAt);
  const failedNode = task.NodeIds[0];
  const subState = (nodeId: string) => (state === 'waiting_to_run' ? 'waiting_to_run' : state === 'running' ? 'running' : task.fails && nodeId === failedNode ? 'execution_fail' : 'execution_success');
  const message = state === 'execution_fail' ? `Node ${failedNode} did not come back within the operation's time limit.` : '';
  return {
    TaskState: state,
    TaskType: task.TaskType,
    NodeIds: task.NodeIds,
    ClusterId: task.ClusterId,
    ClusterName: task.ClusterName,
    Message: message,
    CreateTime: iso(task.createdAt),
    UpdateTime: iso(updatedAt),
    Steps: [
      {
        StepName: 'check_node',
        StepState: state === 'waiting_to_run' ? 'waiting_to_run' : 'execution_success',
        StepType: 'normal',
        StageTag: 'prepare',
        StartTime: iso(task.createdAt),
        UpdateTime: iso(state === 'waiting_to_run' ? task.createdAt : startsAt),
        Message: '',
        SubTasks: [],
      },
      {
        StepName: task.TaskType,
        StepState: state === 'waiting_to_run' ? 'waiting_to_run' : state,
        StepType: 'dispersive',
        StageTag: 'execute',
        StartTime: state === 'waiting_to_run' ? '' : iso(startsAt),
        UpdateTime: iso(updatedAt),
        Message: message,
        SubTasks: task.NodeIds.map((nodeId) => ({
          TaskId: `${task.TaskId}-${nodeId}`,
          TaskState: subState(nodeId),
          TaskType: task.TaskType,
          Message: subState(nodeId) === 'execution_fail' ? message : '',
          CreateTime: iso(task.createdAt),
          UpdateTime: iso(updatedAt),
        })),
      },
    ],
  };
}
