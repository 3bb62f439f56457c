/** Processes the benchmarks start: each waits for its first stdout line matching `ready`, then runs on its own. */
import { spawn, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';

export const root = new URL('../', import.meta.url);

/** Starts `node <args>` in the checkout with a bare environment plus `env`; resolves with the first line matching `ready`. */
export function spawnUntilReady(args: string[], env: Record<string, string>, ready: RegExp): Promise<{ child: ChildProcess; line: string }> {
  const child = spawn(process.execPath, args, {
    cwd: root,
    env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', LOG_LEVEL: 'error', ...env },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  return new Promise((resolve, reject) => {
    let text = '';
    child.stdout!.on('data', (chunk: Buffer) => {
      text += String(chunk);
      const line = text.split('\n').find((l) => ready.test(l));
      if (line) {
        child.stdout!.removeAllListeners('data');
        child.stdout!.resume();
        resolve({ child, line });
      }
    });
    child.once('exit', (code) => reject(new Error(`${args.join(' ')} exited with ${code}: ${text}`)));
  });
}

/** The one API key every bench gateway takes. */
export const BENCH_API_KEY = 'bench-key-0123456789';

/**
 * A bench gateway's environment over the simulators' `env`: live mode on loopback with a free port, the bench's key
 * with `scopes`, and no rate limit or upstream budget (the bench is one principal sending thousands of requests a
 * second).
 */
export function benchGatewayEnv(simulatorEnv: Record<string, string>, scopes = 'read'): Record<string, string> {
  return {
    ...simulatorEnv,
    GATEWAY_MODE: 'live',
    PORT: '0',
    HOST: '127.0.0.1',
    GATEWAY_API_KEYS: `bench=${BENCH_API_KEY}:${scopes}`,
    GATEWAY_RATE_LIMIT_PER_SECOND: '0',
    GATEWAY_UPSTREAM_BUDGET_PER_SECOND: '0',
  };
}

/** The node flags `npm start` gives the gateway (heap cap, source maps), so the benchmarks run it the same way. */
export function nodeFlagsOfStart(): string[] {
  const { scripts } = JSON.parse(readFileSync(new URL('package.json', root), 'utf8')) as { scripts: Record<string, string> };
  return scripts.start!.split(/\s+/).filter((word) => word.startsWith('--'));
}
