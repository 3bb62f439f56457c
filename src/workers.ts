/**
 * GATEWAY_WORKERS > 1: this process supervises that many workers (node:cluster), each a full gateway on the same
 * port, sharing their state through Redis. SIGTERM (or SIGINT) is passed to every worker, which drains as one
 * gateway does; the supervisor exits once all have, non-zero if any failed to. A worker that dies otherwise is
 * started again, at most once a second; one that exits before it listened (a port taken, say) stops them all.
 */
import cluster from 'node:cluster';
import type { Logger } from './logger.js';

/** One worker as the supervisor sees it. */
export interface SupervisedWorker {
  readonly id: number;
  readonly process: { readonly pid?: number; kill(signal: 'SIGTERM'): unknown };
}

/** What the supervisor needs of node:cluster and of its own process; tests hand it a fake. */
export interface WorkerHost {
  fork(): SupervisedWorker;
  onListening(listener: (worker: SupervisedWorker) => void): void;
  onExit(listener: (worker: SupervisedWorker, code: number | null, signal: string | null) => void): void;
  onSignal(signal: 'SIGINT' | 'SIGTERM', listener: () => void): void;
  exit(code: number): void;
}

const clusterHost: WorkerHost = {
  fork: () => cluster.fork(),
  onListening: (listener) => cluster.on('listening', listener),
  onExit: (listener) => cluster.on('exit', listener),
  onSignal: (signal, listener) => process.on(signal, listener),
  exit: (code) => process.exit(code),
};

export function superviseWorkers(count: number, logger: Logger, host: WorkerHost = clusterHost): void {
  let stopping = false;
  let failed = false;
  let lastRestart = 0;
  // The workers not yet exited, kept here: node:cluster lists a worker until it has both exited and disconnected,
  // in either order, so its list can still hold the last worker when that worker's exit is reported.
  const running = new Map<number, SupervisedWorker>();
  const fork = () => {
    // A restart that was waiting when the signal came is not made.
    if (stopping) return;
    const worker = host.fork();
    running.set(worker.id, worker);
  };
  // A worker listens twice (the public port, then the admin one); it has started once both are its.
  const listens = new Map<number, number>();
  host.onListening((worker) => listens.set(worker.id, (listens.get(worker.id) ?? 0) + 1));
  const stopAll = () => {
    for (const worker of running.values()) worker.process.kill('SIGTERM');
  };
  host.onExit((worker, code, signal) => {
    running.delete(worker.id);
    if (!stopping && (listens.get(worker.id) ?? 0) < 2) {
      // It failed to start (it printed why): another would fail the same way, so the gateway stops.
      stopping = true;
      failed = true;
      stopAll();
    }
    if (stopping) {
      if (code !== 0) failed = true;
      if (running.size === 0) host.exit(failed ? 1 : 0);
      return;
    }
    logger.error({ component: 'workers', pid: worker.process.pid, code, signal }, 'worker died; starting another');
    const wait = Math.max(0, lastRestart + 1_000 - Date.now());
    lastRestart = Date.now() + wait;
    setTimeout(fork, wait);
  });
  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    host.onSignal(signal, () => {
      if (stopping) return;
      stopping = true;
      logger.info({ component: 'workers', signal }, 'stopping every worker');
      if (running.size === 0) host.exit(0);
      stopAll();
    });
  }
  for (let i = 0; i < count; i++) fork();
}
