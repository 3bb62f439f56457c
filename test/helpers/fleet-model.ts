/** The simulators' own fleet as the tests expect the gateway to show it: one row per node, read from the simulators. */
import { alibabaNodeState } from '../../src/providers/alibaba/states.js';
import { huaweiServerState } from '../../src/providers/huawei/states.js';
import type { AlibabaSimulator } from '../../src/simulators/alibaba.js';
import type { HuaweiSimulator } from '../../src/simulators/huawei.js';

export interface ExpectedNode {
  id: string;
  provider: 'ALIBABA' | 'HUAWEI';
  region: string;
  state: string;
  machineType: string | null;
  zoneId: string | null;
  hyperNodeId: string | null;
  hyperClusterId: string | null;
}

export function simulatedNodes(alibaba: AlibabaSimulator, huawei: HuaweiSimulator): ExpectedNode[] {
  const rows: ExpectedNode[] = [];
  for (const [region, fleet] of alibaba.fleet) {
    for (const h of fleet.hyperNodes) {
      for (const n of h.Nodes) {
        rows.push({
          id: `alibaba:${region}:node:${n.NodeId}`,
          provider: 'ALIBABA',
          region,
          state: alibabaNodeState(n.OperatingState),
          machineType: n.MachineType,
          zoneId: h.ZoneId,
          hyperNodeId: `alibaba:${region}:hypernode:${h.HyperNodeId}`,
          hyperClusterId: `alibaba:${region}:hypercluster:${h.ClusterId}`,
        });
      }
    }
    for (const n of fleet.freeNodes) {
      rows.push({
        id: `alibaba:${region}:node:${n.NodeId}`,
        provider: 'ALIBABA',
        region,
        state: alibabaNodeState(n.OperatingState),
        machineType: n.MachineType,
        zoneId: n.ZoneId,
        hyperNodeId: null,
        hyperClusterId: null,
      });
    }
  }
  for (const [region, fleet] of huawei.fleet) {
    for (const s of fleet.allServers()) {
      const supernode = s.server_hps?.id ? fleet.supernodeById.get(s.server_hps.id) : undefined;
      rows.push({
        id: `huawei:${region}:node:${s.id}`,
        provider: 'HUAWEI',
        region,
        state: huaweiServerState(s.status ?? null),
        machineType: s.flavor ?? null,
        zoneId: null,
        hyperNodeId: supernode ? `huawei:${region}:hypernode:${supernode.id}` : null,
        hyperClusterId: supernode?.hps_cluster_id ? `huawei:${region}:hypercluster:${supernode.hps_cluster_id}` : null,
      });
    }
  }
  return rows;
}
