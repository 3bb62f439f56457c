/** What both cloud simulators are: a loopback HTTP server that counts and logs what it is asked, and misbehaves on request. */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { FaultInjector, type FaultSettings } from './faults.js';
import { CallCounter, listen, RequestLog, type RunningServer } from './http.js';

export abstract class Simulator {
  /** Calls per operation, for tests and benchmarks to read. */
  readonly calls = new CallCounter();
  /** The last requests, so tests can check what exactly was sent. */
  readonly requests = new RequestLog();
  /** Latency and faults to inject; tests change them with `faults.set(...)`. */
  readonly faults: FaultInjector;
  private server: RunningServer | null = null;

  protected constructor(
    private readonly cloud: string,
    faults: FaultSettings | undefined,
    private readonly port = 0,
  ) {
    this.faults = new FaultInjector(faults);
  }

  get url(): string {
    if (!this.server) throw new Error(`the ${this.cloud} simulator is not running`);
    return this.server.url;
  }

  async start(): Promise<this> {
    this.server = await listen((req, res) => this.handle(req, res), this.port);
    return this;
  }

  async stop(): Promise<void> {
    await this.server?.close();
    this.server = null;
  }

  protected abstract handle(req: IncomingMessage, res: ServerResponse): Promise<void>;
}

/** A refusal in the cloud's own error format; `headers` go with it (e.g. a throttling wait). */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly headers: Record<string, string> = {},
  ) {
    super(message);
  }
}
