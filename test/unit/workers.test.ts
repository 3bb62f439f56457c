/** The worker supervisor: when it stops, when it restarts, and what exit code it leaves, counted from its own workers. */
import { describe, expect, it, vi } from 'vitest';
import { createLogger } from '../../src/logger.js';
import { superviseWorkers, type SupervisedWorker, type WorkerHost } from '../../src/workers.js';

/** A node:cluster stand-in whose events the test fires in the order it wants. */
function fakeHost() {
  const workers: Array<SupervisedWorker & { signals: string[] }> = [];
  const exits: number[] = [];
  let listening: (worker: SupervisedWorker) => void = () => undefined;
  let exited: (worker: SupervisedWorker, code: number | null, signal: string | null) => void = () => undefined;
  const signals = new Map<string, () => void>();
  const host: WorkerHost = {
    fork: () => {
      const signalsSent: string[] = [];
      const worker = { id: workers.length + 1, signals: signalsSent, process: { pid: 1000 + workers.length, kill: (s: string) => signalsSent.push(s) } };
      workers.push(worker);
      return worker;
    },
    onListening: (listener) => (listening = listener),
    onExit: (listener) => (exited = listener),
    onSignal: (signal, listener) => signals.set(signal, listener),
    exit: (code) => void exits.push(code),
  };
  return {
    host,
    workers,
    exits,
    start: (worker: SupervisedWorker) => (listening(worker), listening(worker)),
    exit: (worker: SupervisedWorker, code: number | null, signal: string | null = null) => exited(worker, code, signal),
    signal: (name: string) => signals.get(name)?.(),
  };
}

const logger = createLogger('silent');

describe('the worker supervisor', () => {
  it('exits 0 once every worker drained on SIGTERM, however node:cluster orders exit and disconnect', () => {
    const cluster = fakeHost();
    superviseWorkers(2, logger, cluster.host);
    cluster.workers.forEach(cluster.start);
    cluster.signal('SIGTERM');
    expect(cluster.workers.map((w) => w.signals)).toEqual([['SIGTERM'], ['SIGTERM']]);
    cluster.exit(cluster.workers[0]!, 0);
    expect(cluster.exits).toEqual([]);
    // node:cluster may report this exit before the worker's disconnect, while it still lists the worker.
    cluster.exit(cluster.workers[1]!, 0);
    expect(cluster.exits).toEqual([0]);
  });

  it('exits 1 when a worker failed to drain', () => {
    const cluster = fakeHost();
    superviseWorkers(2, logger, cluster.host);
    cluster.workers.forEach(cluster.start);
    cluster.signal('SIGINT');
    cluster.exit(cluster.workers[0]!, 1);
    cluster.exit(cluster.workers[1]!, 0);
    expect(cluster.exits).toEqual([1]);
  });

  it('stops every worker and exits 1 when one exits before it listened', () => {
    const cluster = fakeHost();
    superviseWorkers(2, logger, cluster.host);
    cluster.start(cluster.workers[0]!);
    cluster.exit(cluster.workers[1]!, 1);
    expect(cluster.workers.map((w) => w.signals)).toEqual([['SIGTERM'], []]);
    cluster.exit(cluster.workers[0]!, 0);
    expect(cluster.exits).toEqual([1]);
  });

  it('starts another for a worker that died while serving, and none once the signal came', () => {
    vi.useFakeTimers();
    try {
      const cluster = fakeHost();
      superviseWorkers(2, logger, cluster.host);
      cluster.workers.forEach(cluster.start);
      cluster.exit(cluster.workers[0]!, null, 'SIGKILL');
      vi.advanceTimersByTime(0);
      expect(cluster.workers).toHaveLength(3);
      cluster.start(cluster.workers[2]!);
      // A second death within the second waits out the rest of it; the signal comes first.
      cluster.exit(cluster.workers[2]!, null, 'SIGKILL');
      cluster.signal('SIGTERM');
      vi.advanceTimersByTime(1_000);
      expect(cluster.workers).toHaveLength(3);
      expect(cluster.workers[1]!.signals).toEqual(['SIGTERM']);
      cluster.exit(cluster.workers[1]!, 0);
      expect(cluster.exits).toEqual([0]);
    } finally {
      vi.useRealTimers();
    }
  });
});
