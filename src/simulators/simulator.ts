/** What both cloud simulators are: a loopback HTTP server that counts and logs what it is asked, and misbehaves on request. */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { FaultInjector, resetConnection, sendText, type FaultSettings } from './faults.js';
import { BodyTooLarge, CallCounter, listen, readBody, RequestLog, ServedTimes, type RunningServer } from './http.js';

/** What every simulator takes besides its fleet and credentials. */
export interface SimulatorOptions {
  port?: number;
  /** The simulator's clock, for date-window tests. */
  now?: () => number;
  /** How long a node action (reboot, stop, start) takes before the node settles, in ms. */
  actionDurationMs?: number;
  /** Latency and faults to inject from the start; `simulator.faults` changes them later. */
  faults?: FaultSettings;
  /** Share of node actions that end failed, drawn from a generator seeded by the fleet's seed. */
  failureRate?: number;
}

/** A request as the flow first sees it: which operation it names (before its body is read). */
export interface Incoming {
  url: URL;
  /** The name it is counted and faulted under. */
  counted: string;
  /** The name it is logged under ('' when it names no operation the cloud has). */
  logged: string;
}

/** An answer to send: 200 unless told, the body as JSON (none when undefined). */
export interface Answer {
  status?: number;
  body?: unknown;
}

/** How one cloud speaks where the shared flow answers for it. */
export interface CloudDialect {
  /** The header the cloud names its request ID in. */
  requestIdHeader: string;
  newRequestId(): string;
  /** A body over the cap. */
  tooLarge(): ApiError;
  /** An injected `error` fault: a 5xx of the cloud. */
  unavailable(): ApiError;
  /** An injected `throttle` fault: the cloud's flow-control answer. */
  throttled(): ApiError;
  /** The cloud's error JSON for a refusal. */
  errorBody(requestId: string, error: ApiError): unknown;
}

export abstract class Simulator {
  /** Calls per operation, for tests and benchmarks to read. */
  readonly calls = new CallCounter();
  /** The last requests, so tests can check what exactly was sent. */
  readonly requests = new RequestLog();
  /** How long each call took to answer, latency included: the upstream time a benchmark subtracts from its own. */
  readonly served = new ServedTimes();
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

  protected abstract readonly dialect: CloudDialect;
  /** Names the request's operation from its line and headers. */
  protected abstract identify(req: IncomingMessage): Incoming;
  /** Refuses, before the body is read, what the cloud refuses from the request line alone. */
  protected refuseEarly(_req: IncomingMessage): void {}
  /** Refuses a request whose signature, date, nonce or credentials the cloud would not take. */
  protected abstract verifySignature(req: IncomingMessage, url: URL, body: string): void;
  /** The cloud's answer to a signed request; an ApiError is its refusal. */
  protected abstract answer(req: IncomingMessage, incoming: Incoming, body: string, requestId: string): Answer;

  /**
   * The flow both clouds share: count, plan faults, read the body within its cap, log, add latency, play a fault,
   * check the signature, answer; every refusal in the cloud's error format with its request ID.
   */
  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const { dialect } = this;
    const received = performance.now();
    res.once('finish', () => this.served.add(performance.now() - received));
    const requestId = dialect.newRequestId();
    const incoming = this.identify(req);
    this.calls.add(incoming.counted);
    const { latencyMs, fault } = this.faults.plan(incoming.counted);
    const reply = (status: number, body: unknown, headers: Record<string, string> = {}) =>
      sendText(res, fault, status, body === undefined ? '' : JSON.stringify(body), { [dialect.requestIdHeader]: requestId, ...headers });
    try {
      this.refuseEarly(req);
      const body = await readBody(req);
      const { url } = incoming;
      this.requests.add({ operation: incoming.logged, method: req.method ?? '', path: url.pathname, query: Object.fromEntries(url.searchParams), body });
      await this.faults.delay(latencyMs);
      if (fault === 'reset') return resetConnection(res);
      if (fault === 'error') throw dialect.unavailable();
      if (fault === 'throttle') throw dialect.throttled();
      this.verifySignature(req, url, body);
      const answer = this.answer(req, incoming, body, requestId);
      reply(answer.status ?? 200, answer.body);
    } catch (error) {
      const refusal = error instanceof BodyTooLarge ? dialect.tooLarge() : error;
      if (!(refusal instanceof ApiError)) throw error;
      reply(refusal.status, dialect.errorBody(requestId, refusal), refusal.headers);
    }
  }
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
