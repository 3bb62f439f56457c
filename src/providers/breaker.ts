/**
 * One circuit breaker per cloud and region (cockatiel's sampling breaker), long-lived and shared by every request.
 * It opens when more than `failureRate` of the calls in the last `windowMs` failed, once the window holds at least
 * `minCalls`: a rate, not a run of consecutive failures, because timeouts fire in bursts after a pause of the event
 * loop and a healthy cloud's scattered failures must not cut it off. Open, it answers UPSTREAM_UNAVAILABLE at once
 * without calling; after the cooldown the next call is a half-open probe whose success closes it.
 */
import { BrokenCircuitError, CircuitState, SamplingBreaker, circuitBreaker, handleWhen, type CircuitBreakerPolicy } from 'cockatiel';
import { UpstreamError, providerLabel, type UpstreamErrorDetails } from '../errors.js';
import type { ProviderName } from '../model.js';

/** One circuit breaker per cloud and region: it opens when most recent calls failed, and enough were made to tell. */
export interface BreakerSettings {
  /** Share of the window's calls that must have failed, above 0 and below 1. */
  failureRate: number;
  /** Calls the window must hold before the breaker may open. */
  minCalls: number;
  /** How far back the failure rate looks. */
  windowMs: number;
  /** How long it stays open before letting one probe call through. */
  cooldownMs: number;
}

export type BreakerState = 'closed' | 'open' | 'half-open';

export interface BreakerObserver {
  onStateChange?(provider: ProviderName, region: string, state: BreakerState): void;
}

type Target = Pick<UpstreamErrorDetails, 'provider' | 'region' | 'operation'>;

/** A cloud failing to serve: 5xx, resets, unreachable, timeouts. Throttling, refusals and cancelled requests are not. */
export function countsAgainstCloud(error: unknown): boolean {
  if (!(error instanceof UpstreamError)) return false;
  const { failure } = error.upstream;
  if (failure === 'cancelled' || failure === 'circuit_open') return false;
  return error.code === 'UPSTREAM_UNAVAILABLE' || error.code === 'UPSTREAM_TIMEOUT';
}

const STATES: Record<CircuitState, BreakerState> = {
  [CircuitState.Closed]: 'closed',
  [CircuitState.HalfOpen]: 'half-open',
  [CircuitState.Open]: 'open',
  [CircuitState.Isolated]: 'open',
};

interface Circuit {
  policy: CircuitBreakerPolicy;
  openedAt: number;
}

export class Breakers {
  private readonly circuits = new Map<string, Circuit>();

  constructor(
    private readonly settings: BreakerSettings,
    private readonly observer: BreakerObserver = {},
  ) {}

  /** Runs `call` through the breaker of its cloud and region. */
  async run<T>(target: Target, call: () => Promise<T>): Promise<T> {
    try {
      return await this.circuit(target.provider, target.region).policy.execute(call);
    } catch (error) {
      if (!(error instanceof BrokenCircuitError)) throw error;
      throw new UpstreamError(
        'UPSTREAM_UNAVAILABLE',
        `${providerLabel(target.provider)} ${target.region} is failing; the gateway stopped calling it for a while.`,
        { ...target, failure: 'circuit_open' },
      );
    }
  }

  state(provider: ProviderName, region: string): BreakerState {
    return STATES[this.circuit(provider, region).policy.state];
  }

  /** Whether a call would be let through now: closed, half-open, or open with its cooldown over. */
  allows(provider: ProviderName, region: string): boolean {
    const circuit = this.circuit(provider, region);
    return STATES[circuit.policy.state] !== 'open' || Date.now() - circuit.openedAt >= this.settings.cooldownMs;
  }

  private circuit(provider: ProviderName, region: string): Circuit {
    const key = `${provider}:${region}`;
    let circuit = this.circuits.get(key);
    if (!circuit) {
      const policy = circuitBreaker(handleWhen(countsAgainstCloud), {
        halfOpenAfter: this.settings.cooldownMs,
        breaker: new SamplingBreaker({
          threshold: this.settings.failureRate,
          duration: this.settings.windowMs,
          minimumRps: (this.settings.minCalls * 1000) / this.settings.windowMs,
        }),
      });
      const created: Circuit = { policy, openedAt: 0 };
      policy.onBreak(() => (created.openedAt = Date.now()));
      policy.onStateChange((state) => this.observer.onStateChange?.(provider, region, STATES[state]));
      this.circuits.set(key, created);
      this.observer.onStateChange?.(provider, region, 'closed');
      circuit = created;
    }
    return circuit;
  }
}
