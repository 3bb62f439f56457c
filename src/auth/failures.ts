/**
 * Failed authentication, per client address: each failure takes a token from the address's bucket in the
 * rate-limit store; an address out of tokens is refused (429) before its token is even looked at, so guessing keys
 * stops paying. The log gets the first failure of each 10 s window at once and a summary of the rest at its end,
 * not one line per attempt.
 */
import { isIP } from 'node:net';
import type { Logger } from '../logger.js';
import { takeOrAllow, type BucketRule, type RateLimitStore, type TakeResult } from '../rate-limit/store.js';

/** 20 failures at once, then one every 3 s: a client with a typo recovers, a guesser makes 28,800 guesses a day. */
export const AUTH_FAILURE_RULE: BucketRule = { burst: 20, perSecond: 1 / 3 };
const LOG_WINDOW_MS = 10_000;
/** Addresses told apart within one window of the summary; more are only counted. */
const MAX_ADDRESSES_TALLIED = 1_000;

interface Window {
  failures: number;
  throttled: number;
  addresses: Set<string>;
  reasons: Map<string, number>;
}

export class AuthFailures {
  private window: Window | null = null;

  constructor(
    private readonly store: RateLimitStore,
    private readonly logger: Logger,
    private readonly rule: BucketRule = AUTH_FAILURE_RULE,
    private readonly windowMs = LOG_WINDOW_MS,
  ) {}

  /** Whether `address` may try to authenticate now; a failing store lets it, loudly. */
  async admits(address: string): Promise<TakeResult> {
    const verdict = await takeOrAllow(this.store, keyOf(address), this.rule, this.logger, 'authentication not throttled', 0);
    if (!verdict.allowed) this.tally(address, null);
    return verdict;
  }

  /** Counts a failed authentication of `address`, for why (`reason`, never the token). */
  async failed(address: string, reason: string): Promise<void> {
    this.tally(address, reason);
    await takeOrAllow(this.store, keyOf(address), this.rule, this.logger, 'authentication failure not counted');
  }

  private tally(address: string, reason: string | null): void {
    if (!this.window) {
      // The first of a window is logged as it happens; the rest of the window in one summary at its end.
      this.window = { failures: 0, throttled: 0, addresses: new Set(), reasons: new Map() };
      setTimeout(() => this.flush(), this.windowMs).unref();
      if (reason) this.logger.warn({ reason, address }, 'request refused: unauthenticated');
      else this.logger.warn({ address }, 'request refused: too many failed authentications from this address');
      return;
    }
    const window = this.window;
    if (reason) {
      window.failures += 1;
      window.reasons.set(reason, (window.reasons.get(reason) ?? 0) + 1);
    } else window.throttled += 1;
    if (window.addresses.size < MAX_ADDRESSES_TALLIED) window.addresses.add(address);
  }

  private flush(): void {
    const window = this.window;
    this.window = null;
    if (!window || window.failures + window.throttled === 0) return;
    this.logger.warn(
      {
        failures: window.failures,
        throttled: window.throttled,
        addresses: window.addresses.size,
        reasons: Object.fromEntries(window.reasons),
        windowMs: this.windowMs,
      },
      'requests refused: unauthenticated (more in this window)',
    );
  }
}

const keyOf = (address: string) => `auth-failures:${address}`;

interface ServerRequest {
  socket?: { remoteAddress?: string };
  headers?: Record<string, string | string[] | undefined>;
}

/**
 * The client's address. Behind no proxy (`trustedProxyHops` 0, the default) it is the socket's peer, and
 * `X-Forwarded-For` is never read: anyone can write it. Behind that many proxies of one's own (a load balancer in
 * front of replicas), the peer is the nearest proxy, and each appends the address it saw to `X-Forwarded-For`: the
 * client is the entry `trustedProxyHops` from its right end, the one the outermost proxy wrote (or the leftmost, when
 * there are fewer). Entries left of it are the client's own and are never read. An entry that is not an IP address
 * gives the peer's address. Tests calling yoga directly have no socket: `unknown`.
 */
export function clientAddress(serverContext: unknown, trustedProxyHops = 0): string {
  const req = (serverContext as { req?: ServerRequest } | undefined)?.req;
  const peer = req?.socket?.remoteAddress ?? 'unknown';
  const forwarded = req?.headers?.['x-forwarded-for'];
  if (trustedProxyHops === 0 || typeof forwarded !== 'string') return peer;
  // Node joins repeated X-Forwarded-For headers with ", "; its header size limit bounds the list.
  const hops = forwarded.split(',');
  const entry = hops[Math.max(0, hops.length - trustedProxyHops)]!.trim();
  return isIP(entry) ? entry : peer;
}
