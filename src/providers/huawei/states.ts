/** Huawei's status words -> the shared lifecycle vocabulary. */
import type { LifecycleState } from '../../model.js';

/** Dev server `status`; every `*_FAILED` variant is ERROR. */
export const HUAWEI_SERVER_STATES: Readonly<Record<string, LifecycleState>> = {
  CREATING: 'CREATING',
  RUNNING: 'RUNNING',
  STOPPED: 'STOPPED',
  STOPPING: 'STOPPING',
  STARTING: 'STARTING',
  REBOOTING: 'REBOOTING',
  ERROR: 'ERROR',
  DELETING: 'DELETING',
  DELETED: 'DELETED',
  CHANGINGOS: 'UPDATING',
  REINSTALLINGOS: 'UPDATING',
};

/** Supernode (hyperinstance) `status`. */
export const HUAWEI_SUPERNODE_STATES: Readonly<Record<string, LifecycleState>> = {
  PROVISIONING: 'CREATING',
  ACTIVE: 'RUNNING',
  ERROR: 'ERROR',
  REIMAGING: 'UPDATING',
  TERMINATING: 'DELETING',
  TERMINATED: 'DELETED',
};

export function huaweiServerState(raw: string | null | undefined): LifecycleState {
  if (!raw) return 'UNKNOWN';
  if (Object.hasOwn(HUAWEI_SERVER_STATES, raw)) return HUAWEI_SERVER_STATES[raw]!;
  return /^[A-Z]+_FAILED$/.test(raw) ? 'ERROR' : 'UNKNOWN';
}

export function huaweiSupernodeState(raw: string | null | undefined): LifecycleState {
  return raw && Object.hasOwn(HUAWEI_SUPERNODE_STATES, raw) ? HUAWEI_SUPERNODE_STATES[raw]! : 'UNKNOWN';
}
