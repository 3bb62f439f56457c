/** The first run of someone new: the entry point in its own process, as `npm start` runs it. */
import type { ChildProcessWithoutNullStreams } from 'node:child_process';
import { once } from 'node:events';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { readUntil, runGateway, spawnGateway } from '../helpers/child.js';
import { startStack } from '../helpers/stack.js';

const version = (JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version: string }).version;
/** Each test starts the entry point (tsx compiling it) a few times, on a loaded machine. */
const SPAWNS = 90_000;
const READY = /GraphiQL at (http:\/\/\S+)\/graphql\n/;

describe('the first run', () => {
  const children: ChildProcessWithoutNullStreams[] = [];
  afterAll(() => children.forEach((child) => child.kill('SIGKILL')));
  const start = (env: Record<string, string>, options?: Parameters<typeof spawnGateway>[1]) => {
    const child = spawnGateway({ PORT: '0', HOST: '127.0.0.1', ...env }, options);
    children.push(child);
    return child;
  };
  const stop = async (child: ChildProcessWithoutNullStreams) => {
    child.kill('SIGTERM');
    await once(child, 'close'); // its output read to the end
  };

  it('--help and --version print and exit 0; an unknown option is one line and exit 2', async () => {
    const help = await runGateway({}, { args: ['--help'] });
    expect(help.code).toBe(0);
    expect(help.stdout).toMatch(/^hypernode-gateway \S+: one GraphQL API/);
    expect(help.stdout).toContain('README.md');
    expect((await runGateway({}, { args: ['--version'] })).stdout).toBe(`${version}\n`);
    const unknown = await runGateway({}, { args: ['--port=1'] });
    expect(unknown.code).toBe(2);
    expect(unknown.stderr.trim().split('\n')).toEqual([expect.stringMatching(/^hypernode-gateway: .*--port.*; see --help$/)]);
  }, SPAWNS);

  it('a port in use is one clear line and exit 1, no stack', async () => {
    const holder = createServer();
    await new Promise<void>((resolve) => holder.listen(0, '127.0.0.1', resolve));
    const { port } = holder.address() as { port: number };
    try {
      const run = await runGateway({ PORT: String(port), HOST: '127.0.0.1' });
      expect(run.code).toBe(1);
      expect(run.stderr.trim().split('\n')).toEqual([`hypernode-gateway: port ${port} on 127.0.0.1 is in use by another program; set PORT (or HOST) to another one`]);
    } finally {
      holder.close();
    }
  }, SPAWNS);

  it('prints the banner in one piece, logs JSON when not a terminal, pretty with LOG_FORMAT=pretty', async () => {
    const banner = /hypernode-gateway ready: GraphiQL at \S+\nback end: embedded simulators[^\n]*\n  Alibaba[^\n]*\n  Huawei[^\n]*\nadmin: \/metrics and \/readiness at \S+\ndevelopment key \(every scope\): \S+\n  GraphiQL sends it[^\n]*\n/;
    for (const [format, line] of [
      [undefined, /^\{"level":30,.*"msg":"stopping"/m],
      ['pretty', /^\[\d\d:\d\d:\d\d\.\d{3}\] INFO: stopping/m],
    ] as const) {
      const child = start({ LOG_LEVEL: 'debug', ...(format && { LOG_FORMAT: format }) });
      let out = '';
      child.stdout.on('data', (chunk) => (out += String(chunk)));
      await readUntil(child, /GraphiQL sends it/);
      await stop(child);
      expect(out).toMatch(banner);
      expect(out).toMatch(line);
    }
  }, SPAWNS);

  it('/ redirects to GraphiQL; GATEWAY_DEV_KEY pins the development key GraphiQL fills in; .env is read', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'gateway-first-run-'));
    const pinned = 'dev-pinned-key-for-a-frontend-0123';
    writeFileSync(join(dir, '.env'), `# a frontend's settings\nGATEWAY_DEV_KEY=${pinned}\nSIMULATOR_HYPERNODES_PER_REGION=3\nPORT=1\n`);
    // PORT from the environment wins over the file's.
    const child = start({}, { cwd: pathToFileURL(`${dir}/`) });
    const [, url] = await readUntil(child, new RegExp(`${READY.source}[\\s\\S]*development key \\(every scope\\): ${pinned}\\n`));

    const landing = await fetch(`${url}/`, { redirect: 'manual' });
    expect(landing.status).toBe(302);
    expect(landing.headers.get('location')).toBe('/graphql');
    const page = await fetch(`${url}/graphql`, { headers: { accept: 'text/html' } });
    expect(await page.text()).toContain(`Bearer ${pinned}`);
    const answer = await fetch(`${url}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${pinned}` },
      body: JSON.stringify({ query: '{ hyperNodes(provider: ALIBABA, first: 100) { nodes { id } } }' }),
    });
    const body = (await answer.json()) as { data: { hyperNodes: { nodes: unknown[] } } };
    expect(body.data.hyperNodes.nodes).toHaveLength(3);
    await stop(child);
  }, SPAWNS);

  it('refuses a GATEWAY_DEV_KEY outside simulated mode, and a malformed one, with one line', async () => {
    const live = await runGateway({ GATEWAY_MODE: 'live', GATEWAY_AUTH: 'none', ALIBABA_CLOUD_ACCESS_KEY_ID: 'id', ALIBABA_CLOUD_ACCESS_KEY_SECRET: 's', GATEWAY_DEV_KEY: 'x'.repeat(30) });
    expect(live.code).toBe(1);
    expect(live.stderr.trim().split('\n')).toEqual([expect.stringMatching(/^hypernode-gateway: GATEWAY_DEV_KEY: only in simulated mode/)]);
    const short = await runGateway({ GATEWAY_DEV_KEY: 'short' });
    expect(short.stderr.trim().split('\n')).toEqual(['hypernode-gateway: GATEWAY_DEV_KEY: must be 24 to 128 letters, digits, "-" or "_"']);
  }, SPAWNS);
});

describe('/ without GraphiQL', () => {
  it('answers a short JSON index of the endpoints', async () => {
    const stack = await startStack({ env: { GATEWAY_GRAPHIQL: 'false', GATEWAY_INTROSPECTION: 'false' } });
    try {
      const response = await stack.get('/');
      expect(response.status).toBe(200);
      expect(await response.json()).toEqual({ service: 'hypernode-gateway', graphql: '/graphql', health: '/health', docs: expect.any(String) });
    } finally {
      await stack.stop();
    }
  });
});
