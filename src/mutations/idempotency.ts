/**
 * Idempotency records: the same client token from the same principal within the window returns the first result
 * and runs nothing again, also while the first request is still running, and also when the first request never
 * learnt what the cloud did (a timeout or a reset after the request was sent): such a record is kept as "outcome
 * unknown", and a retry reconciles it by reading what the cloud shows, never by running the mutation again. The
 * records sit behind a small store interface; the in-memory store serves one replica and is bounded in count and
 * bytes, a shared one (e.g. Redis) can serve several.
 */
import { createHash } from 'node:crypto';
import { BadUserInputError, GatewayError, isOutcomeUnknown, RateLimitedError } from '../errors.js';

export const IDEMPOTENCY_WINDOW_MS = 24 * 60 * 60 * 1000;

export interface IdempotencyRecord {
  /** Hash of the input the token was first used with. */
  fingerprint: string;
  /** `done`: `result` is what the mutation did. `unknown`: the cloud may or may not have done it; `result` holds what is known. */
  outcome: 'done' | 'unknown';
  /** The result, as JSON-safe data; undefined when nothing of it is known. */
  result: unknown;
}

export type Claim =
  /** The token is new: run the mutation, then `complete` or `release`. */
  | { kind: 'claimed' }
  /** The token was used and its record kept: a result, or an outcome still to be reconciled. */
  | { kind: 'done'; record: IdempotencyRecord }
  /** A first request with this token still runs; `settled` resolves when it completes or is released. */
  | { kind: 'busy'; fingerprint: string; settled: Promise<void> };

export interface IdempotencyStore {
  claim(key: string, fingerprint: string, ttlMs: number): Promise<Claim>;
  /** Keeps the record of a finished mutation, or of one whose outcome is unknown, for `ttlMs`. */
  complete(key: string, record: IdempotencyRecord, ttlMs: number): Promise<void>;
  /** Frees a claim whose mutation failed before reaching the cloud, so that a retry runs it. */
  release(key: string): Promise<void>;
}

export interface IdempotencyBounds {
  /** Records held at most, running claims included. */
  maxRecords: number;
  /** Bytes of records held at most (keys, fingerprints and results as JSON). */
  maxBytes: number;
}

export const DEFAULT_IDEMPOTENCY_BOUNDS: IdempotencyBounds = { maxRecords: 50_000, maxBytes: 32 * 1024 * 1024 };

interface Entry {
  expiresAt: number;
  fingerprint: string;
  record?: IdempotencyRecord;
  bytes: number;
  settle?: () => void;
  settled?: Promise<void>;
}

/** What a record costs to hold, about: its key, fingerprint and result as JSON. */
function sizeOf(key: string, fingerprint: string, record?: IdempotencyRecord): number {
  const result = record?.result === undefined ? 0 : Buffer.byteLength(JSON.stringify(record.result));
  return 2 * (key.length + fingerprint.length) + result + 64;
}

/**
 * Records in memory, bounded in count and bytes. Beyond a bound the oldest finished records go first, then the oldest
 * of unknown outcome; a running claim is never evicted (too many of them refuses new claims for a moment instead).
 */
export class MemoryIdempotencyStore implements IdempotencyStore {
  /** In the order of their last change: claims when made, records when completed. */
  private readonly entries = new Map<string, Entry>();
  private bytes = 0;
  private readonly bounds: IdempotencyBounds;
  private readonly now: () => number;

  constructor(options: Partial<IdempotencyBounds> & { now?: () => number } = {}) {
    this.bounds = { maxRecords: options.maxRecords ?? DEFAULT_IDEMPOTENCY_BOUNDS.maxRecords, maxBytes: options.maxBytes ?? DEFAULT_IDEMPOTENCY_BOUNDS.maxBytes };
    this.now = options.now ?? Date.now;
  }

  /** Records held and their bytes, for tests and metrics. */
  get usage(): { records: number; bytes: number } {
    return { records: this.entries.size, bytes: this.bytes };
  }

  async claim(key: string, fingerprint: string, ttlMs: number): Promise<Claim> {
    this.prune();
    const entry = this.entries.get(key);
    if (entry?.record) return { kind: 'done', record: structuredClone(entry.record) };
    if (entry) return { kind: 'busy', fingerprint: entry.fingerprint, settled: entry.settled! };
    let settle!: () => void;
    const settled = new Promise<void>((resolve) => (settle = resolve));
    this.put(key, { expiresAt: this.now() + ttlMs, fingerprint, settle, settled, bytes: sizeOf(key, fingerprint) });
    if (!this.entries.has(key)) throw new RateLimitedError(1_000);
    return { kind: 'claimed' };
  }

  async complete(key: string, record: IdempotencyRecord, ttlMs: number): Promise<void> {
    const entry = this.entries.get(key);
    this.remove(key);
    this.put(key, { expiresAt: this.now() + ttlMs, fingerprint: record.fingerprint, record: structuredClone(record), bytes: sizeOf(key, record.fingerprint, record) });
    entry?.settle?.();
  }

  async release(key: string): Promise<void> {
    const entry = this.entries.get(key);
    this.remove(key);
    entry?.settle?.();
  }

