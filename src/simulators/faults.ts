/**
 * Fault injection shared by both simulators: added latency, and a share of calls answered with a 5xx, a throttling
 * answer (in each cloud's own format, sent by the simulator), a connection reset, a truncated or malformed body, or a
 * body that stalls. Decisions come from a seeded RNG, so a test's faults are the same on every run.
 */
import type { ServerResponse } from 'node:http';
import { setTimeout as sleep } from 'node:timers/promises';
import { CallCounter } from './http.js';
import { Random } from './random.js';

export type FaultKind = 'error' | 'throttle' | 'reset' | 'malformed' | 'truncated' | 'stall';

/** Shares of calls, each from 0 to 1, that get each fault; together at most 1. */
export interface FaultRates {
  /** Added before every answer, faulty or not. */
  latencyMs?: number;
  /** A 5xx answer in the cloud's error format. */
  errorRate?: number;
  /** The cloud's throttling answer: Alibaba 400 Throttling.User, Huawei 429 APIG.0308. */
  throttleRate?: number;
  /** The connection reset (TCP RST) before any answer. */
  resetRate?: number;
  /** A complete 200 answer whose body is not JSON. */
  malformedRate?: number;
  /** Headers promising the whole body, half of it, then the connection closed. */
  truncatedRate?: number;
  /** Headers and half the body, then nothing more. */
  stallRate?: number;
}

export interface FaultSettings extends FaultRates {
  /** Rates for one operation (e.g. `ListHyperNodes`), replacing the general ones for its calls. */
  operations?: Record<string, FaultRates>;
  /** At most this many faults, then healthy answers: a cloud that recovers. */
  maxFaults?: number;
  /** The wait a throttling answer asks for (Alibaba's `x-ratelimit-user-api` TimeLeft). */
  throttleWaitMs?: number;
  seed?: number;
}

export interface FaultPlan {
  latencyMs: number;
  fault: FaultKind | null;
}

const RATE_OF: ReadonlyArray<[FaultKind, keyof FaultRates]> = [
  ['error', 'errorRate'],
  ['throttle', 'throttleRate'],
  ['reset', 'resetRate'],
  ['malformed', 'malformedRate'],
  ['truncated', 'truncatedRate'],
  ['stall', 'stallRate'],
];

/** A stalled answer is dropped after this long if the client never gives up, so no socket is held for ever. */
const STALL_LIMIT_MS = 60_000;

export class FaultInjector {
  /** Faults injected so far, per kind. */
  readonly injected = new CallCounter();
  private settings: FaultSettings = {};
  private random = new Random(1);
  private faultsLeft = Number.POSITIVE_INFINITY;
  private waiting = 0;
  /** The most calls that waited out their latency at once since the last `set`/`reset`: the callers' parallelism. */
  peakInFlight = 0;

  constructor(settings: FaultSettings = {}) {
    this.set(settings);
  }

  /** Replaces every setting (those not given are off) and restarts the RNG and the counts. */
  set(settings: FaultSettings): void {
    this.settings = { ...settings };
    this.random = new Random(settings.seed ?? 1);
    this.faultsLeft = settings.maxFaults ?? Number.POSITIVE_INFINITY;
    this.injected.reset();
    this.peakInFlight = this.waiting;
  }

  reset(): void {
    this.set({});
  }

  get throttleWaitMs(): number {
    return this.settings.throttleWaitMs ?? 1_000;
  }

  /** What happens to the next call of `operation`. */
  plan(operation: string): FaultPlan {
    const rates = this.settings.operations?.[operation] ?? this.settings;
    const latencyMs = rates.latencyMs ?? this.settings.latencyMs ?? 0;
    if (this.faultsLeft <= 0) return { latencyMs, fault: null };
    const draw = this.random.next();
    let upTo = 0;
    for (const [kind, rate] of RATE_OF) {
      upTo += rates[rate] ?? 0;
      if (draw < upTo) {
        this.faultsLeft -= 1;
        this.injected.add(kind);
        return { latencyMs, fault: kind };
      }
    }
    return { latencyMs, fault: null };
  }

  /** Calls waiting out their latency now. */
  get inFlight(): number {
    return this.waiting;
  }

  /** Waits out a call's latency, counting the calls that wait at once. */
  async delay(ms: number): Promise<void> {
    if (ms <= 0) return;
    this.waiting += 1;
    this.peakInFlight = Math.max(this.peakInFlight, this.waiting);
    try {
      await sleep(ms, undefined, { ref: false });
    } finally {
      this.waiting -= 1;
    }
  }
}

/** Even shares of `rate` over `kinds`: how `SIMULATOR_FAULT_RATE` and `SIMULATOR_FAULTS` become settings. */
export function evenFaults(rate: number, kinds: readonly FaultKind[], extra: FaultSettings = {}): FaultSettings {
  const settings: FaultSettings = { ...extra };
  for (const [kind, key] of RATE_OF) if (kinds.includes(kind)) settings[key] = rate / kinds.length;
  return settings;
}

/** Resets the connection (RST) without answering. */
export function resetConnection(res: ServerResponse): void {
  res.socket?.resetAndDestroy();
}

/** Sends `text` as JSON, broken the way `fault` says when it is a body fault. */
export function sendText(
  res: ServerResponse,
  fault: FaultKind | null,
  status: number,
  text: string,
  headers: Record<string, string>,
): void {
  const length = Buffer.byteLength(text);
  const half = Buffer.from(text).subarray(0, Math.floor(length / 2));
  const head = { ...(text ? { 'content-type': 'application/json;charset=utf-8' } : {}), ...headers };
  switch (fault) {
    case 'malformed':
      res.writeHead(200, { ...head, 'content-length': half.length });
      res.end(half);
      return;
    case 'truncated':
      res.writeHead(status, { ...head, 'content-length': length });
      res.write(half, () => res.destroy());
      return;
    case 'stall': {
      res.writeHead(status, { ...head, 'content-length': length });
      res.write(half);
      const limit = setTimeout(() => res.destroy(), STALL_LIMIT_MS).unref();
      res.once('close', () => clearTimeout(limit));
      return;
    }
    default:
      res.writeHead(status, { ...head, 'content-length': length });
      res.end(text);
  }
}
