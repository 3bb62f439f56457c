import { describe, expect, it } from 'vitest';
import { alibabaClusterState, alibabaNodeState } from '../../src/providers/alibaba/states.js';

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

describe('lifecycle states', () => {
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
