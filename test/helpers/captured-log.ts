/** A logger for tests that keeps what it writes: each JSON line as written, and parsed on demand. */
import { Writable } from 'node:stream';
import type { pino } from 'pino';
import { createLogger, type Logger } from '../../src/logger.js';

export interface CapturedLog {
  logger: Logger;
  /** Each line as written, newline included: `lines.join('')` is the whole log; `lines.length = 0` empties it. */
  lines: string[];
  /** The lines parsed. */
  records(): Array<Record<string, unknown>>;
}

export function capturedLog(level: pino.LevelWithSilent = 'info'): CapturedLog {
  const lines: string[] = [];
  const destination = new Writable({
    write(chunk: Buffer, _encoding, done) {
      for (const line of String(chunk).split('\n')) if (line.trim()) lines.push(`${line}\n`);
      done();
    },
  });
  return { logger: createLogger(level, destination), lines, records: () => lines.map((line) => JSON.parse(line) as Record<string, unknown>) };
}
