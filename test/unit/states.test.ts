import { describe, expect, it } from 'vitest';
import { alibabaClusterState, alibabaNodeState } from '../../src/providers/alibaba/states.js';
import { huaweiServerState, huaweiSupernodeState } from '../../src/providers/huawei/states.js';

/** Every OperatingState value the reference documents (alibaba-eflo.md), with the state it means. */
const alibabaNodeTable = [
  ['Extending', 'UPDATING'],
  ['UnusedNodeStopped', 'STOPPED'],
  ['UnusedNodeStopping', 'STOPPING'],
  ['Unused', 'AVAILABLE'],
  ['Using', 'RUNNING'],
  ['ReleaseLocking', 'DELETING'],
  ['Operating', 'UPDATING'],
  ['Cutting', 'UPDATING'],
  ['ClusterNodeStopped', 'STOPPED'],
  ['UnusedNodeRecovering', 'RECOVERING'],
  ['ClusterNodeStopping', 'STOPPING'],
  ['ClusterNodeRecovering', 'RECOVERING'],
  ['Replacing', 'RECOVERING'],
  ['InProgress', 'UPDATING'],
] as const;

/** Every dev-server status the reference documents (huawei-modelarts.md), with the *_FAILED variants. */
const huaweiServerTable = [
  ['CREATING', 'CREATING'],
  ['RUNNING', 'RUNNING'],
  ['STOPPED', 'STOPPED'],
  ['STOPPING', 'STOPPING'],
  ['STARTING', 'STARTING'],
  ['REBOOTING', 'REBOOTING'],
  ['ERROR', 'ERROR'],
  ['DELETING', 'DELETING'],
  ['DELETED', 'DELETED'],
  ['CHANGINGOS', 'UPDATING'],
  ['REINSTALLINGOS', 'UPDATING'],
  ['CREATE_FAILED', 'ERROR'],
  ['START_FAILED', 'ERROR'],
  ['STOP_FAILED', 'ERROR'],
  ['REBOOT_FAILED', 'ERROR'],
  ['DELETE_FAILED', 'ERROR'],
  ['CHANGINGOS_FAILED', 'ERROR'],
] as const;

/** Every supernode (hyperinstance) status the reference documents. */
const huaweiSupernodeTable = [
  ['PROVISIONING', 'CREATING'],
  ['ACTIVE', 'RUNNING'],
  ['ERROR', 'ERROR'],
  ['REIMAGING', 'UPDATING'],
  ['TERMINATING', 'DELETING'],
  ['TERMINATED', 'DELETED'],
] as const;

describe('lifecycle states', () => {
  it.each(huaweiServerTable)('maps Huawei dev server %s to %s', (raw, state) => {
    expect(huaweiServerState(raw)).toBe(state);
  });

  it.each(huaweiSupernodeTable)('maps Huawei supernode %s to %s', (raw, state) => {
    expect(huaweiSupernodeState(raw)).toBe(state);
  });

  it.each([['HIBERNATING'], ['running'], [''], [undefined], ['hasOwnProperty']])('maps an unknown Huawei value %j to UNKNOWN', (raw) => {
    expect(huaweiServerState(raw)).toBe('UNKNOWN');
    expect(huaweiSupernodeState(raw)).toBe('UNKNOWN');
  });

  it.each(alibabaNodeTable)('maps Alibaba %s to %s', (raw, state) => {
    expect(alibabaNodeState(raw)).toBe(state);
  });

  it.each([['Teleporting'], [''], [null], ['constructor'], ['__proto__'], ['using']])('maps an unknown Alibaba value %j to UNKNOWN', (raw) => {
    expect(alibabaNodeState(raw)).toBe('UNKNOWN');
  });

  it('maps cluster states case-insensitively, and no status to null', () => {
    expect(alibabaClusterState('running')).toBe('RUNNING');
    expect(alibabaClusterState('Initializing')).toBe('CREATING');
    expect(alibabaClusterState('hibernating')).toBe('UNKNOWN');
    expect(alibabaClusterState(undefined)).toBeNull();
  });
});
