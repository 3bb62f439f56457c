/** Status changes that finish after a while (a reboot, a stop), settled lazily when the simulator next answers. */
export class Transitions<T> {
  private readonly pending = new Map<T, { until: number; finish: () => void }>();

  /** `finish` runs once `durationMs` have passed; a newer change of the same object replaces an older one. */
  start(target: T, now: number, durationMs: number, finish: () => void): void {
    this.pending.set(target, { until: now + durationMs, finish });
  }

  settle(now: number): void {
    for (const [target, { until, finish }] of this.pending) {
      if (now < until) continue;
      finish();
      this.pending.delete(target);
    }
  }
}