  /** Adds `entry` last, then evicts until both bounds hold; a claim that cannot fit is not added. */
  private put(key: string, entry: Entry): void {
    this.entries.set(key, entry);
    this.bytes += entry.bytes;
    const over = () => this.entries.size > this.bounds.maxRecords || this.bytes > this.bounds.maxBytes;
    for (const outcome of ['done', 'unknown'] as const) {
      if (!over()) return;
      for (const [oldKey, old] of this.entries) {
        if (!over()) return;
        if (oldKey !== key && old.record?.outcome === outcome) this.remove(oldKey);
      }
    }
    // Only running claims are left to evict, and those never are: the newest claim gives way.
    if (over() && !entry.record) this.remove(key);
  }

  private remove(key: string): void {
    const entry = this.entries.get(key);
    if (!entry) return;
    this.entries.delete(key);
    this.bytes -= entry.bytes;
  }

  private prune(): void {
    const now = this.now();
    for (const [key, entry] of this.entries) if (entry.record && entry.expiresAt <= now) this.remove(key);
  }
}

/** The cloud may or may not have done what a first request with this token asked, and reading it does not tell. */
export class OutcomeUnknownError extends GatewayError {
  constructor(message: string) {
    super('OUTCOME_UNKNOWN', message);
  }
}

/** Stable JSON: object keys sorted, so equal inputs hash alike whatever the order their fields came in. */
function stableJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(stableJson).join(',')}]`;
  if (value && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>).filter(([, v]) => v !== undefined);
    return `{${entries.sort(([a], [b]) => (a < b ? -1 : 1)).map(([k, v]) => `${JSON.stringify(k)}:${stableJson(v)}`).join(',')}}`;
  }
  return JSON.stringify(value ?? null);
}

const sha256 = (text: string) => createHash('sha256').update(text).digest('hex');

export interface IdempotentCall<T> {
  store: IdempotencyStore;
  principal: string;
  mutation: string;
  clientToken: string | null;
  /** The input without its client token. */
  input: unknown;
  signal?: AbortSignal;
  run: () => Promise<T>;
  /**
   * After an outcome the gateway could not see: what the cloud shows was done, from reads only (the result known so
   * far, if any, is passed). Throws OutcomeUnknownError when the cloud's state does not tell.
   */
  reconcile?: (known: T | undefined) => Promise<T>;
  /** Whether a result still holds parts of unknown outcome (a node action whose call timed out). */
  unsettled?: (result: T) => boolean;
}

const jsonSafe = (value: unknown): unknown => (value === undefined ? undefined : JSON.parse(JSON.stringify(value)));

/**
 * Runs the mutation once per (principal, mutation, token); a reused token with another input is refused. A first run
 * of unknown outcome is never run again: retries reconcile it instead.
 */
export async function runIdempotent<T>(call: IdempotentCall<T>): Promise<T> {
  const { store, principal, mutation, clientToken, input, signal, run } = call;
  if (clientToken === null) return run();
  const key = sha256(`${principal}\n${mutation}\n${clientToken}`);
  const fingerprint = sha256(stableJson(input));
  const reused = () =>
    new BadUserInputError('input.clientToken: this token was already used with a different input; use a new token.', 'input.clientToken');
  const keep = (result: T) =>
    store.complete(key, { fingerprint, outcome: call.unsettled?.(result) ? 'unknown' : 'done', result: jsonSafe(result) }, IDEMPOTENCY_WINDOW_MS);
  for (;;) {
    if (signal?.aborted) throw new GatewayError('UPSTREAM_TIMEOUT', 'The request ran out of time before it could run.');
    const claim = await store.claim(key, fingerprint, IDEMPOTENCY_WINDOW_MS);
    if (claim.kind === 'done') {
      if (claim.record.fingerprint !== fingerprint) throw reused();
      if (claim.record.outcome === 'done') return claim.record.result as T;
      if (!call.reconcile) throw new OutcomeUnknownError(`The first ${mutation} with this clientToken got no answer from the cloud; whether it was carried out is unknown.`);
      const result = await call.reconcile(claim.record.result as T | undefined);
      await keep(result);
      return result;
    }
    if (claim.kind === 'busy') {
      if (claim.fingerprint !== fingerprint) throw reused();
      await (signal ? Promise.race([claim.settled, abortion(signal)]) : claim.settled);
      continue;
    }
    let result: T;
    try {
      result = await run();
    } catch (error) {
      // The cloud may have done it: the record stays, so that a retry reconciles rather than repeats.
      if (isOutcomeUnknown(error)) await store.complete(key, { fingerprint, outcome: 'unknown', result: undefined }, IDEMPOTENCY_WINDOW_MS);
      else await store.release(key);
      throw error;
    }
    await keep(result);
    return result;
  }
}

/** Rejects when the request's deadline passes while it waits for the first request with its token. */
function abortion(signal: AbortSignal): Promise<never> {
  return new Promise((_, reject) =>
    signal.addEventListener(
      'abort',
      () => reject(new GatewayError('UPSTREAM_TIMEOUT', 'The first request with this clientToken is still running; try again later.')),
      { once: true },
    ),
  );
}
