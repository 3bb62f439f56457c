/** Alibaba's status words -> the shared lifecycle vocabulary. */
import type { LifecycleState } from '../../model.js';

/** Hypernode and node `OperatingState` (and the deprecated `Status`, whose values overlap). */
export const ALIBABA_NODE_STATES: Readonly<Record<string, LifecycleState>> = {
  Extending: 'UPDATING',
  UnusedNodeStopped: 'STOPPED',
  UnusedNodeStopping: 'STOPPING',
  Unused: 'AVAILABLE',
  Using: 'RUNNING',
  ReleaseLocking: 'DELETING',
  Operating: 'UPDATING',
  Cutting: 'UPDATING',
  ClusterNodeStopped: 'STOPPED',
  UnusedNodeRecovering: 'RECOVERING',
  ClusterNodeStopping: 'STOPPING',
  ClusterNodeRecovering: 'RECOVERING',
  Replacing: 'RECOVERING',
  // Values of the deprecated `Status` that OperatingState does not share.
  InProgress: 'UPDATING',
};

/** Cluster `OperatingState` (lower-case words in the cloud's answers). */
export const ALIBABA_CLUSTER_STATES: Readonly<Record<string, LifecycleState>> = {
  initializing: 'CREATING',
  running: 'RUNNING',
  expanding: 'UPDATING',
  shrinking: 'UPDATING',
  updating: 'UPDATING',
  upgrading: 'UPDATING',
  deleting: 'DELETING',
  deleted: 'DELETED',
  failed: 'ERROR',
  abnormal: 'ERROR',
};

export function alibabaNodeState(raw: string | null | undefined): LifecycleState {
  return raw && Object.hasOwn(ALIBABA_NODE_STATES, raw) ? ALIBABA_NODE_STATES[raw]! : 'UNKNOWN';
}

export function alibabaClusterState(raw: string | null | undefined): LifecycleState | null {
  if (!raw) return null;
  const word = raw.toLowerCase();
  return Object.hasOwn(ALIBABA_CLUSTER_STATES, word) ? ALIBABA_CLUSTER_STATES[word]! : 'UNKNOWN';
}
