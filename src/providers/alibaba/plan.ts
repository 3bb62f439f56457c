/** The Lingjun calls a dry run reports, from the IDs alone: what provider.ts would send, without sending it. */
import { GatewayError } from '../../errors.js';
import { globalId } from '../../ids.js';
import type { NodeAction, NodeActionPlan, PlannedCallModel } from '../../model.js';
import { nodeFailure } from '../provider.js';

export function planAlibabaNodeAction(action: NodeAction, region: string, nativeIds: readonly string[]): NodeActionPlan {
  const nodeId = (nativeId: string) => globalId('ALIBABA', region, 'node', nativeId);
  if (action === 'start') {
    const error = new GatewayError('UNSUPPORTED_BY_PROVIDER', 'Alibaba Cloud Lingjun has no API to start nodes.', { provider: 'ALIBABA' });
    return { calls: [], failures: nativeIds.map((id) => nodeFailure(nodeId(id), error)) };
  }
  const call: PlannedCallModel = {
    provider: 'ALIBABA',
    region,
    operation: action === 'reboot' ? 'RebootNodes' : 'StopNodes',
    targetIds: nativeIds.map(nodeId),
    note: 'One call per cluster of these nodes: the cluster of each node is read from the cloud when the operation runs.',
  };
  return { calls: [call], failures: [] };
}

export function planAlibabaCreateHyperCluster(): PlannedCallModel {
  throw new GatewayError('UNSUPPORTED_BY_PROVIDER', 'Alibaba Cloud Lingjun clusters cannot be created through this gateway.', { provider: 'ALIBABA' });
}
