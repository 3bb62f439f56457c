/** What both simulators share: a loopback HTTP server, body reading with a cap, JSON answers and call counters. */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export type Handler = (req: IncomingMessage, res: ServerResponse) => Promise<void>;

export interface RunningServer {
  /** `http://127.0.0.1:<port>` */
  url: string;
  close(): Promise<void>;
}

export async function listen(handler: Handler, port = 0, host = '127.0.0.1'): Promise<RunningServer> {
  const server: Server = createServer((req, res) => {
    handler(req, res).catch((error: unknown) => {
      if (!res.headersSent) sendJson(res, 500, { message: 'simulator failure', detail: String(error) });
      else res.destroy();
    });
  });
  server.keepAliveTimeout = 5_000;
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => resolve());
  });
  const { port: bound } = server.address() as AddressInfo;
  return {
    url: `http://${host}:${bound}`,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}

export class BodyTooLarge extends Error {}

export async function readBody(req: IncomingMessage, limit = 1024 * 1024): Promise<string> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > limit) throw new BodyTooLarge();
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks).toString('utf8');
}

export function sendJson(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  const text = body === undefined ? '' : JSON.stringify(body);
  res.writeHead(status, {
    ...(text ? { 'content-type': 'application/json;charset=utf-8' } : {}),
    'content-length': Buffer.byteLength(text),
    ...headers,
  });
  res.end(text);
}

/** Header name/value pairs as received, names as the client wrote them. */
export function headerPairs(req: IncomingMessage): Array<[string, string]> {
  const pairs: Array<[string, string]> = [];
  for (let i = 0; i < req.rawHeaders.length; i += 2) pairs.push([req.rawHeaders[i]!, req.rawHeaders[i + 1]!]);
  return pairs;
}

/** Calls per operation, for tests and benchmarks to read. */
export class CallCounter {
  private readonly counts = new Map<string, number>();

  add(operation: string): void {
    this.counts.set(operation, (this.counts.get(operation) ?? 0) + 1);
  }

  get(operation: string): number {
    return this.counts.get(operation) ?? 0;
  }

  total(): number {
    let sum = 0;
    for (const count of this.counts.values()) sum += count;
    return sum;
  }

  snapshot(): Record<string, number> {
    return Object.fromEntries([...this.counts].sort(([a], [b]) => a.localeCompare(b)));
  }

  reset(): void {
    this.counts.clear();
  }
}

/** How long the simulator took to answer each call (request received to response written), the last `capacity` of them. */
export class ServedTimes {
  private readonly times: number[] = [];
  private next = 0;

  constructor(private readonly capacity = 20_000) {}

  add(ms: number): void {
    if (this.times.length < this.capacity) this.times.push(ms);
    else this.times[this.next] = ms;
    this.next = (this.next + 1) % this.capacity;
  }

  values(): readonly number[] {
    return this.times;
  }

  reset(): void {
    this.times.length = 0;
    this.next = 0;
  }
}

/** Remembers values for a time window, e.g. nonces already used; memory stays bounded by the window. */
export class SeenWithin {
  private readonly seen = new Map<string, number>();

  constructor(private readonly windowMs: number) {}

  /** True when `value` was already seen within the window; records it otherwise. */
  checkAndAdd(value: string, now: number): boolean {
    for (const [key, at] of this.seen) {
      if (now - at <= this.windowMs) break;
      this.seen.delete(key);
    }
    if (this.seen.has(value)) return true;
    this.seen.set(value, now);
    return false;
  }
}

export interface LoggedRequest {
  operation: string;
  method: string;
  path: string;
  query: Record<string, string>;
  body: string;
}

/** The last requests a simulator received, so tests can check what exactly was sent. */
export class RequestLog {
  private readonly entries: LoggedRequest[] = [];

  constructor(private readonly capacity = 200) {}

  add(entry: LoggedRequest): void {
    this.entries.push(entry);
    if (this.entries.length > this.capacity) this.entries.shift();
  }

  of(operation: string): LoggedRequest[] {
    return this.entries.filter((e) => e.operation === operation);
  }

  clear(): void {
    this.entries.length = 0;
  }
}
