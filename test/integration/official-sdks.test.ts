/**
 * The clouds' official SDK cores against the simulators: every operation the simulators serve (one row each in
 * test/fixtures/operations.ts) is called through them, with odd parameter values, with an access key and with
 * temporary credentials, and answered; a bad signature or a wrong security token is refused as the cloud refuses it.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AlibabaSimulator } from '../../src/simulators/alibaba.js';
import { HuaweiSimulator } from '../../src/simulators/huawei.js';
import { alibabaOperations, fleetSample, huaweiOperations, oddParameters, type FleetSample } from '../fixtures/operations.js';
import { alibabaRefusal, alibabaSdk, huaweiRefusal, huaweiSdk, type AlibabaSdkCredentials, type HuaweiSdkCredentials } from '../helpers/official-sdks.js';

const kinds: Array<{ name: string; alibaba: AlibabaSdkCredentials; huawei: HuaweiSdkCredentials }> = [
  {
    name: 'an access key',
    alibaba: { accessKeyId: 'LTAI5tSdkParity', accessKeySecret: 'sdk-parity-secret' },
    huawei: { ak: 'HPUASDKPARITY', sk: 'sdk-parity-sk' },
  },
  {
    name: 'temporary credentials',
    alibaba: { accessKeyId: 'STS.NTemporary', accessKeySecret: 'sts-secret', securityToken: 'CAIS+temporary/token==' },
    huawei: { ak: 'HSTTEMPORARY', sk: 'temporary-sk', securityToken: 'gQpjbi1ub3J0aC00+temporary/token==' },
  },
];

/** The odd values as the simulator received them: decoded from the query and the form body. */
function receivedParams(logged: { query: Record<string, string>; body: string } | undefined): Record<string, string> {
  if (!logged) return {};
  const body = logged.body.startsWith('{') ? {} : Object.fromEntries(new URLSearchParams(logged.body));
  return { ...logged.query, ...body };
}

