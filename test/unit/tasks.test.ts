/** Tasks: the store's expiry, DescribeTask answers (hostile ones too), Huawei tasks from server statuses, settings. */
import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../../src/config/index.js';
import type { NodeModel } from '../../src/model.js';
import { taskFromDescribe } from '../../src/providers/alibaba/tasks.js';
import { huaweiTask } from '../../src/providers/huawei/tasks.js';
import { describeTaskAnswer, type SimTask } from '../../src/simulators/alibaba-tasks.js';
import { MemoryTaskStore, TASK_RECORD_TTL_MS, type TaskRecord } from '../../src/tasks/store.js';

const record = (overrides: Partial<TaskRecord> = {}): TaskRecord => ({
  id: 'huawei:cn-north-4:task:6f1c1f0e-5d7a-4a57-9a43-3a0c2f1e9b10',
  kind: 'REBOOT',
  action: 'reboot',
  nodeIds: ['huawei:cn-north-4:node:s1', 'huawei:cn-north-4:node:s2'],
  startStatus: { 'huawei:cn-north-4:node:s1': 'REBOOTING', 'huawei:cn-north-4:node:s2': 'REBOOTING' },
  createdAt: 1_000,
  ...overrides,
});
const server = (nativeId: string, status: string): NodeModel => ({ id: `huawei:cn-north-4:node:${nativeId}`, provider: 'HUAWEI', nativeId, region: 'cn-north-4', status });

describe('the in-memory task store', () => {
  it('keeps records and each node\'s latest task for 24 hours, then forgets them', async () => {
    let now = 0;
    const store = new MemoryTaskStore(() => now);
    await store.put(record(), TASK_RECORD_TTL_MS);
    await store.put(record({ id: 'huawei:cn-north-4:task:later', nodeIds: ['huawei:cn-north-4:node:s2'] }), TASK_RECORD_TTL_MS);
    expect((await store.get(record().id))?.kind).toBe('REBOOT');
    expect(Object.fromEntries(await store.latestOf(['huawei:cn-north-4:node:s1', 'huawei:cn-north-4:node:s2', 'huawei:cn-north-4:node:s3']))).toEqual({
      'huawei:cn-north-4:node:s1': record().id,
      'huawei:cn-north-4:node:s2': 'huawei:cn-north-4:task:later',
    });
    now = TASK_RECORD_TTL_MS + 1;
    expect(await store.get(record().id)).toBeNull();
    expect((await store.latestOf(['huawei:cn-north-4:node:s1'])).size).toBe(0);
  });

  it('hands out copies: a caller changing what it read changes nothing stored', async () => {
    const store = new MemoryTaskStore();
    await store.put(record(), TASK_RECORD_TTL_MS);
    const read = await store.get(record().id);
    read!.nodeIds.push('huawei:cn-north-4:node:intruder');
    expect((await store.get(record().id))!.nodeIds).toHaveLength(2);
  });
});

describe('Alibaba DescribeTask answers', () => {
  const task: SimTask = { TaskId: 'i123', TaskType: 'reboot_node', NodeIds: ['e01-a', 'e01-b'], ClusterId: 'i1', ClusterName: 'c', createdAt: 0, durationMs: 1_000, fails: false };

  it.each([
    [100, 'PENDING', 'waiting_to_run'],
    [500, 'RUNNING', 'running'],
    [1_500, 'SUCCEEDED', 'execution_success'],
  ])('reads the simulator at %i ms as %s', (at, state, status) => {
    const model = taskFromDescribe('cn-wulanchabu', 'i123', describeTaskAnswer(task, at));
    expect(model).toMatchObject({ id: 'alibaba:cn-wulanchabu:task:i123', kind: 'REBOOT', state, status });
    expect(model.nodeIds).toEqual(['alibaba:cn-wulanchabu:node:e01-a', 'alibaba:cn-wulanchabu:node:e01-b']);
    expect(model.steps.map((s) => s.name)).toEqual(['check_node', 'reboot_node']);
    expect(model.finishedAt === null).toBe(state !== 'SUCCEEDED');
  });

  it('says why a failed task failed, from its message or a sub-task', () => {
    const model = taskFromDescribe('cn-wulanchabu', 'i123', describeTaskAnswer({ ...task, fails: true }, 2_000));
    expect(model.state).toBe('FAILED');
    expect(model.message).toMatch(/e01-a did not come back/);
    expect(model.steps[1]!.message).toMatch(/did not come back/);
  });

  it('survives a hostile answer: wrong types, unknown words, an endless message', () => {
    const model = taskFromDescribe('cn-wulanchabu', 'i9', {
      TaskState: 'exploded' as string,
      TaskType: 42 as unknown as string,
      NodeIds: 'e01-a' as unknown as string[],
      Message: 'x'.repeat(100_000),
      Steps: [null, 'step', { StepName: 7, StepState: 'execution_fail', SubTasks: [null, { Message: 'sub says why' }] }] as never,
    });
    expect(model).toMatchObject({ state: 'RUNNING', status: 'exploded', kind: 'OTHER', nodeIds: [] });
    expect(model.message!.length).toBeLessThanOrEqual(500);
    expect(model.steps).toEqual([{ name: 'step0', state: 'FAILED', status: 'execution_fail', message: 'sub says why', startedAt: null, updatedAt: null }]);
  });
});

