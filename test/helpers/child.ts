/** The real entry point (`npm start`) in a process of its own, and reading what it prints. */
import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';

const root = new URL('../../', import.meta.url);

export function spawnGateway(env: Record<string, string>): ChildProcessWithoutNullStreams {
  return spawn(process.execPath, ['--import', 'tsx', 'src/main.ts'], {
    cwd: root,
    env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', LOG_LEVEL: 'warn', ...env },
  });
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