describe.each(kinds)('the official SDK cores with $name', (kind) => {
  let alibaba: AlibabaSimulator;
  let huawei: HuaweiSimulator;
  let sample: FleetSample;

  beforeAll(async () => {
    alibaba = await new AlibabaSimulator({ credentials: [kind.alibaba] }).start();
    huawei = await new HuaweiSimulator({ credentials: [kind.huawei] }).start();
    sample = fleetSample(alibaba, huawei);
  });
  afterAll(async () => {
    await Promise.all([alibaba?.stop(), huawei?.stop()]);
  });

  it('have a row for every operation the simulators serve', () => {
    expect(alibabaOperations.map((row) => row.action).sort()).toEqual([...alibaba.operations].sort());
    expect(huaweiOperations.map((row) => row.operation).sort()).toEqual([...huawei.operations].sort());
  });

  it.each(alibabaOperations)('Alibaba $action is answered', async (row) => {
    const { query, body } = row.request(sample);
    const call = alibabaSdk(alibaba.url, kind.alibaba);
    const answer = await call(row.action, {
      query: { RegionId: sample.alibaba.region, ...query, ...oddParameters },
      body: { ...body, ...oddParameters },
    });
    expect(answer.statusCode).toBe(200);
    expect(answer.body).toHaveProperty(row.answers);
    expect(answer.body.RequestId).toBe(answer.headers['x-acs-request-id']);
    const received = receivedParams(alibaba.requests.of(row.action).at(-1));
    expect(received).toMatchObject(Object.fromEntries(Object.entries(oddParameters).map(([k, v]) => [k, String(v)])));
  });

  it.each(huaweiOperations)('Huawei $operation is answered', async (row) => {
    const { path, query, body } = row.request(sample);
    const call = huaweiSdk(huawei.url, sample.huawei.projectId, kind.huawei);
    const answer = await call(row.method, { path, query: { ...query, ...oddParameters }, body });
    expect(answer.httpStatusCode).toBe(row.answers === null ? 204 : 200);
    if (row.answers !== null) expect(answer).toHaveProperty(row.answers);
    const received = huawei.requests.of(row.operation).at(-1)?.query;
    expect(received).toMatchObject(Object.fromEntries(Object.entries(oddParameters).map(([k, v]) => [k, String(v)])));
  });

  it('Alibaba refuses a signature made with another secret with SignatureDoesNotMatch', async () => {
    const call = alibabaSdk(alibaba.url, { ...kind.alibaba, accessKeySecret: 'not-the-secret' });
    const refusal = await call('ListClusters', { query: { RegionId: sample.alibaba.region } }).then(() => null, alibabaRefusal);
    expect(refusal).toEqual({ code: 'SignatureDoesNotMatch', status: 400 });
  });

  it('Huawei refuses a signature made with another SK with APIG.0301', async () => {
    const call = huaweiSdk(huawei.url, sample.huawei.projectId, { ...kind.huawei, sk: 'not-the-sk' });
    const refusal = await call('GET', { path: '/dev-servers' }).then(() => null, huaweiRefusal);
    expect(refusal).toEqual({ status: 401, code: 'APIG.0301', message: 'Incorrect IAM authentication information: verify aksk signature fail.' });
  });

  it('both refuse a security token that is not the one the key was issued with', async () => {
    const token = kind.alibaba.securityToken ? 'another-token' : 'a-token-for-a-permanent-key';
    const alibabaCall = alibabaSdk(alibaba.url, { ...kind.alibaba, securityToken: token });
    expect(await alibabaCall('ListClusters', { query: { RegionId: sample.alibaba.region } }).then(() => null, alibabaRefusal)).toEqual({
      code: 'InvalidSecurityToken.MismatchWithAccessKey',
      status: 400,
    });
    const huaweiCall = huaweiSdk(huawei.url, sample.huawei.projectId, { ...kind.huawei, securityToken: token });
    expect(await huaweiCall('GET', { path: '/dev-servers' }).then(() => null, huaweiRefusal)).toMatchObject({ status: 401, code: 'APIG.0301' });
  });

  it.runIf(kind.alibaba.securityToken)('both refuse temporary keys sent without their token', async () => {
    const { securityToken: _a, ...alibabaKey } = kind.alibaba;
    const alibabaCall = alibabaSdk(alibaba.url, alibabaKey);
    expect(await alibabaCall('ListClusters', { query: { RegionId: sample.alibaba.region } }).then(() => null, alibabaRefusal)).toEqual({
      code: 'InvalidSecurityToken.MismatchWithAccessKey',
      status: 400,
    });
    const { securityToken: _h, ...huaweiKey } = kind.huawei;
    const huaweiCall = huaweiSdk(huawei.url, sample.huawei.projectId, huaweiKey);
    expect(await huaweiCall('GET', { path: '/dev-servers' }).then(() => null, huaweiRefusal)).toMatchObject({ status: 401, code: 'APIG.0301' });
  });
});

describe('the Alibaba simulator without RegionId, as the generated clients call', () => {
  it('serves its one region, and asks for RegionId when it serves several', async () => {
    const key = { accessKeyId: 'LTAI5tOneRegion', accessKeySecret: 'one-region-secret' };
    const one = await new AlibabaSimulator({ credentials: [key], fleet: { regions: ['cn-beijing'] } }).start();
    const several = await new AlibabaSimulator({ credentials: [key] }).start();
    try {
      const answer = await alibabaSdk(one.url, key)('ListClusters', {});
      expect(answer.statusCode).toBe(200);
      expect((answer.body.Clusters as unknown[]).length).toBeGreaterThan(0);
      const refusal = await alibabaSdk(several.url, key)('ListClusters', {}).then(() => null, alibabaRefusal);
      expect(refusal).toEqual({ code: 'MissingRegionId', status: 400 });
    } finally {
      await Promise.all([one.stop(), several.stop()]);
    }
  });
});
