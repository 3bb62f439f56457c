/**
 * Where log lines go and how they look: human-readable (pino-pretty, in this process and synchronous, so lines
 * keep their order with what the gateway prints itself) in a terminal or with LOG_FORMAT=pretty, JSON lines
 * otherwise, for log collectors.
 */
import { writeSync } from 'node:fs';
import { pino } from 'pino';
import { prettyFactory } from 'pino-pretty';
import type { GatewayConfig } from './config/index.js';

export function usePrettyLogs(format: GatewayConfig['log']['format'], isTTY: boolean): boolean {
  return format === 'pretty' || (format === 'auto' && isTTY);
}

/** Standard output, or the file descriptor given, as `format` and whether it is a terminal say. */
export function logDestination(format: GatewayConfig['log']['format'], fd = 1, isTTY = Boolean(process.stdout.isTTY)): pino.DestinationStream {
  if (usePrettyLogs(format, isTTY)) {
    // pino-pretty's formatter called in the write itself: its stream form formats later, and a line logged just
    // before process.exit would be lost.
    const pretty = prettyFactory({ colorize: isTTY, ignore: 'pid,hostname,service', translateTime: 'SYS:HH:MM:ss.l' });
    return { write: (line: string) => void writeSync(fd, pretty(line)) };
  }
  return pino.destination({ fd, sync: true });
}
