/**
 * Idempotency records: the same client token from the same principal within the window returns the first result
 * and runs nothing again, also while the first request is still running. The records sit behind a small store
 * interface; the in-memory store serves one replica, a shared one (e.g. Redis) can serve several.
 */
import { createHash } from 'node:crypto';
import { BadUserInputError, GatewayError } from '../errors.js';

export const IDEMPOTENCY_WINDOW_MS = 24 * 60 * 60 * 1000;

export interface IdempotencyRecord {
  /** Hash of the input the token was first used with. */
  fingerprint: string;
  /** The first request's result, as JSON-safe data. */
  result: unknown;
}

export type Claim =
  /** The token is new: run the mutation, then `complete` or `release`. */
  | { kind: 'claimed' }
  /** The token was used and the mutation finished. */
  | { kind: 'done'; record: IdempotencyRecord }
  /** A first request with this token still runs; `settled` resolves when it completes or is released. */
  | { kind: 'busy'; fingerprint: string; settled: Promise<void> };

export interface IdempotencyStore {
  claim(key: string, fingerprint: string, ttlMs: number): Promise<Claim>;
  complete(key: string, record: IdempotencyRecord, ttlMs: number): Promise<void>;
  /** Frees a claim whose mutation failed, so that a retry runs it. */
  release(key: string): Promise<void>;
}

interface Entry {
  expiresAt: number;
  fingerprint: string;
  record?: IdempotencyRecord;
  settle?: () => void;
  settled?: Promise<void>;
}

export class MemoryIdempotencyStore implements IdempotencyStore {
  private readonly entries = new Map<string, Entry>();

  constructor(private readonly now: () => number = Date.now) {}

  async claim(key: string, fingerprint: string, ttlMs: number): Promise<Claim> {
    this.prune();
    const entry = this.entries.get(key);
    if (entry?.record) return { kind: 'done', record: structuredClone(entry.record) };
    if (entry) return { kind: 'busy', fingerprint: entry.fingerprint, settled: entry.settled! };
    let settle!: () => void;
    const settled = new Promise<void>((resolve) => (settle = resolve));
    this.entries.set(key, { expiresAt: this.now() + ttlMs, fingerprint, settle, settled });
    return { kind: 'claimed' };
  }

  async complete(key: string, record: IdempotencyRecord, ttlMs: number): Promise<void> {
    const entry = this.entries.get(key);
    this.entries.set(key, { expiresAt: this.now() + ttlMs, fingerprint: record.fingerprint, record: structuredClone(record) });
    entry?.settle?.();
  }

  async release(key: string): Promise<void> {
    const entry = this.entries.get(key);
    this.entries.delete(key);
    entry?.settle?.();
  }

  private prune(): void {
    const now = this.now();
    for (const [key, entry] of this.entries) if (entry.record && entry.expiresAt <= now) this.entries.delete(key);
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
}

/** Runs the mutation once per (principal, mutation, token); a reused token with another input is refused. */
export async function runIdempotent<T>({ store, principal, mutation, clientToken, input, signal, run }: IdempotentCall<T>): Promise<T> {
  if (clientToken === null) return run();
  const key = sha256(`${principal}\n${mutation}\n${clientToken}`);
  const fingerprint = sha256(stableJson(input));
  const reused = () =>
    new BadUserInputError('input.clientToken: this token was already used with a different input; use a new token.', 'input.clientToken');
  for (;;) {
    if (signal?.aborted) throw new GatewayError('UPSTREAM_TIMEOUT', 'The request ran out of time before it could run.');
    const claim = await store.claim(key, fingerprint, IDEMPOTENCY_WINDOW_MS);
    if (claim.kind === 'done') {
      if (claim.record.fingerprint !== fingerprint) throw reused();
      return claim.record.result as T;
    }
    if (claim.kind === 'busy') {
      if (claim.fingerprint !== fingerprint) throw reused();
      await (signal ? Promise.race([claim.settled, abortion(signal)]) : claim.settled);
      continue;
    }
    try {
      const result = await run();
      await store.complete(key, { fingerprint, result: JSON.parse(JSON.stringify(result)) as unknown }, IDEMPOTENCY_WINDOW_MS);
      return result;
    } catch (error) {
      await store.release(key);
      throw error;
    }
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
