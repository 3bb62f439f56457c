/**
 * Readiness: the config is valid (the gateway would not have started otherwise) and every enabled cloud region has
 * answered a call successfully since start. A region that has not yet answered is probed with a minimal list call,
 * bounded in time, at start and again on each readiness check while its breaker lets calls through, so an open
 * breaker is not hammered. Once a region has answered, a later outage shows in the detail (its breaker) and the
 * metrics but does not flip readiness: taking every replica out of service would turn one failing cloud into a
 * failing gateway, while the breaker already answers fast.
 */
import { deadlineSignal } from '../deadline.js';
import type { Logger } from '../logger.js';
import type { ProviderName } from '../model.js';
import type { BreakerState, Breakers } from '../providers/breaker.js';
import type { UpstreamCallEvent } from '../providers/http.js';
import type { ProviderRegistry, RegionSource } from '../providers/registry.js';
import { RetryBudget } from '../providers/retry.js';

export interface SourceReadiness {
  provider: ProviderName;
  region: string;
  /** Whether it has answered a call successfully since start. */
  answered: boolean;
  breaker: BreakerState;
}

export interface ReadinessReport {
  ready: boolean;
  config: 'valid';
  stopping: boolean;
  sources: SourceReadiness[];
  /** The shared store, when GATEWAY_REDIS_URL is set: `up` when commands can be sent now. */
  redis?: 'up' | 'down';
}

export class Readiness {
  private readonly answered = new Set<string>();
  private readonly probing = new Map<string, Promise<void>>();
  private readonly stopped = new AbortController();

  constructor(
    private readonly providers: ProviderRegistry,
    private readonly breakers: Breakers,
    private readonly probeTimeoutMs: number,
    private readonly log?: Logger,
    /** Whether the shared store (Redis) can be reached; a replica without it is not ready. */
    private readonly redisUp?: () => boolean,
  ) {}

  /** The transport's hook: a 2xx answer marks its cloud region as answered. */
  record(event: UpstreamCallEvent): void {
    if (event.answered) this.answered.add(`${event.target.provider}:${event.target.region}`);
  }

  /** The state now; regions still waiting for an answer get a probe in the background. */
  report(): ReadinessReport {
    const stopping = this.stopped.signal.aborted;
    if (!stopping) void this.probe();
    const sources = this.providers.sources({}).map(({ provider, region }) => ({
      provider: provider.name,
      region,
      answered: this.answered.has(`${provider.name}:${region}`),
      breaker: this.breakers.state(provider.name, region),
    }));
    const redis = this.redisUp ? (this.redisUp() ? 'up' : 'down') : undefined;
    const ready = !stopping && sources.every((s) => s.answered) && redis !== 'down';
    return { ready, config: 'valid', stopping, sources, ...(redis && { redis }) };
  }

  /** Probes each region that has not answered and whose breaker allows a call; one probe per region at a time. */
  async probe(): Promise<void> {
    const waiting = this.providers
      .sources({})
      .filter(({ provider, region }) => !this.answered.has(`${provider.name}:${region}`) && this.breakers.allows(provider.name, region));
    await Promise.all(waiting.map((source) => this.probeOnce(source)));
  }

  /** Not ready from now on; probes in flight are cancelled. */
  stop(): void {
    this.stopped.abort();
  }

  private probeOnce({ provider, region }: RegionSource): Promise<void> {
    const key = `${provider.name}:${region}`;
    let running = this.probing.get(key);
    if (!running) {
      const signal = deadlineSignal(this.probeTimeoutMs, this.stopped.signal);
      running = provider
        .listHyperNodes(region, { token: null, limit: 1 }, { signal, retries: new RetryBudget(0) })
        .then(
          () => undefined,
          (error: unknown) => this.log?.warn({ provider: provider.name, region, err: String(error) }, 'readiness probe failed'),
        )
        .finally(() => this.probing.delete(key));
      this.probing.set(key, running);
    }
    return running;
  }
}
