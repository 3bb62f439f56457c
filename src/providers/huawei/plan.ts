/** The ModelArts calls a dry run reports, from the IDs alone: what provider.ts would send, without sending it. */
import { globalId } from '../../ids.js';
import type { NodeAction, NodeActionPlan, PlannedCallModel } from '../../model.js';

const OPERATIONS = { reboot: 'RebootDevServer', stop: 'StopDevServer', start: 'StartDevServer' } as const;

/** One server action per node. */
export function planHuaweiNodeAction(action: NodeAction, region: string, nativeIds: readonly string[]): NodeActionPlan {
  const calls = nativeIds.map((nativeId) => ({
    provider: 'HUAWEI' as const,
    region,
    operation: OPERATIONS[action],
    targetIds: [globalId('HUAWEI', region, 'node', nativeId)],
    note: null,
  }));
  return { calls, failures: [] };
}

export function planHuaweiCreateHyperCluster(region: string): PlannedCallModel {
  return { provider: 'HUAWEI', region, operation: 'CreateHyperCluster', targetIds: [], note: null };
}
