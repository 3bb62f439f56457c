import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../../src/config.js';

function problemsOf(env: Record<string, string>): string[] {
  try {
    loadConfig(env);
  } catch (error) {
    if (error instanceof ConfigError) return error.problems;
    throw error;
  }
  return [];
}

describe('configuration', () => {
  it('defaults to simulated mode on port 4000 with cn-wulanchabu', () => {
    const config = loadConfig({});
    expect(config.mode).toBe('simulated');
    expect(config.server.port).toBe(4000);
    expect(config.alibaba.regions).toEqual(['cn-wulanchabu']);
    expect(config.alibaba.credentials).toBeNull();
    expect(config.alibaba.endpoint).toBeNull();
    expect(config.upstream.requestTimeoutMs).toBe(10_000);
  });

  it('reads credentials, regions and an endpoint override', () => {
    const config = loadConfig({
      GATEWAY_MODE: 'live',
      ALIBABA_CLOUD_ACCESS_KEY_ID: 'id',
      ALIBABA_CLOUD_ACCESS_KEY_SECRET: 'secret',
      ALIBABA_CLOUD_SECURITY_TOKEN: 'sts',
      ALIBABA_CLOUD_REGIONS: 'cn-wulanchabu, cn-beijing,cn-beijing',
      ALIBABA_EFLO_ENDPOINT: 'http://127.0.0.1:9000',
      PORT: '8080',
    });
    expect(config.alibaba.credentials).toEqual({ accessKeyId: 'id', accessKeySecret: 'secret', securityToken: 'sts' });
    expect(config.alibaba.regions).toEqual(['cn-wulanchabu', 'cn-beijing']);
    expect(config.alibaba.endpoint?.origin).toBe('http://127.0.0.1:9000');
    expect(config.server.port).toBe(8080);
  });

  it.each([
    [{ PORT: 'eighty' }, 'PORT: must be a whole number from 0 to 65535'],
    [{ PORT: '70000' }, 'PORT: must be at most 65535'],
    [{ GATEWAY_MODE: 'production' }, 'GATEWAY_MODE: must be simulated or live'],
    [{ ALIBABA_CLOUD_REGIONS: 'cn-wulanchabu,Not A Region' }, 'ALIBABA_CLOUD_REGIONS: "Not A Region" is not a comma list of region names'],
    [{ ALIBABA_EFLO_ENDPOINT: 'ftp://x' }, 'ALIBABA_EFLO_ENDPOINT: "ftp://x" is not an http(s) URL'],
    [{ ALIBABA_CLOUD_ACCESS_KEY_ID: 'id' }, 'ALIBABA_CLOUD_ACCESS_KEY_SECRET: must be set when ALIBABA_CLOUD_ACCESS_KEY_ID is set'],
    [{ GATEWAY_MODE: 'live' }, 'GATEWAY_MODE: live mode needs credentials for at least one cloud'],
    [{ GATEWAY_REQUEST_TIMEOUT_MS: '500', GATEWAY_UPSTREAM_CALL_TIMEOUT_MS: '900' }, 'GATEWAY_UPSTREAM_CALL_TIMEOUT_MS: must not exceed'],
    [{ HUAWEICLOUD_SDK_SK: 'sk' }, 'HUAWEICLOUD_SDK_AK: must be set when HUAWEICLOUD_SDK_SK is set'],
    [{ GATEWAY_MODE: 'live', HUAWEICLOUD_SDK_AK: 'ak', HUAWEICLOUD_SDK_SK: 'sk' }, 'HUAWEICLOUD_SDK_PROJECT_ID: must be set when HUAWEICLOUD_SDK_AK is set'],
    [{ HUAWEICLOUD_REGIONS: 'cn-north-4,cn-southwest-2', HUAWEICLOUD_SDK_PROJECT_ID: 'abc' }, 'HUAWEICLOUD_SDK_PROJECT_ID: give one project per region'],
    [{ HUAWEICLOUD_REGIONS: 'cn-north-4,cn-southwest-2', HUAWEICLOUD_SDK_PROJECT_ID: 'cn-north-4=abc' }, 'HUAWEICLOUD_SDK_PROJECT_ID: no project for cn-southwest-2'],
    [{ HUAWEICLOUD_SDK_PROJECT_ID: 'cn-north-4=a/b' }, 'HUAWEICLOUD_SDK_PROJECT_ID: "cn-north-4=a/b" is not region=projectId'],
    [{ HUAWEI_MODELARTS_ENDPOINT: 'https://user:pw@example.com' }, 'HUAWEI_MODELARTS_ENDPOINT: "https://user:pw@example.com" is not an http(s) URL without credentials'],
  ])('refuses %j with one line naming the variable', (env, line) => {
    const problems = problemsOf(env);
    expect(problems).toHaveLength(1);
    expect(problems[0]).toContain(line);
    expect(problems[0]).not.toContain('\n');
  });

  it('reads Huawei credentials and one project per region', () => {
    const config = loadConfig({
      GATEWAY_MODE: 'live',
      HUAWEICLOUD_SDK_AK: 'ak',
      HUAWEICLOUD_SDK_SK: 'sk',
      HUAWEICLOUD_SDK_SECURITY_TOKEN: 'token',
      HUAWEICLOUD_REGIONS: 'cn-north-4,cn-southwest-2',
      HUAWEICLOUD_SDK_PROJECT_ID: 'cn-north-4=p1, cn-southwest-2=p2',
    });
    expect(config.huawei).toEqual({
      regions: ['cn-north-4', 'cn-southwest-2'],
      credentials: { ak: 'ak', sk: 'sk', securityToken: 'token' },
      projectIds: { 'cn-north-4': 'p1', 'cn-southwest-2': 'p2' },
      endpoint: null,
    });
    // Live mode with one cloud's credentials serves that cloud only.
    expect(config.alibaba.credentials).toBeNull();
    expect(loadConfig({ HUAWEICLOUD_SDK_PROJECT_ID: 'p0' }).huawei.projectIds).toEqual({ 'cn-north-4': 'p0' });
  });

  it('reports every bad variable at once', () => {
    expect(problemsOf({ PORT: 'x', GATEWAY_MODE: 'y' }).map((p) => p.split(':')[0]).sort()).toEqual(['GATEWAY_MODE', 'PORT']);
  });
});
