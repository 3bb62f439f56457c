/** The real entry point (`npm start`) in a process of its own, and reading what it prints. */
import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';

const root = new URL('../../', import.meta.url);

export interface SpawnOptions {
  /** Command-line arguments after `src/main.ts`. */
  args?: string[];
  /** The working directory, where `.env` is read from; the repository unless given. */
  cwd?: URL;
}

export function spawnGateway(env: Record<string, string>, { args = [], cwd = root }: SpawnOptions = {}): ChildProcessWithoutNullStreams {
  // Paths of the repository, so that the child starts the same from any working directory.
  return spawn(process.execPath, ['--import', new URL('node_modules/tsx/dist/loader.mjs', root).href, new URL('src/main.ts', root).pathname, ...args], {
    cwd,
    env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', LOG_LEVEL: 'warn', ...env },
  });
}

/** Runs the entry point to its end: its exit code and everything it printed. */
export async function runGateway(env: Record<string, string>, options: SpawnOptions = {}): Promise<{ code: number | null; stdout: string; stderr: string }> {
  const child = spawnGateway(env, options);
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (chunk) => (stdout += String(chunk)));
  child.stderr.on('data', (chunk) => (stderr += String(chunk)));
  const code = await new Promise<number | null>((resolve) => child.once('close', resolve));
  return { code, stdout, stderr };
}

/**
 * Resolves with the first match of `pattern` in the child's output. Its output keeps being read afterwards:
 * leaving the pipe (as breaking out of `for await` over stdout does) closes it, and the child's next line then
 * fails with EPIPE.
 */
export function readUntil(child: ChildProcessWithoutNullStreams, pattern: RegExp): Promise<RegExpExecArray> {
  return new Promise((resolve, reject) => {
    let text = '';
    const onData = (chunk: Buffer) => {
      text += String(chunk);
      const match = pattern.exec(text);
      if (!match) return;
      child.stdout.off('data', onData);
      child.stdout.resume();
      resolve(match);
    };
    child.stdout.on('data', onData);
    child.once('exit', (code) => reject(new Error(`the gateway exited (${code}) before printing ${pattern}: ${text}`)));
  });
}
