/**
 * Identical upstream reads in flight at the same moment, from any requests, share one call and its answer. The
 * key names the cloud, region, operation and the read's parameters; an entry lives only while its call runs, so
 * nothing older than the call itself is ever served. Mutations never come here.
 *
 * A shared call runs on a signal of its own: it ends at its own timeout, or as soon as every caller waiting for it
 * has left (a read nobody waits for is not worth finishing), or when the transport closes.
 */
interface SharedRead {
  answer: Promise<unknown>;
  controller: AbortController;
  waiters: number;
}

export interface Share<T> {
  answer: Promise<T>;
  /** True when the call was already in flight. */
  joined: boolean;
  /** This caller stops waiting (answered or not); the last one to leave a call still in flight ends it. */
  leave(): void;
}

export class InFlightReads {
  private readonly calls = new Map<string, SharedRead>();

  /** The call in flight under `key`, or a new one from `start` with its own signal, ended `timeoutMs` after it starts. */
  share<T>(key: string, timeoutMs: number, start: (signal: AbortSignal) => Promise<T>): Share<T> {
    let entry = this.calls.get(key);
    const joined = entry !== undefined;
    if (!entry) {
      const controller = new AbortController();
      // A timer, not AbortSignal.timeout: on Node 20 a timeout signal nobody holds can be collected before it fires.
      const timer = setTimeout(() => controller.abort(new DOMException('The shared read took too long.', 'TimeoutError')), timeoutMs);
      const created: SharedRead = { answer: Promise.resolve(), controller, waiters: 0 };
      created.answer = Promise.resolve()
        .then(() => start(controller.signal))
        .finally(() => {
          clearTimeout(timer);
          if (this.calls.get(key) === created) this.calls.delete(key);
        });
      // Each waiter observes the answer itself; this keeps a failure nobody waits for from being unhandled.
      created.answer.catch(() => undefined);
      this.calls.set(key, created);
      entry = created;
    }
    const held = entry;
    held.waiters += 1;
    let left = false;
    return {
      answer: held.answer as Promise<T>,
      joined,
      leave: () => {
        if (left) return;
        left = true;
        held.waiters -= 1;
        if (held.waiters > 0 || this.calls.get(key) !== held) return;
        this.calls.delete(key);
        held.controller.abort();
      },
    };
  }

  /** Calls in flight now: one per distinct read. */
  get size(): number {
    return this.calls.size;
  }

  /** Ends every call in flight (the transport is closing). */
  abortAll(): void {
    for (const entry of this.calls.values()) entry.controller.abort();
    this.calls.clear();
  }
}

/** The key of one read: who is called and a canonical text of its parameters (never a signature or a nonce). */
export function readKey(target: { provider: string; region: string; operation?: string | undefined }, parameters: string): string {
  return `${target.provider}\n${target.region}\n${target.operation ?? ''}\n${parameters}`;
}