describe('Huawei tasks from server statuses', () => {
  const at = (s1: string | NodeModel | undefined, s2: string | NodeModel | undefined) =>
    new Map(
      [
        ['s1', typeof s1 === 'string' ? server('s1', s1) : s1],
        ['s2', typeof s2 === 'string' ? server('s2', s2) : s2],
      ].filter(([, v]) => v !== undefined) as Array<[string, NodeModel]>,
    );

  it.each([
    ['both rebooting', 'REBOOTING', 'REBOOTING', 'RUNNING'],
    ['one back', 'RUNNING', 'REBOOTING', 'RUNNING'],
    ['both back', 'RUNNING', 'RUNNING', 'SUCCEEDED'],
    ['one failed, one still rebooting', 'REBOOT_FAILED', 'REBOOTING', 'RUNNING'],
    ['one failed, one back', 'REBOOT_FAILED', 'RUNNING', 'FAILED'],
    ['one in ERROR', 'ERROR', 'RUNNING', 'FAILED'],
  ])('%s: %s and %s is %s', (_, s1, s2, state) => {
    expect(huaweiTask('cn-north-4', 'n1', record(), at(s1, s2)).state).toBe(state);
  });

  it('fails a server that no longer exists, and keeps going while a status cannot be read', () => {
    const gone = huaweiTask('cn-north-4', 'n1', record(), at('RUNNING', undefined));
    expect(gone.state).toBe('FAILED');
    expect(gone.message).toMatch(/no longer exists/);
    const unreadable = new Map<string, NodeModel | Error>([['s1', server('s1', 'RUNNING')], ['s2', new Error('timeout')]]);
    expect(huaweiTask('cn-north-4', 'n1', record(), unreadable).state).toBe('RUNNING');
  });

  it('does not take a server that had not begun (the action answered RUNNING) for one that is done', () => {
    const started = record({ startStatus: { 'huawei:cn-north-4:node:s1': 'RUNNING', 'huawei:cn-north-4:node:s2': 'RUNNING' } });
    expect(huaweiTask('cn-north-4', 'n1', started, at('RUNNING', 'RUNNING')).state).toBe('PENDING');
  });

  it('ends a stop in STOPPED', () => {
    const stop = record({ kind: 'STOP', action: 'stop', startStatus: {} });
    expect(huaweiTask('cn-north-4', 'n1', stop, at('STOPPED', 'STOPPING')).state).toBe('RUNNING');
    expect(huaweiTask('cn-north-4', 'n1', stop, at('STOPPED', 'STOPPED'))).toMatchObject({ state: 'SUCCEEDED', status: 'STOPPED', kind: 'STOP' });
  });
});

describe('task and subscription settings', () => {
  it('default to a 15-minute task timeout, a 2 s watch interval and 20 subscriptions per principal', () => {
    const config = loadConfig({});
    expect(config.tasks).toEqual({ timeoutMs: 900_000 });
    expect(config.subscriptions).toEqual({ watchIntervalMs: 2_000, maxPerPrincipal: 20 });
    expect(config.simulator.failureRate).toBe(0);
  });

  it.each([
    ['GATEWAY_TASK_TIMEOUT_MS', '10'],
    ['GATEWAY_WATCH_INTERVAL_MS', 'often'],
    ['GATEWAY_MAX_SUBSCRIPTIONS', '0'],
    ['SIMULATOR_FAILURE_RATE', '2'],
  ])('refuse a bad %s with one line naming it', (name, value) => {
    try {
      loadConfig({ [name]: value });
      expect.unreachable();
    } catch (error) {
      expect(error).toBeInstanceOf(ConfigError);
      expect((error as ConfigError).problems).toHaveLength(1);
      expect((error as ConfigError).problems[0]).toMatch(new RegExp(`^${name}: `));
    }
  });
});
