/**
 * `npm run simulators` as a user runs it: the real entry point in its own process, driven by the clouds' official
 * SDK cores with the credentials it prints, stopped by SIGTERM.
 */
import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { once } from 'node:events';
import { createServer } from 'node:net';
import { afterAll, describe, expect, it } from 'vitest';
import { readUntil } from '../helpers/child.js';
import { alibabaRefusal, alibabaSdk, huaweiSdk } from '../helpers/official-sdks.js';
import { freePort } from '../helpers/free-port.js';

const root = new URL('../../', import.meta.url);
const children: ChildProcessWithoutNullStreams[] = [];

function simulators(args: string[], env: Record<string, string> = {}): ChildProcessWithoutNullStreams {
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/simulators/main.ts', ...args], {
    cwd: root,
    env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', ...env },
  });
  children.push(child);
  return child;
}

interface Printed {
  alibaba: { endpoint: string; regions: string[]; accessKeyId: string; accessKeySecret: string };
  huawei: { endpoint: string; regions: string[]; projectIds: Record<string, string>; ak: string; sk: string };
}

/** The one line `--json` prints; nothing else may be on stdout. */
async function printedJson(child: ChildProcessWithoutNullStreams): Promise<Printed> {
  const [line] = await readUntil(child, /^.*\n/);
  return JSON.parse(line) as Printed;
}


async function stopped(child: ChildProcessWithoutNullStreams): Promise<number | null> {
  const exit = once(child, 'exit');
  child.kill('SIGTERM');
  const [code] = await exit;
  return code as number | null;
}

afterAll(() => children.forEach((child) => child.exitCode === null && child.kill('SIGKILL')));

// Each test starts the entry point under tsx, which is slow on a loaded machine; nothing here depends on speed.
const SLOW = 90_000;

