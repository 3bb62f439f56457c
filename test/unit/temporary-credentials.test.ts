/** The gateway's own clients with temporary credentials, against simulators that issued them. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { UpstreamError } from '../../src/errors.js';
import { AlibabaClient } from '../../src/providers/alibaba/client.js';
import { HttpTransport } from '../../src/providers/http.js';
import { HuaweiClient } from '../../src/providers/huawei/client.js';
import { AlibabaSimulator } from '../../src/simulators/alibaba.js';
import { HuaweiSimulator } from '../../src/simulators/huawei.js';
import { z } from 'zod';

/** These tests read the simulators' raw answers: any JSON passes. */
const ANY = z.any();

const alibabaKey = { accessKeyId: 'STS.NGateway', accessKeySecret: 'gateway-sts-secret', securityToken: 'CAIS+gateway/token==' };
const huaweiKey = { ak: 'HSTGATEWAY', sk: 'gateway-sts-sk', securityToken: 'gQpjbi1ub3J0aC00+gateway/token==' };
const options = () => ({ signal: AbortSignal.timeout(5_000) });

describe('temporary credentials', () => {
  let alibaba: AlibabaSimulator;
  let huawei: HuaweiSimulator;
  const transport = new HttpTransport({ connectTimeoutMs: 2_000, callTimeoutMs: 5_000 });
  beforeAll(async () => {
    alibaba = await new AlibabaSimulator({ credentials: [alibabaKey] }).start();
    huawei = await new HuaweiSimulator({ credentials: [huaweiKey] }).start();
  });
  afterAll(async () => {
    await transport.close();
    await Promise.all([alibaba.stop(), huawei.stop()]);
  });

  const alibabaClient = (credentials: typeof alibabaKey | Omit<typeof alibabaKey, 'securityToken'>) =>
    new AlibabaClient({ credentials, endpoint: new URL(alibaba.url) }, transport);
  const huaweiClient = (credentials: typeof huaweiKey | Omit<typeof huaweiKey, 'securityToken'>) =>
    new HuaweiClient({ credentials, projectIds: huawei.projectIds, endpoint: new URL(huawei.url) }, transport);
  const refusal = (error: unknown) => (error instanceof UpstreamError ? error.upstream.providerCode : String(error));

  it('are accepted with their token, from the gateway as sent', async () => {
    const clusters = (await alibabaClient(alibabaKey).call('cn-wulanchabu', 'ListClusters', { idempotent: true, answer: ANY }, options())) as { Clusters: unknown[] };
    expect(clusters.Clusters.length).toBeGreaterThan(0);
    const servers = (await huaweiClient(huaweiKey).call(
      'cn-north-4',
      { method: 'GET', path: '/dev-servers', operation: 'ListDevServers', idempotent: true, answer: ANY },
      options(),
    )) as { total: number };
    expect(servers.total).toBeGreaterThan(0);
  });

  it('are refused without their token, or with another, as each cloud refuses them', async () => {
    const { securityToken: _a, ...alibabaWithout } = alibabaKey;
    for (const credentials of [alibabaWithout, { ...alibabaKey, securityToken: 'another' }]) {
      const code = await alibabaClient(credentials).call('cn-wulanchabu', 'ListClusters', { idempotent: true, answer: ANY }, options()).then(() => null, refusal);
      expect(code).toBe('InvalidSecurityToken.MismatchWithAccessKey');
    }
    const { securityToken: _h, ...huaweiWithout } = huaweiKey;
    for (const credentials of [huaweiWithout, { ...huaweiKey, securityToken: 'another' }]) {
      const code = await huaweiClient(credentials)
        .call('cn-north-4', { method: 'GET', path: '/dev-servers', operation: 'ListDevServers', idempotent: true, answer: ANY }, options())
        .then(() => null, refusal);
      expect(code).toBe('APIG.0301');
    }
  });
});
