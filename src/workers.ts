/**
 * GATEWAY_WORKERS > 1: this process supervises that many workers (node:cluster), each a full gateway on the same
 * port, sharing their state through Redis. SIGTERM (or SIGINT) is passed to every worker, which drains as one
 * gateway does; the supervisor exits once all have, non-zero if any failed to. A worker that dies otherwise is
 * started again, at most once a second; one that exits before it listened (a port taken, say) stops them all.
 */
import cluster, { type Worker } from 'node:cluster';
import type { Logger } from './logger.js';

export function superviseWorkers(count: number, logger: Logger): void {
  let stopping = false;
  let failed = false;
  let lastRestart = 0;
  const fork = (): Worker => cluster.fork();
  // A worker listens twice (the public port, then the admin one); it has started once both are its.
  const listens = new Map<number, number>();
  cluster.on('listening', (worker) => listens.set(worker.id, (listens.get(worker.id) ?? 0) + 1));
  const stopAll = () => {
    for (const worker of Object.values(cluster.workers ?? {})) worker?.process.kill('SIGTERM');
  };
  cluster.on('exit', (worker, code, signal) => {
    if (!stopping && (listens.get(worker.id) ?? 0) < 2) {
      // It failed to start (it printed why): another would fail the same way, so the gateway stops.
      stopping = true;
      failed = true;
      stopAll();
      if (Object.keys(cluster.workers ?? {}).length === 0) process.exit(1);
      return;
    }
    if (stopping) {
      if (code !== 0) failed = true;
      if (Object.keys(cluster.workers ?? {}).length === 0) process.exit(failed ? 1 : 0);
      return;
    }
    logger.error({ component: 'workers', pid: worker.process.pid, code, signal }, 'worker died; starting another');
    const wait = Math.max(0, lastRestart + 1_000 - Date.now());
    lastRestart = Date.now() + wait;
    setTimeout(fork, wait);
  });
  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    process.on(signal, () => {
      if (stopping) return;
      stopping = true;
      logger.info({ component: 'workers', signal }, 'stopping every worker');
      if (Object.keys(cluster.workers ?? {}).length === 0) process.exit(0);
      stopAll();
    });
  }
  for (let i = 0; i < count; i++) fork();
  process.stdout.write(`hypernode-gateway: ${count} workers on one port (supervisor pid ${process.pid}); each prints its own banner\n`);
}
