import { describe, expect, it } from 'vitest';
import { clusterFromHyperCluster, hyperNodeFromSupernode, nodeFromServer } from '../../src/providers/huawei/adapter.js';
import { huaweiError } from '../../src/providers/huawei/errors.js';
import type { WireServer } from '../../src/providers/huawei/wire.js';

const server: WireServer = {
  id: '0b7a1f2e-1111-4aaa-8bbb-000000000001',
  name: 'train-01',
  flavor: 'ma.hps.snt9b3.48xlarge',
  status: 'REBOOT_FAILED',
  create_at: 1735689600000,
  subnet_id: 'subnet-1',
  endpoints: [
    { service: 'SSH', uri: '192.168.0.10', dev_service: 'SSH' },
    { service: 'NOTEBOOK', uri: '192.168.0.10', dev_service: 'NOTEBOOK' },
  ],
  volumes: [
    { evs_id: 'vol-root', size: 150, type: 'ROOT', evs_type: 'SSD' },
    { evs_id: 'vol-data', size: 2000, type: 'DATA', evs_type: 'GPSSD' },
  ],
  image: { image_id: 'img-1', name: 'EulerOS', arch: 'aarch64', server_type: 'HPS' },
  server_hps: { id: 'sn-1', name: 'supernode-1' },
};

describe('Huawei answers -> the unified model', () => {
  it('maps a dev server: volumes to disks, endpoints to one interface per IP, epoch ms to ISO', () => {
    expect(nodeFromServer('cn-north-4', server)).toEqual({
      id: 'huawei:cn-north-4:node:0b7a1f2e-1111-4aaa-8bbb-000000000001',
      provider: 'HUAWEI',
      nativeId: '0b7a1f2e-1111-4aaa-8bbb-000000000001',
      region: 'cn-north-4',
      hostname: null,
      name: 'train-01',
      status: 'REBOOT_FAILED',
      state: 'ERROR',
      machineType: 'ma.hps.snt9b3.48xlarge',
      zoneId: null,
      imageId: 'img-1',
      imageName: 'EulerOS',
      networks: [{ name: null, ip: '192.168.0.10', subnetId: 'subnet-1' }],
      userData: null,
      disks: [
        { id: 'huawei:cn-north-4:disk:vol-root', provider: 'HUAWEI', nativeId: 'vol-root', region: 'cn-north-4', sizeGiB: 150, type: 'SYSTEM', category: 'SSD', performanceLevel: null },
        { id: 'huawei:cn-north-4:disk:vol-data', provider: 'HUAWEI', nativeId: 'vol-data', region: 'cn-north-4', sizeGiB: 2000, type: 'DATA', category: 'GPSSD', performanceLevel: null },
      ],
      createdAt: '2025-01-01T00:00:00.000Z',
      expiresAt: null,
      hyperNodeId: 'huawei:cn-north-4:hypernode:sn-1',
    });
  });

  it('maps a supernode with its servers and the hyper cluster it sits in', () => {
    const hyperNode = hyperNodeFromSupernode('cn-north-4', {
      id: 'sn-1',
      name: 'supernode-1',
      status: 'ACTIVE',
      hps_cluster_id: 'hc-1',
      create_at: 1735689600000,
      servers: [server, { ...server, id: 'srv-2', server_hps: undefined }],
    });
    expect(hyperNode).toMatchObject({
      id: 'huawei:cn-north-4:hypernode:sn-1',
      name: 'supernode-1',
      hostname: null,
      state: 'RUNNING',
      machineType: 'ma.hps.snt9b3.48xlarge',
      clusterId: 'huawei:cn-north-4:hypercluster:hc-1',
      fileSystemMountEnabled: null,
      nodeGroup: null,
    });
    // Servers listed inside a supernode belong to it even when they do not say so.
    expect(hyperNode.nodes!.map((n) => n.hyperNodeId)).toEqual(['huawei:cn-north-4:hypernode:sn-1', 'huawei:cn-north-4:hypernode:sn-1']);
  });

  it('leaves the machine type null when the servers differ', () => {
    const mixed = hyperNodeFromSupernode('cn-north-4', { id: 'sn', servers: [server, { ...server, id: 'b', flavor: 'other' }] });
    expect(mixed.machineType).toBeNull();
  });

  it('maps a hyper cluster with its network_info and the type it was listed with', () => {
    expect(
      clusterFromHyperCluster(
        'cn-north-4',
        { id: '74437437-6810-43b8-ba20-8f8e5bc034da', name: 'test-hps--1107', network_info: [{ hyper_cluster_subnet_id: '47be1c96-b00c-4cc9-83cb-089893a632b6', is_default: true }] },
        'HPS',
      ),
    ).toEqual({
      id: 'huawei:cn-north-4:hypercluster:74437437-6810-43b8-ba20-8f8e5bc034da',
      provider: 'HUAWEI',
      nativeId: '74437437-6810-43b8-ba20-8f8e5bc034da',
      region: 'cn-north-4',
      name: 'test-hps--1107',
      type: 'HPS',
      clusterType: 'HPS',
      status: null,
      state: null,
      networks: [{ subnetId: '47be1c96-b00c-4cc9-83cb-089893a632b6', vpcId: null, isDefault: true }],
      createdAt: null,
    });
  });
});

describe('Huawei errors', () => {
  const target = { provider: 'HUAWEI' as const, region: 'cn-north-4', operation: 'ShowDevServer' };
  it.each([
    [401, 'APIG.0301', 'UPSTREAM_AUTH'],
    [429, 'APIG.0308', 'UPSTREAM_THROTTLED'],
    [429, undefined, 'UPSTREAM_THROTTLED'],
    [400, 'ModelArts.6404', 'NOT_FOUND'],
    [404, 'ModelArts.0001', 'NOT_FOUND'],
    [503, 'ModelArts.0500', 'UPSTREAM_UNAVAILABLE'],
    [400, 'ModelArts.0101', 'UPSTREAM_ERROR'],
  ])('maps %i %s to %s, with X-Request-Id', (status, code, expected) => {
    const error = huaweiError(status, code ? { error_code: code, error_msg: 'verify aksk signature fail: canonical ...' } : null, { 'x-request-id': 'req-1' }, target);
    expect(error.code).toBe(expected);
    expect(error.extensions).toMatchObject({ provider: 'HUAWEI', region: 'cn-north-4', requestId: 'req-1' });
    expect(error.message).not.toContain('canonical');
  });
});
