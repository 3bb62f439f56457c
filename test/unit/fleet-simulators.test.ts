/** The simulators' fleet lists: ListFreeNodes and ListClusterNodes as eflo-controller pages them, ListDevServers as ModelArts does. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { UpstreamError } from '../../src/errors.js';
import { AlibabaClient } from '../../src/providers/alibaba/client.js';
import { HuaweiClient } from '../../src/providers/huawei/client.js';
import { AlibabaSimulator } from '../../src/simulators/alibaba.js';
import { HuaweiSimulator } from '../../src/simulators/huawei.js';
import { z } from 'zod';
import { alibabaWithClient, huaweiWithClient } from '../helpers/simulator-clients.js';

/** These tests read the simulators' raw answers: any JSON passes. */
const ANY = z.any();

const signal = () => ({ signal: AbortSignal.timeout(5_000) });

describe('ListFreeNodes and ListClusterNodes in the Alibaba simulator', () => {
  const key = { accessKeyId: 'sim-id', accessKeySecret: 'sim-secret' };
  let simulator: AlibabaSimulator;
  let client: AlibabaClient;
  let close: () => Promise<void>;
  beforeAll(async () => {
    ({ simulator, client, close } = await alibabaWithClient({ credentials: [key], fleet: { regions: ['cn-wulanchabu'], hyperNodesPerRegion: 30, freeNodesPerRegion: 45 } }));
  });
  afterAll(() => close());
  const call = (action: string, body: Record<string, string | number | readonly string[] | undefined>) =>
    client.call('cn-wulanchabu', action, { idempotent: true, body, answer: ANY }, signal()) as Promise<{ Nodes: Array<Record<string, unknown>>; NextToken?: string; MaxResults?: number }>;
  const fleet = () => simulator.fleet.get('cn-wulanchabu')!;

  it('pages free nodes with MaxResults (20..100) and NextToken, each in no cluster', async () => {
    const first = await call('ListFreeNodes', { MaxResults: 5 });
    expect(first.Nodes).toHaveLength(20);
    expect(first.MaxResults).toBe(20);
    const second = await call('ListFreeNodes', { MaxResults: 20, NextToken: first.NextToken });
    const third = await call('ListFreeNodes', { MaxResults: 20, NextToken: second.NextToken });
    expect(third.NextToken).toBeUndefined();
    const ids = [...first.Nodes, ...second.Nodes, ...third.Nodes].map((n) => n.NodeId);
    expect(ids).toEqual(fleet().freeNodes.map((n) => n.NodeId));
    expect(first.Nodes[0]).not.toHaveProperty('ClusterId');
    expect(Object.keys(first.Nodes[0]!).sort()).toEqual(
      ['CommodityCode', 'CreateTime', 'ExpiredTime', 'HpnZone', 'MachineType', 'NodeId', 'OperatingState', 'ResourceGroupId', 'Sn', 'Tags', 'ZoneId'],
    );
  });

  it('filters free nodes by OperatingStates.N, MachineType and HpnZone', async () => {
    const answer = await call('ListFreeNodes', { MaxResults: 100, OperatingStates: ['Unused', 'UnusedNodeStopped'] });
    expect(answer.Nodes.map((n) => n.NodeId)).toEqual(fleet().freeNodes.filter((n) => ['Unused', 'UnusedNodeStopped'].includes(n.OperatingState)).map((n) => n.NodeId));
    expect(new Set(fleet().freeNodes.map((n) => n.OperatingState)).size).toBeGreaterThan(3);
    const sample = fleet().freeNodes[0]!;
    const typed = await call('ListFreeNodes', { MaxResults: 100, MachineType: sample.MachineType, HpnZone: sample.HpnZone });
    expect(typed.Nodes.map((n) => n.NodeId)).toEqual(
      fleet().freeNodes.filter((n) => n.MachineType === sample.MachineType && n.HpnZone === sample.HpnZone).map((n) => n.NodeId),
    );
  });

  it('filters cluster nodes by OperatingStates.N and refuses a list with gaps', async () => {
    const cluster = fleet().clusters[1]!;
    const answer = await call('ListClusterNodes', { ClusterId: cluster.ClusterId, MaxResults: 100, OperatingStates: ['Using'] });
    const expected = fleet().hyperNodes.filter((h) => h.ClusterId === cluster.ClusterId).flatMap((h) => h.Nodes).filter((n) => n.OperatingState === 'Using');
    expect(answer.Nodes.map((n) => n.NodeId)).toEqual(expected.map((n) => n.NodeId));
    const gap = call('ListClusterNodes', { ClusterId: cluster.ClusterId, 'OperatingStates.2': 'Using' });
    await expect(gap).rejects.toBeInstanceOf(UpstreamError);
    await expect(gap).rejects.toMatchObject({ upstream: { providerCode: 'InvalidParameter' } });
  });

  it('describes a free node, and refuses to reboot it (it is in no cluster)', async () => {
    const free = fleet().freeNodes[0]!;
    const node = await (await client.call('cn-wulanchabu', 'DescribeNode', { idempotent: true, body: { NodeId: free.NodeId }, answer: ANY }, signal())) as Record<string, unknown>;
    expect(node).toMatchObject({ NodeId: free.NodeId, OperatingState: free.OperatingState, Hostname: free.Hostname });
    expect(node).not.toHaveProperty('HyperNodeId');
    const reboot = client.call('cn-wulanchabu', 'RebootNodes', { idempotent: false, body: { ClusterId: fleet().clusters[0]!.ClusterId, Nodes: JSON.stringify([free.NodeId]) }, answer: ANY }, signal());
    await expect(reboot).rejects.toMatchObject({ upstream: { providerCode: 'InvalidParameter.NodeNotInCluster' } });
  });
});

describe('ListDevServers in the Huawei simulator', () => {
  const key = { ak: 'HWSIMAK', sk: 'hw-sim-sk' };
  let simulator: HuaweiSimulator;
  let client: HuaweiClient;
  let close: () => Promise<void>;
  beforeAll(async () => {
    ({ simulator, client, close } = await huaweiWithClient({ credentials: [key], fleet: { regions: ['cn-north-4'], supernodesPerRegion: 4 } }));
  });
  afterAll(() => close());
  const list = (query: Record<string, number>) =>
    client.call('cn-north-4', { method: 'GET', path: '/dev-servers', query, operation: 'ListDevServers', idempotent: true, answer: ANY }, signal()) as Promise<{
      total: number;
      size: number;
      data: Array<{ id: string; server_hps?: { id: string }; status: string }>;
    }>;

  it('pages every server, standalone ones included, with limit, offset and total', async () => {
    const fleet = simulator.fleet.get('cn-north-4')!;
    const all = fleet.allServers();
    const first = await list({ limit: 7, offset: 0 });
    expect(first.total).toBe(all.length);
    expect(first.data).toHaveLength(7);
    const rest = await list({ limit: 1024, offset: 7 });
    expect([...first.data, ...rest.data].map((s) => s.id)).toEqual(all.map((s) => s.id));
    const standalone = rest.data.filter((s) => !s.server_hps);
    expect(standalone.length).toBe(fleet.standaloneServers.length);
    expect(new Set(fleet.standaloneServers.map((s) => s.status)).size).toBeGreaterThan(1);
    await expect(list({ limit: 1025, offset: 0 })).rejects.toMatchObject({ upstream: { providerCode: 'ModelArts.0101' } });
  });
});
