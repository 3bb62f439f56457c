/** `npm start` as a user runs it: the real entry point in its own process, on the embedded simulators. */
import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { once } from 'node:events';
import { afterAll, describe, expect, it } from 'vitest';

const root = new URL('../../', import.meta.url);

function startGateway(env: Record<string, string>): ChildProcessWithoutNullStreams {
  return spawn(process.execPath, ['--import', 'tsx', 'src/main.ts'], {
    cwd: root,
    env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', LOG_LEVEL: 'warn', ...env },
  });
}

/** Reads stdout until `pattern` shows, and keeps draining it: a closed pipe would kill the child with EPIPE on its next line. */
function readUntil(child: ChildProcessWithoutNullStreams, pattern: RegExp): Promise<RegExpExecArray> {
  return new Promise((resolve, reject) => {
    let text = '';
    child.stdout.on('data', (chunk) => {
      text += String(chunk);
      const match = pattern.exec(text);
      if (match) resolve(match);
    });
    child.once('exit', () => reject(new Error(`the gateway exited before printing ${pattern}: ${text}`)));
  });
}

describe('npm start', () => {
  const children: ChildProcessWithoutNullStreams[] = [];
  afterAll(() => children.forEach((child) => child.kill('SIGKILL')));

  it('serves GraphiQL and the seed on the simulators, says so, and stops cleanly on SIGTERM', async () => {
    const child = startGateway({ PORT: '0', HOST: '127.0.0.1' });
    children.push(child);
    const [, url] = await readUntil(child, /GraphiQL at (http:\/\/\S+)\/graphql\n[\s\S]*back end: embedded simulators/);

    expect((await fetch(`${url}/health`)).status).toBe(200);
    const page = await fetch(`${url}/graphql`, { headers: { accept: 'text/html' } });
    expect(page.status).toBe(200);
    expect(await page.text()).toContain('hypernode-gateway');

    const answer = await fetch(`${url}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ query: '{ hyperNode(id: "alibaba:cn-wulanchabu:hypernode:e01-cn-zvp2tgykr08") { hostname } }' }),
    });
    expect(await answer.json()).toEqual({ data: { hyperNode: { hostname: 'alywlcb-lingjun-gpu-0025' } } });

    child.kill('SIGTERM');
    const [code] = await once(child, 'exit');
    expect(code).toBe(0);
  });

  it('refuses a bad setting with one line naming it, and exit code 1', async () => {
    const child = startGateway({ PORT: 'eighty' });
    children.push(child);
    let stderr = '';
    child.stderr.on('data', (chunk) => (stderr += String(chunk)));
    const [code] = await once(child, 'exit');
    expect(code).toBe(1);
    expect(stderr.trim().split('\n')).toEqual(['hypernode-gateway: PORT: must be a whole number from 0 to 65535']);
  });
});
