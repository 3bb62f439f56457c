/** Stopping an HTTP server gracefully: no new connections, requests in flight finish within a grace period. */
import type { Server } from 'node:http';
import { once, EventEmitter } from 'node:events';

export interface ServerCloser {
  /** Requests being answered now. */
  readonly inFlight: number;
  /**
   * Stops accepting, closes idle connections, waits up to `graceMs` for requests in flight, then closes every
   * connection left. Resolves with the number of requests cut off at the end of the grace period.
   */
  close(graceMs: number): Promise<number>;
}

export function trackRequests(server: Server): ServerCloser {
  let inFlight = 0;
  const events = new EventEmitter();
  server.on('request', (_req, res) => {
    inFlight += 1;
    res.once('close', () => {
      inFlight -= 1;
      if (inFlight === 0) events.emit('idle');
    });
  });
  return {
    get inFlight() {
      return inFlight;
    },
    async close(graceMs) {
      const closed = new Promise<void>((resolve) => server.close(() => resolve()));
      server.closeIdleConnections();
      if (inFlight > 0) {
        const grace = AbortSignal.timeout(graceMs);
        await once(events, 'idle', { signal: grace }).catch(() => undefined);
      }
      const cutOff = inFlight;
      server.closeAllConnections();
      await closed;
      return cutOff;
    },
  };
}
