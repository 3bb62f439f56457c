/**
 * Prometheus metrics (prom-client) in a registry of this gateway's own, so several gateways can share a process.
 * Served at `/metrics`.
 */
import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';
import type { ResourceKind } from '../model.js';
import type { BreakerState } from '../providers/breaker.js';
import type { UpstreamCallEvent, UpstreamTarget } from '../providers/http.js';

/** How a GraphQL request ended: no errors, some data with errors, errors and no data, or refused before execution. */
export type RequestOutcome = 'ok' | 'partial' | 'error' | 'rejected';

const BREAKER_VALUE: Record<BreakerState, number> = { closed: 0, 'half-open': 1, open: 2 };

/** Distinct operation names kept as labels; later ones count as `other`, so clients cannot grow the series without end. */
const MAX_OPERATION_LABELS = 200;
/** Names kept as labels: a GraphQL name of at most 64 characters. Longer ones would make every scrape huge. */
const OPERATION_LABEL = /^[_A-Za-z][_0-9A-Za-z]{0,63}$/;

export class GatewayMetrics {
  readonly registry = new Registry();
  private readonly requests: Counter<'operation' | 'outcome'>;
  private readonly requestSeconds: Histogram<'operation' | 'outcome'>;
  /** HTTP requests to the public listener being answered now (scrapes go to the admin listener). */
  readonly inFlight: Gauge;
  /** Subscriptions open now (SSE and WebSocket). */
  readonly subscriptionsOpen: Gauge;
  /** Watchers running now, by kind of object watched. */
  readonly watchers: Gauge<'kind'>;
  private readonly upstreamCalls: Counter<'provider' | 'region' | 'operation' | 'status'>;
  private readonly upstreamSeconds: Histogram<'provider' | 'region' | 'operation'>;
  private readonly retries: Counter<'provider' | 'region' | 'operation' | 'reason'>;
  private readonly coalescedReads: Counter<'provider' | 'region' | 'operation'>;
  private readonly breakerState: Gauge<'provider' | 'region'>;
  private readonly breakerTransitions: Counter<'provider' | 'region' | 'state'>;
  private readonly batchSize: Histogram<'kind'>;
  /** Failed commands of a shared store (Redis), by store and operation. */
  readonly storeErrors: Counter<'store' | 'operation'>;
  /** Messages of the shared event bus dropped (too large, not JSON, not an event), by reason. */
  readonly eventsDropped: Counter<'reason'>;
  private readonly operationNames = new Set<string>();
  private readonly breakerValues = new Map<string, number>();

