/**
 * The per-request context: a deadline every upstream call inherits, a concurrency bound per cloud, fresh
 * loaders, and the errors of list sources that failed while others answered.
 */
import pLimit from 'p-limit';
import type { YogaInitialContext } from 'graphql-yoga';
import type { UpstreamConfig } from './config.js';
import type { GatewayError } from './errors.js';
import { createLoaders, type Loaders } from './loaders.js';
import type { Provider } from './model.js';
import type { CallOptions } from './providers/provider.js';
import type { Providers } from './providers/registry.js';
import type { IdempotencyStore } from './mutations/idempotency.js';

/** Node IDs one request may name. */
export const MAX_IDS = 100;

/** An error at `path` that leaves the data next to it intact (a failed cloud or region of a list). */
export interface PartialError {
  error: GatewayError;
  path: ReadonlyArray<string | number>;
}

/** What this gateway adds to yoga's context for each request. */
export interface GatewayRequestContext {
  providers: Providers;
  loaders: Loaders;
  /** Fires when the request's deadline passes or its client goes away. */
  signal: AbortSignal;
  /** How this request calls `provider`: its deadline and its concurrency bound. */
  callOptions(provider: Provider): CallOptions;
  partialErrors: PartialError[];
  /** Idempotency records of mutations, shared by all requests (and replicas, with a shared store). */
  idempotency: IdempotencyStore;
  /** Upstream calls one mutation may name, e.g. node IDs. */
  maxIds: number;
}

export type GatewayContext = YogaInitialContext & GatewayRequestContext;

export interface ContextDependencies {
  providers: Providers;
  upstream: UpstreamConfig;
  idempotency: IdempotencyStore;
}

export function createContextFactory({ providers, upstream, idempotency }: ContextDependencies) {
  return (initial: YogaInitialContext): GatewayRequestContext => {
    const deadline = AbortSignal.timeout(upstream.requestTimeoutMs);
    const clientGone = initial.request?.signal;
    const signal = clientGone ? AbortSignal.any([deadline, clientGone]) : deadline;
    const bounds = new Map<Provider, CallOptions>();
    const callOptions = (provider: Provider): CallOptions => {
      let options = bounds.get(provider);
      if (!options) {
        const limit = pLimit(upstream.concurrencyPerProvider);
        options = { signal, schedule: (call) => limit(call) };
        bounds.set(provider, options);
      }
      return options;
    };
    const loaders = createLoaders(providers, callOptions, { naive: !upstream.loaders });
    return { providers, loaders, signal, callOptions, partialErrors: [], idempotency, maxIds: MAX_IDS };
  };
}
