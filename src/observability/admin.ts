/**
 * The admin listener's answers: `GET /metrics` (Prometheus text), `GET /readiness` (200 ready, 503 not, JSON detail
 * per cloud region either way) and `GET /health`. They tell an attacker what the fleet and the gateway look like,
 * so they are served on a listener of their own (bound to loopback by default), never on the public port.
 */
import { createServerAdapter } from '@whatwg-node/server';
import type { Observability } from './plugins.js';

export type AdminHandler = (request: Request) => Promise<Response>;

export function adminHandler({ metrics, readiness }: Pick<Observability, 'metrics' | 'readiness'>): AdminHandler {
  return async (request) => {
    const { pathname } = new URL(request.url);
    if (request.method !== 'GET' && request.method !== 'HEAD') return new Response(null, { status: 405, headers: { allow: 'GET, HEAD' } });
    const headers = { 'cache-control': 'no-store', 'x-content-type-options': 'nosniff' };
    if (pathname === '/metrics') {
      return new Response(await metrics.registry.metrics(), { headers: { ...headers, 'content-type': metrics.registry.contentType } });
    }
    if (pathname === '/readiness') {
      const report = readiness.report();
      return new Response(JSON.stringify(report), {
        status: report.ready ? 200 : 503,
        headers: { ...headers, 'content-type': 'application/json; charset=utf-8' },
      });
    }
    if (pathname === '/health') return new Response('{"status":"ok"}', { headers: { ...headers, 'content-type': 'application/json' } });
    return new Response(null, { status: 404, headers });
  };
}

/** The admin answers as a Node request listener, for `http.createServer`. */
export function adminListener(observability: Pick<Observability, 'metrics' | 'readiness'>) {
  return createServerAdapter(adminHandler(observability));
}
