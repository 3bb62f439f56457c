/**
 * The open subscriptions of this gateway: at most GATEWAY_MAX_SUBSCRIPTIONS per principal, counted for metrics, and
 * all completed (not cut) when the gateway shuts down.
 */
import type { Principal } from '../auth/principal.js';
import { GatewayError } from '../errors.js';

export interface Slot {
  release(): void;
}

const keyOf = (principal: Principal) => `${principal.kind}:${principal.name}`;

export class SubscriptionRegistry {
  private readonly perPrincipal = new Map<string, number>();
  private readonly stops = new Set<() => void>();
  private total = 0;
  private closed = false;

  constructor(
    private readonly maxPerPrincipal: number,
    private readonly onCount: (open: number) => void = () => {},
  ) {}

  /** Refuses, with a coded error, a subscription the principal has no room for (or one during shutdown). */
  check(principal: Principal): void {
    if (this.closed) throw new GatewayError('UPSTREAM_UNAVAILABLE', 'The gateway is shutting down; subscribe again to another instance.');
    if ((this.perPrincipal.get(keyOf(principal)) ?? 0) >= this.maxPerPrincipal) {
      throw new GatewayError(
        'SUBSCRIPTION_LIMIT_EXCEEDED',
        `At most ${this.maxPerPrincipal} subscriptions may be open per caller (GATEWAY_MAX_SUBSCRIPTIONS); close one first.`,
        { limit: this.maxPerPrincipal },
      );
    }
  }

  /** Takes a slot for the principal; `stop` is called at shutdown to complete the subscription. */
  open(principal: Principal, stop: () => void): Slot {
    this.check(principal);
    const key = keyOf(principal);
    this.perPrincipal.set(key, (this.perPrincipal.get(key) ?? 0) + 1);
    this.stops.add(stop);
    this.total += 1;
    this.onCount(this.total);
    let released = false;
    return {
      release: () => {
        if (released) return;
        released = true;
        const left = (this.perPrincipal.get(key) ?? 1) - 1;
        if (left === 0) this.perPrincipal.delete(key);
        else this.perPrincipal.set(key, left);
        this.stops.delete(stop);
        this.total -= 1;
        this.onCount(this.total);
      },
    };
  }

  get openCount(): number {
    return this.total;
  }

  /**
   * Completes every open subscription and refuses new ones; resolves once each has let go of its slot (its final
   * message is then on its way), or after `withinMs`.
   */
  async closeAll(withinMs = 2_000): Promise<void> {
    this.closed = true;
    for (const stop of [...this.stops]) stop();
    const until = Date.now() + withinMs;
    while (this.total > 0 && Date.now() < until) await new Promise((resolve) => setTimeout(resolve, 10));
    // One more turn so that the transports write the completions they were just given.
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}
