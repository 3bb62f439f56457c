/**
 * Dry runs: the cloud calls an operation would make, told by each cloud's plan module from the input alone, no
 * call made. Kept beside the providers, which make those calls.
 */
import type { NewHyperCluster, NodeAction, NodeActionPlan, PlannedCallModel, ProviderName } from '../model.js';
import { planAlibabaCreateHyperCluster, planAlibabaNodeAction } from './alibaba/plan.js';
import { planHuaweiCreateHyperCluster, planHuaweiNodeAction } from './huawei/plan.js';

export interface Planner {
  nodeAction(action: NodeAction, region: string, nativeIds: readonly string[]): NodeActionPlan;
  /** Throws the coded error the real call would give without a call (e.g. UNSUPPORTED_BY_PROVIDER). */
  createHyperCluster(region: string, spec: NewHyperCluster): PlannedCallModel;
}

const planners: Record<ProviderName, Planner> = {
  ALIBABA: { nodeAction: planAlibabaNodeAction, createHyperCluster: planAlibabaCreateHyperCluster },
  HUAWEI: { nodeAction: planHuaweiNodeAction, createHyperCluster: (region) => planHuaweiCreateHyperCluster(region) },
};

export const plannerOf = (provider: ProviderName): Planner => planners[provider];
