import { describe, expect, it } from 'vitest';
import { ConfigError, loadStandaloneSimulatorsConfig } from '../../src/config/index.js';

const problems = (overrides: Record<string, string>, env: Record<string, string> = {}) => {
  try {
    loadStandaloneSimulatorsConfig(overrides, env);
    return [];
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    return error.problems;
  }
};

describe('the settings of npm run simulators', () => {
  it('defaults to free ports, fresh credentials and the simulated mode fleet', () => {
    expect(loadStandaloneSimulatorsConfig({}, {})).toEqual({
      simulator: { seed: 1, hyperNodesPerRegion: 24, supernodesPerRegion: 8, failureRate: 0, faults: { latencyMs: 0, rate: 0, kinds: expect.any(Array) } },
      alibaba: { regions: ['cn-wulanchabu'], port: 0, credentials: null },
      huawei: { regions: ['cn-north-4'], port: 0, credentials: null },
    });
  });

  it('reads the environment, and lets the flags win', () => {
    const config = loadStandaloneSimulatorsConfig(
      { SIMULATOR_SEED: '9', SIMULATOR_ALIBABA_PORT: '4101' },
      {
        SIMULATOR_SEED: '3',
        SIMULATOR_HUAWEI_PORT: '4102',
        SIMULATOR_ALIBABA_ACCESS_KEY_ID: 'LTAI5t',
        SIMULATOR_ALIBABA_ACCESS_KEY_SECRET: 's3cret',
        SIMULATOR_HUAWEI_AK: 'AK',
        SIMULATOR_HUAWEI_SK: 'SK',
        ALIBABA_CLOUD_ACCESS_KEY_ID: 'a-real-key-that-must-not-be-served',
      },
    );
    expect(config.simulator.seed).toBe(9);
    expect(config.alibaba).toMatchObject({ port: 4101, credentials: { accessKeyId: 'LTAI5t', accessKeySecret: 's3cret' } });
    expect(config.huawei).toMatchObject({ port: 4102, credentials: { ak: 'AK', sk: 'SK' } });
  });

  it('names each bad setting on a line of its own', () => {
    expect(problems({ SIMULATOR_ALIBABA_PORT: '70000' }, { SIMULATOR_FAULTS: 'error,fire' })).toEqual([
      'SIMULATOR_FAULTS: "fire" is not a comma list of error, throttle, reset, malformed, truncated, stall',
      'SIMULATOR_ALIBABA_PORT: must be at most 65535',
    ]);
    expect(problems({}, { SIMULATOR_HUAWEI_SK: 'only-the-secret' })).toEqual(['SIMULATOR_HUAWEI_AK: must be set when SIMULATOR_HUAWEI_SK is set']);
    expect(problems({}, { SIMULATOR_ALIBABA_ACCESS_KEY_ID: 'has space', SIMULATOR_ALIBABA_ACCESS_KEY_SECRET: 'x' })).toEqual([
      'SIMULATOR_ALIBABA_ACCESS_KEY_ID: must be 1 to 128 printable characters without spaces',
    ]);
    expect(problems({ SIMULATOR_ALIBABA_PORT: '4100', SIMULATOR_HUAWEI_PORT: '4100' })).toEqual([
      'SIMULATOR_HUAWEI_PORT: must differ from SIMULATOR_ALIBABA_PORT',
    ]);
  });
});
