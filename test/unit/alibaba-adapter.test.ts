import { describe, expect, it } from 'vitest';
import {
  clusterFromDetail,
  clusterFromListItem,
  hyperNodeFromDetail,
  hyperNodeFromSummary,
  nodeFromDetail,
  nodeFromListItem,
} from '../../src/providers/alibaba/adapter.js';
import { alibabaError, isResourceNotFound, rateLimitWaitMs } from '../../src/providers/alibaba/errors.js';
import { seedGetHyperNodeAnswer } from '../fixtures/alibaba-seed.js';

const target = { provider: 'ALIBABA' as const, region: 'cn-wulanchabu', operation: 'DescribeHyperNode' };

describe('Alibaba answers -> the unified model', () => {
  it("maps the seed's GetHyperNode answer, reading the zone-less ExpireTime as UTC", () => {
    const hyperNode = hyperNodeFromDetail('cn-wulanchabu', seedGetHyperNodeAnswer);
    expect(hyperNode).toMatchObject({
      id: 'alibaba:cn-wulanchabu:hypernode:e01-cn-zvp2tgykr08',
      hostname: 'alywlcb-lingjun-gpu-0025',
      status: 'Using',
      state: 'RUNNING',
      expiresAt: '2026-05-14T00:00:00.000Z',
      createdAt: '2022-11-30T02:00:00.852Z',
      clusterId: 'alibaba:cn-wulanchabu:hypercluster:i112138561737531371671',
      fileSystemMountEnabled: true,
    });
    const [node] = hyperNode.nodes!;
    expect(node).toMatchObject({
      id: 'alibaba:cn-wulanchabu:node:e01-cn-zvp2tgykr0b',
      networks: [{ name: 'bond0', ip: '172.17.231.113', subnetId: null }],
      hyperNodeId: hyperNode.id,
      status: 'InProgress',
      state: 'UPDATING',
    });
    // Only DescribeNode carries these; they stay unknown so that asking for them reads the node.
    expect(node!.machineType).toBeUndefined();
    expect(node!.createdAt).toBeUndefined();
    expect(node!.disks).toEqual([
      {
        id: 'alibaba:cn-wulanchabu:disk:d-bp1564bcc2306uui4zpk',
        provider: 'ALIBABA',
        nativeId: 'd-bp1564bcc2306uui4zpk',
        region: 'cn-wulanchabu',
        sizeGiB: 5,
        type: 'SYSTEM',
        category: 'DOWNLINK_PACKET',
        performanceLevel: 'PL0',
      },
    ]);
  });

  it('prefers OperatingState over the deprecated Status', () => {
    const hyperNode = hyperNodeFromSummary('cn-beijing', { HyperNodeId: 'e01-x', OperatingState: 'ClusterNodeStopped', Status: 'Using' });
    expect(hyperNode).toMatchObject({ status: 'ClusterNodeStopped', state: 'STOPPED' });
    // A list item says nothing of nodes or mounts: unknown, not false.
    expect(hyperNode.nodes).toBeUndefined();
    expect(hyperNode.fileSystemMountEnabled).toBeUndefined();
    expect(hyperNode.hostname).toBeNull();
  });

  it('reads Networks as an array and ExpiredTime in DescribeNode answers', () => {
    const node = nodeFromDetail('cn-beijing', {
      NodeId: 'e01-n',
      HyperNodeId: 'e01-h',
      ExpiredTime: '2027-01-01T00:00:00',
      Networks: [{ BondName: 'bond0', Ip: '10.0.0.1', VSwitchId: 'vsw-1' }],
      Disks: [{ DiskId: 'd-1', Size: 100, Type: 'data' }],
    });
    expect(node).toMatchObject({
      hyperNodeId: 'alibaba:cn-beijing:hypernode:e01-h',
      expiresAt: '2027-01-01T00:00:00.000Z',
      networks: [{ name: 'bond0', ip: '10.0.0.1', subnetId: 'vsw-1' }],
      disks: [{ type: 'DATA', sizeGiB: 100, category: null, performanceLevel: null }],
      userData: null,
    });
    const listed = nodeFromListItem('cn-beijing', { NodeId: 'e01-n' });
    expect(listed.disks).toBeUndefined();
    expect(listed.userData).toBeUndefined();
  });

  it('maps clusters, with networks only from DescribeCluster', () => {
    const wire = { ClusterId: 'i1', ClusterName: 'c', ClusterType: 'Lite', OperatingState: 'running', VpcId: 'vpc-1', VSwitchId: 'vsw-1' };
    expect(clusterFromDetail('cn-beijing', wire)).toMatchObject({
      id: 'alibaba:cn-beijing:hypercluster:i1',
      type: null,
      clusterType: 'Lite',
      state: 'RUNNING',
      networks: [{ subnetId: 'vsw-1', vpcId: 'vpc-1', isDefault: null }],
    });
    expect(clusterFromListItem('cn-beijing', wire).networks).toBeUndefined();
  });
});

describe('Alibaba errors', () => {
  it.each([
    [400, 'SignatureDoesNotMatch', 'UPSTREAM_AUTH'],
    [404, 'InvalidAccessKeyId.NotFound', 'UPSTREAM_AUTH'],
    [400, 'SignatureNonceUsed', 'UPSTREAM_AUTH'],
    [400, 'Throttling.User', 'UPSTREAM_THROTTLED'],
    [503, 'ServiceUnavailable', 'UPSTREAM_UNAVAILABLE'],
    [500, 'InternalError', 'UPSTREAM_UNAVAILABLE'],
    [404, 'InvalidHyperNodeId.NotFound', 'NOT_FOUND'],
    [404, 'RESOURCE_NOT_FOUND', 'NOT_FOUND'],
    [404, 'InvalidApi.NotFound', 'UPSTREAM_ERROR'],
    [400, 'MissingHyperNodeId', 'UPSTREAM_ERROR'],
  ])('maps %i %s to %s', (status, code, expected) => {
    const error = alibabaError(status, { Code: code, RequestId: 'R1', Message: 'server string to sign is: SECRET' }, {}, target);
    expect(error.code).toBe(expected);
    expect(error.extensions).toMatchObject({ provider: 'ALIBABA', region: 'cn-wulanchabu', providerCode: code, requestId: 'R1' });
    expect(error.message).not.toContain('SECRET');
  });

  it('reads the wait from x-ratelimit-user-api', () => {
    expect(rateLimitWaitMs('Limit:1,Remain:0,TimeLeft:2000,Reset:1234')).toBe(2000);
    expect(rateLimitWaitMs(undefined)).toBeUndefined();
    const error = alibabaError(400, { Code: 'Throttling.Api' }, { 'x-ratelimit-user-api': 'Limit:1,Remain:0,TimeLeft:750,Reset:1' }, target);
    expect(error.upstream.retryAfterMs).toBe(750);
  });

  it('treats an answer without a JSON body by its status', () => {
    expect(alibabaError(502, null, {}, target).code).toBe('UPSTREAM_UNAVAILABLE');
    expect(isResourceNotFound('InvalidApi.NotFound')).toBe(false);
  });
});
