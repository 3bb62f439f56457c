/** `npm start` as a user runs it: the real entry point in its own process, on the embedded simulators. */
import type { ChildProcessWithoutNullStreams } from 'node:child_process';
import { once } from 'node:events';
import { afterAll, describe, expect, it } from 'vitest';
import { readUntil, spawnGateway as startGateway } from '../helpers/child.js';

describe('npm start', () => {
  const children: ChildProcessWithoutNullStreams[] = [];
  afterAll(() => children.forEach((child) => child.kill('SIGKILL')));

  it('serves GraphiQL with a printed development key pre-filled, the seed on the simulators, and stops cleanly on SIGTERM', async () => {
    const child = startGateway({ PORT: '0', HOST: '127.0.0.1' });
    children.push(child);
    const [, url, devKey] = await readUntil(
      child,
      /GraphiQL at (http:\/\/\S+)\/graphql\n[\s\S]*back end: embedded simulators[\s\S]*development key \(every scope\): (\S+)\n/,
    );

    expect((await fetch(`${url}/health`)).status).toBe(200);
    const page = await fetch(`${url}/graphql`, { headers: { accept: 'text/html' } });
    expect(page.status).toBe(200);
    const html = await page.text();
    expect(html).toContain('hypernode-gateway');
    expect(html).toContain(`Bearer ${devKey}`);

    const ask = (headers: Record<string, string>) =>
      fetch(`${url}/graphql`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...headers },
        body: JSON.stringify({ query: '{ hyperNode(id: "alibaba:cn-wulanchabu:hypernode:e01-cn-zvp2tgykr08") { hostname } }' }),
      });
    const answer = await ask({ authorization: `Bearer ${devKey}` });
    expect(await answer.json()).toEqual({ data: { hyperNode: { hostname: 'alywlcb-lingjun-gpu-0025' } } });
    const anonymous = await ask({});
    expect(anonymous.status).toBe(401);
    expect(await anonymous.json()).toMatchObject({ errors: [{ extensions: { code: 'UNAUTHENTICATED' } }] });

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

  it('refuses live mode without an auth setting, naming GATEWAY_AUTH', async () => {
    const child = startGateway({ GATEWAY_MODE: 'live', ALIBABA_CLOUD_ACCESS_KEY_ID: 'id', ALIBABA_CLOUD_ACCESS_KEY_SECRET: 'secret' });
    children.push(child);
    let stderr = '';
    child.stderr.on('data', (chunk) => (stderr += String(chunk)));
    const [code] = await once(child, 'exit');
    expect(code).toBe(1);
    expect(stderr.trim().split('\n')).toEqual([
      'hypernode-gateway: GATEWAY_AUTH: live mode needs GATEWAY_API_KEYS or GATEWAY_JWT_JWKS_URL, or GATEWAY_AUTH=none to serve without authentication',
    ]);
  });
});