describe('npm run simulators', () => {
  it('prints one line of JSON with fresh credentials, which the official SDKs use; SIGTERM stops it', async () => {
    const [first, second] = [simulators(['--json']), simulators(['--json'])];
    const [printed, other] = await Promise.all([printedJson(first), printedJson(second)]);
    let stdout = '';
    first.stdout.on('data', (chunk) => (stdout += String(chunk)));

    expect(Object.keys(printed)).toEqual(['alibaba', 'huawei']);
    expect(Object.keys(printed.alibaba)).toEqual(['endpoint', 'regions', 'accessKeyId', 'accessKeySecret']);
    expect(Object.keys(printed.huawei)).toEqual(['endpoint', 'regions', 'projectIds', 'ak', 'sk']);
    expect(printed.alibaba.regions).toEqual(['cn-wulanchabu']);
    expect(Object.keys(printed.huawei.projectIds)).toEqual(printed.huawei.regions);
    expect(other.alibaba.accessKeyId).not.toBe(printed.alibaba.accessKeyId);
    expect(other.alibaba.accessKeySecret).not.toBe(printed.alibaba.accessKeySecret);
    expect(other.huawei.ak).not.toBe(printed.huawei.ak);
    expect(other.huawei.sk).not.toBe(printed.huawei.sk);

    const { endpoint, accessKeyId, accessKeySecret } = printed.alibaba;
    const clusters = await alibabaSdk(endpoint, { accessKeyId, accessKeySecret })('ListClusters', {});
    expect(clusters.statusCode).toBe(200);
    expect((clusters.body.Clusters as unknown[]).length).toBeGreaterThan(0);
    const region = printed.huawei.regions[0]!;
    const servers = await huaweiSdk(printed.huawei.endpoint, printed.huawei.projectIds[region]!, printed.huawei)('GET', { path: '/dev-servers' });
    expect(servers.httpStatusCode).toBe(200);
    expect(servers.total).toBeGreaterThan(0);
    // Another run's key is not this one's.
    const stranger = await alibabaSdk(endpoint, other.alibaba)('ListClusters', {}).then(() => null, alibabaRefusal);
    expect(stranger).toEqual({ code: 'InvalidAccessKeyId.NotFound', status: 404 });

    expect(await Promise.all([stopped(first), stopped(second)])).toEqual([0, 0]);
    expect(stdout).toBe('');
    await expect(fetch(endpoint)).rejects.toThrow();
  }, SLOW);

  it('serves the credentials, ports, regions, fleet size and faults it is given', async () => {
    const [alibabaPort, huaweiPort] = [await freePort(), await freePort()];
    const child = simulators(
      ['--json', '--alibaba-port', String(alibabaPort), '--huawei-port', String(huaweiPort), '--hypernodes', '3', '--alibaba-regions', 'cn-beijing', '--seed', '7'],
      {
        SIMULATOR_ALIBABA_ACCESS_KEY_ID: 'LTAI5tGiven',
        SIMULATOR_ALIBABA_ACCESS_KEY_SECRET: 'given-secret',
        SIMULATOR_HUAWEI_AK: 'GIVENAK',
        SIMULATOR_HUAWEI_SK: 'given-sk',
        HUAWEICLOUD_REGIONS: 'cn-north-4,cn-southwest-2',
        SIMULATOR_FAULT_RATE: '1',
        SIMULATOR_FAULTS: 'error',
      },
    );
    const printed = await printedJson(child);
    expect(printed.alibaba).toEqual({ endpoint: `http://127.0.0.1:${alibabaPort}`, regions: ['cn-beijing'], accessKeyId: 'LTAI5tGiven', accessKeySecret: 'given-secret' });
    expect(printed.huawei).toMatchObject({ endpoint: `http://127.0.0.1:${huaweiPort}`, regions: ['cn-north-4', 'cn-southwest-2'], ak: 'GIVENAK', sk: 'given-sk' });
    // Every answer is a fault, as asked: the cloud's 503.
    const refusal = await alibabaSdk(printed.alibaba.endpoint, printed.alibaba)('ListHyperNodes', {}).then(() => null, alibabaRefusal);
    expect(refusal).toEqual({ code: 'ServiceUnavailable', status: 503 });
    expect(await stopped(child)).toBe(0);

    const healthy = simulators(['--json', '--hypernodes', '3', '--alibaba-regions', 'cn-beijing', '--seed', '7'], {
      SIMULATOR_ALIBABA_ACCESS_KEY_ID: 'LTAI5tGiven',
      SIMULATOR_ALIBABA_ACCESS_KEY_SECRET: 'given-secret',
    });
    const again = await printedJson(healthy);
    const list = await alibabaSdk(again.alibaba.endpoint, again.alibaba)('ListHyperNodes', { body: { MaxResults: 100 } });
    expect((list.body.HyperNodes as Array<{ HyperNodeId: string }>).length).toBe(3);
    expect(await stopped(healthy)).toBe(0);
  }, SLOW);

  it('prints each endpoint and the credentials for people', async () => {
    const child = simulators([], { SIMULATOR_HUAWEI_AK: 'PEOPLEAK', SIMULATOR_HUAWEI_SK: 'people-sk' });
    const [text] = await readUntil(child, /[\s\S]*Stop with Ctrl-C or SIGTERM\.\n/);
    expect(text).toMatch(/Alibaba Cloud Lingjun[^\n]*\n {2}endpoint: +http:\/\/127\.0\.0\.1:\d+\n {2}regions: +cn-wulanchabu\n {2}accessKeyId: +SIM\w+\n {2}accessKeySecret: +\S+\n/);
    expect(text).toMatch(/Huawei Cloud ModelArts[^\n]*\n {2}endpoint: +http:\/\/127\.0\.0\.1:\d+\n {2}projects: +cn-north-4=[0-9a-f]{32}\n {2}ak: +PEOPLEAK\n {2}sk: +people-sk\n/);
    expect(await stopped(child)).toBe(0);
  }, SLOW);

  it('refuses a bad flag value with one line naming the flag and its setting, and exit code 1', async () => {
    const child = simulators(['--hypernodes', 'many']);
    let stderr = '';
    child.stderr.on('data', (chunk) => (stderr += String(chunk)));
    const [code] = await once(child, 'exit');
    expect(code).toBe(1);
    expect(stderr.trim().split('\n')).toEqual([
      'hypernode-simulators: --hypernodes (SIMULATOR_HYPERNODES_PER_REGION): must be a whole number from 1 to 100000',
    ]);
  }, SLOW);

  it('refuses half a key pair, naming the missing setting', async () => {
    const child = simulators(['--json'], { SIMULATOR_ALIBABA_ACCESS_KEY_ID: 'LTAI5tHalf' });
    let stderr = '';
    child.stderr.on('data', (chunk) => (stderr += String(chunk)));
    const [code] = await once(child, 'exit');
    expect(code).toBe(1);
    expect(stderr.trim().split('\n')).toEqual([
      'hypernode-simulators: SIMULATOR_ALIBABA_ACCESS_KEY_SECRET: must be set when SIMULATOR_ALIBABA_ACCESS_KEY_ID is set',
    ]);
  }, SLOW);

  it('refuses a port in use, naming its setting', async () => {
    const taken = createServer();
    await new Promise<void>((resolve) => taken.listen(0, '127.0.0.1', resolve));
    const { port } = taken.address() as { port: number };
    try {
      const child = simulators(['--huawei-port', String(port)]);
      let stderr = '';
      child.stderr.on('data', (chunk) => (stderr += String(chunk)));
      const [code] = await once(child, 'exit');
      expect(code).toBe(1);
      expect(stderr.trim().split('\n')).toEqual([`hypernode-simulators: SIMULATOR_HUAWEI_PORT: port ${port} is in use`]);
    } finally {
      await new Promise((resolve) => taken.close(resolve));
    }
  }, SLOW);
});