  constructor(options: { processMetrics?: boolean } = {}) {
    const registers = [this.registry];
    this.requests = new Counter({
      name: 'gateway_requests_total',
      help: 'GraphQL requests by operation name and outcome (ok, partial, error, rejected).',
      labelNames: ['operation', 'outcome'],
      registers,
    });
    this.requestSeconds = new Histogram({
      name: 'gateway_request_duration_seconds',
      help: 'Time to answer a GraphQL request.',
      labelNames: ['operation', 'outcome'],
      buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30],
      registers,
    });
    this.inFlight = new Gauge({
      name: 'gateway_requests_in_flight',
      help: 'HTTP requests to the public listener being answered now.',
      registers,
    });
    this.upstreamCalls = new Counter({
      name: 'gateway_upstream_calls_total',
      help: 'HTTP calls to the clouds by provider, region, operation and status (HTTP status, or timeout, reset, unreachable, cancelled).',
      labelNames: ['provider', 'region', 'operation', 'status'],
      registers,
    });
    this.upstreamSeconds = new Histogram({
      name: 'gateway_upstream_call_duration_seconds',
      help: 'Time of one HTTP call to a cloud.',
      labelNames: ['provider', 'region', 'operation'],
      buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
      registers,
    });
    this.retries = new Counter({
      name: 'gateway_upstream_retries_total',
      help: 'Retried upstream calls by provider, region, operation and the error code that caused the retry.',
      labelNames: ['provider', 'region', 'operation', 'reason'],
      registers,
    });
    this.coalescedReads = new Counter({
      name: 'gateway_upstream_coalesced_reads_total',
      help: 'Upstream reads that joined an identical one in flight instead of calling the cloud, by provider, region and operation.',
      labelNames: ['provider', 'region', 'operation'],
      registers,
    });
    this.breakerState = new Gauge({
      name: 'gateway_breaker_state',
      help: 'Circuit breaker per provider and region: 0 closed, 1 half-open, 2 open.',
      labelNames: ['provider', 'region'],
      registers,
    });
    this.breakerTransitions = new Counter({
      name: 'gateway_breaker_transitions_total',
      help: 'Circuit breaker changes per provider and region, by the state entered; catches flaps the gauge misses between scrapes.',
      labelNames: ['provider', 'region', 'state'],
      registers,
    });
    this.batchSize = new Histogram({
      name: 'gateway_loader_batch_size',
      help: 'Keys per DataLoader batch, by kind of object.',
      labelNames: ['kind'],
      buckets: [1, 2, 5, 10, 20, 50, 100],
      registers,
    });
    this.subscriptionsOpen = new Gauge({
      name: 'gateway_subscriptions_open',
      help: 'Subscriptions open now, over Server-Sent Events and WebSocket.',
      registers,
    });
    this.watchers = new Gauge({
      name: 'gateway_watchers',
      help: 'Watchers running now (one per watched object, however many subscribers), by kind of object.',
      labelNames: ['kind'],
      registers,
    });
    this.storeErrors = new Counter({
      name: 'gateway_store_errors_total',
      help: 'Failed commands of the shared store (Redis), by store (idempotency, rate-limit, fleet, tasks, persisted-queries, watch-leases, events) and operation.',
      labelNames: ['store', 'operation'],
      registers,
    });
    this.eventsDropped = new Counter({
      name: 'gateway_events_dropped_total',
      help: 'Messages of the shared event bus (Redis pub/sub) dropped instead of told to subscribers, by reason (too_large, not_json, invalid, wrong_object).',
      labelNames: ['reason'],
      registers,
    });
    if (options.processMetrics) collectDefaultMetrics({ register: this.registry });
  }

  request(operation: string, outcome: RequestOutcome, seconds: number): void {
    const label = this.operationLabel(operation);
    this.requests.inc({ operation: label, outcome });
    this.requestSeconds.observe({ operation: label, outcome }, seconds);
  }

  upstreamCall({ target, status, durationMs }: UpstreamCallEvent): void {
    const operation = target.operation ?? '';
    this.upstreamCalls.inc({ provider: target.provider, region: target.region, operation, status });
    this.upstreamSeconds.observe({ provider: target.provider, region: target.region, operation }, durationMs / 1000);
  }

  retry(target: UpstreamTarget, reason: string): void {
    this.retries.inc({ provider: target.provider, region: target.region, operation: target.operation ?? '', reason });
  }

  coalescedRead(target: UpstreamTarget): void {
    this.coalescedReads.inc({ provider: target.provider, region: target.region, operation: target.operation ?? '' });
  }

  breaker(provider: string, region: string, state: BreakerState): void {
    const before = this.breakerValues.get(`${provider}:${region}`);
    this.breakerValues.set(`${provider}:${region}`, BREAKER_VALUE[state]);
    this.breakerState.set({ provider, region }, BREAKER_VALUE[state]);
    if (before !== undefined && before !== BREAKER_VALUE[state]) this.breakerTransitions.inc({ provider, region, state });
  }

  batch(kind: ResourceKind, size: number): void {
    this.batchSize.observe({ kind }, size);
  }

  private operationLabel(operation: string): string {
    if (!OPERATION_LABEL.test(operation)) return 'other';
    if (this.operationNames.has(operation)) return operation;
    if (this.operationNames.size >= MAX_OPERATION_LABELS) return 'other';
    this.operationNames.add(operation);
    return operation;
  }
}
