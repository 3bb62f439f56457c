/**
 * The event streams subscriptions answer with. Each holds a slot of its principal, listens on the event bus, keeps
 * the watchers it needs, and ends when its client leaves (`return()`), its task finishes, its token expires, or the
 * gateway shuts down; whichever comes first releases everything it held.
 */
import { Repeater, SlidingBuffer } from 'graphql-yoga';
import type { Principal } from '../auth/principal.js';
import { UnauthenticatedError } from '../errors.js';
import { isFinished, type NodeModel, type TaskModel } from '../model.js';
import type { EventBus } from './bus.js';
import type { SubscriptionRegistry } from './registry.js';
import type { WatchHub } from './watchers.js';

export interface LiveUpdates {
  bus: EventBus;
  hub: WatchHub;
  registry: SubscriptionRegistry;
}

/** Events a slow client may fall behind by; the oldest go first (later ones supersede them). */
const BACKLOG = 64;

type Start<T> = (push: (value: T) => void, stop: () => void) => () => void;

function liveStream<T>(live: LiveUpdates, principal: Principal, start: Start<T>): AsyncIterableIterator<T> {
  return new Repeater<T>(async (push, stop) => {
    let slot;
    try {
      slot = live.registry.open(principal, () => stop());
    } catch (error) {
      stop(error);
      return;
    }
    const expiresIn = principal.expiresAt === undefined ? null : Math.max(0, principal.expiresAt - Date.now());
    const expiry = expiresIn === null ? null : setTimeout(() => stop(new UnauthenticatedError('The token expired; subscribe again with a new one.')), expiresIn);
    const cleanup = start((value) => void push(value).catch(() => {}), () => stop());
    await stop;
    if (expiry) clearTimeout(expiry);
    cleanup();
    slot.release();
  }, new SlidingBuffer(BACKLOG));
}

/** Drains `events` into `push` until it is returned. */
function forward<T>(events: AsyncIterableIterator<T>, push: (value: T) => void, after?: (value: T) => void): () => void {
  void (async () => {
    for await (const value of events) {
      push(value);
      after?.(value);
    }
  })();
  return () => void events.return?.();
}

/** The task now, then each change, until it finishes. */
export function followTask(live: LiveUpdates, principal: Principal, first: TaskModel): AsyncIterableIterator<TaskModel> {
  return liveStream<TaskModel>(live, principal, (push, stop) => {
    push(first);
    if (isFinished(first.state)) {
      stop();
      return () => {};
    }
    const stopListening = forward(live.bus.tasks(first.id), push, (task) => isFinished(task.state) && stop());
    const release = live.hub.watchTask(first.id, first);
    return () => {
      stopListening();
      release();
    };
  });
}

/** Each change of any of the nodes. */
export function followNodes(live: LiveUpdates, principal: Principal, ids: readonly string[]): AsyncIterableIterator<NodeModel> {
  return liveStream<NodeModel>(live, principal, (push) => {
    const ends = ids.map((id) => {
      const stopListening = forward(live.bus.nodes(id), push);
      const release = live.hub.watchNode(id);
      return () => {
        stopListening();
        release();
      };
    });
    return () => ends.forEach((end) => end());
  });
}
