/**
 * Who watches an object when several replicas have subscribers for it: the holder of its lease, alone. In memory
 * (one gateway) every lease is granted; over Redis (`redis-leases.ts`) one replica holds each and renews it every
 * round, and a lease whose holder died expires so that another replica takes it on its next round. Beside a lease
 * lives what its holder saw last, so that a new holder tells only real changes (not the state it finds as a change,
 * nor a change it missed as none).
 */

export interface LeaseClaim {
  /** This replica holds the lease now (it took it this round, or renewed it). */
  held: boolean;
  /** Taken this round (it was free): `seen` is what the last holder recorded, if anything. */
  taken: boolean;
  seen?: string;
}

export interface WatchLeases {
  /** Takes every free lease of `keys` and renews those this replica holds, each for `ms`; throws when unreachable. */
  claim(keys: readonly string[], ms: number): Promise<Map<string, LeaseClaim>>;
  /** Records what was seen of objects whose lease this replica holds, for `ms`; failures are counted, not thrown. */
  remember(seen: ReadonlyMap<string, string>, ms: number): Promise<void>;
  /** Gives up this replica's leases of `keys` (its last subscriber left, or shutdown); never throws. */
  release(keys: readonly string[]): Promise<void>;
}

/** One gateway alone: it watches everything its subscribers want. */
export class MemoryWatchLeases implements WatchLeases {
  claim(keys: readonly string[]): Promise<Map<string, LeaseClaim>> {
    return Promise.resolve(new Map(keys.map((key) => [key, { held: true, taken: false }])));
  }

  remember(): Promise<void> {
    return Promise.resolve();
  }

  release(): Promise<void> {
    return Promise.resolve();
  }
}
