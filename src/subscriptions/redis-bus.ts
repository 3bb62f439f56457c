/**
 * The event bus over Redis pub/sub, so that a subscriber on one replica hears what another replica's watcher saw.
 * One channel per watched object (`<prefix>events:node:<id>`, `<prefix>events:task:<id>`), subscribed on a
 * connection of its own only while this replica has a listener for that object. What this replica publishes reaches
 * its own listeners directly (also while Redis is down) and the others through Redis; its own message coming back
 * from Redis is skipped by its origin, so nobody hears an event twice. Whatever comes off a channel is checked
 * (size, JSON, shape, object) and dropped and counted when it fails.
 */
import { randomUUID } from 'node:crypto';
import type { Redis } from 'ioredis';
import type { Logger } from '../logger.js';
import type { NodeModel, TaskModel } from '../model.js';
import type { RedisConnection } from '../redis/connection.js';
import { localPubSub, type EventBus } from './bus.js';
import { decodeEvent, encodeEvent, MAX_EVENT_BYTES, type EventKind } from './event-schema.js';

export interface RedisEventBusOptions {
  logger: Logger;
  /** A Redis command failed (counted as a store error). */
  onError?: (operation: string, error: unknown) => void;
  /** A message was dropped: too big, not JSON, not an event of the model, or about another object than its channel's. */
  onDropped?: (reason: string) => void;
}

interface Listening {
  kind: EventKind;
  id: string;
  listeners: number;
}

export class RedisEventBus implements EventBus {
  /** Tells this replica's messages from the others' when they come back from Redis. */
  private readonly origin = randomUUID();
  private readonly local = localPubSub();
  private readonly subscriber: Redis;
  private readonly channels = new Map<string, Listening>();

  constructor(
    private readonly redis: RedisConnection,
    private readonly options: RedisEventBusOptions,
  ) {
    // Pub/sub takes a connection of its own; the same settings (timeouts, no offline queue, reconnection forever).
    this.subscriber = redis.client.duplicate({ autoResubscribe: false });
    // The shared connection logs the outage once; this one's errors would repeat it.
    this.subscriber.on('error', () => undefined);
    // (Re)connected: listen again on every channel with listeners (also those whose SUBSCRIBE failed while down).
    this.subscriber.on('ready', () => {
      if (this.channels.size > 0) this.subscribe([...this.channels.keys()]);
    });
    this.subscriber.on('message', (channel: string, message: string) => this.received(channel, message));
  }

  publishTask(task: TaskModel): void {
    this.local.publish('task', task.id, task);
    this.share('task', task.id, task);
  }

  publishNode(node: NodeModel): void {
    this.local.publish('node', node.id, node);
    // A node's user data (boot scripts, which may hold secrets) never crosses Redis: a subscriber elsewhere allowed to
    // see it has it read for its event, as for any field an event leaves out.
    this.share('node', node.id, Object.assign({}, node, { userData: undefined }));
  }

  tasks(id: string): AsyncIterableIterator<TaskModel> {
    return this.listen('task', id, this.local.subscribe('task', id));
  }

  nodes(id: string): AsyncIterableIterator<NodeModel> {
    return this.listen('node', id, this.local.subscribe('node', id));
  }

  /** Whether messages of other replicas can arrive now (the pub/sub connection is up). */
  listeningUp(): boolean {
    return this.subscriber.status === 'ready';
  }

  /** Channels listened on now (tests). */
  get listening(): string[] {
    return [...this.channels.keys()];
  }

  async close(): Promise<void> {
    try {
      if (this.subscriber.status === 'ready') await this.subscriber.quit();
      else this.subscriber.disconnect();
    } catch {
      this.subscriber.disconnect();
    }
  }

  private channel(kind: EventKind, id: string): string {
    return this.redis.key(`events:${kind}:${id}`);
  }

  private share(kind: EventKind, id: string, event: TaskModel | NodeModel): void {
    const message = encodeEvent(this.origin, event);
    if (Buffer.byteLength(message) > MAX_EVENT_BYTES) {
      this.options.onDropped?.('too_large');
      return;
    }
    this.redis.client.publish(this.channel(kind, id), message).catch((error: unknown) => this.options.onError?.('publish', error));
  }

  private subscribe(channels: string[]): void {
    this.subscriber.subscribe(...channels).catch((error: unknown) => this.options.onError?.('subscribe', error));
  }

  /** The local stream of one object, holding its channel until `return()`. */
  private listen<T>(kind: EventKind, id: string, events: AsyncIterableIterator<T>): AsyncIterableIterator<T> {
    const channel = this.channel(kind, id);
    const listening = this.channels.get(channel) ?? { kind, id, listeners: 0 };
    listening.listeners += 1;
    if (listening.listeners === 1) {
      this.channels.set(channel, listening);
      this.subscribe([channel]);
    }
    let left = false;
    const leave = () => {
      if (left) return;
      left = true;
      listening.listeners -= 1;
      if (listening.listeners > 0 || this.channels.get(channel) !== listening) return;
      this.channels.delete(channel);
      this.subscriber.unsubscribe(channel).catch((error: unknown) => this.options.onError?.('unsubscribe', error));
    };
    const stream: AsyncIterableIterator<T> = {
      next: () => events.next(),
      return: (value?: unknown) => {
        leave();
        return events.return ? events.return(value) : Promise.resolve({ done: true, value: undefined });
      },
      throw: (error?: unknown) => {
        leave();
        return events.throw ? events.throw(error) : Promise.reject(error);
      },
      [Symbol.asyncIterator]: () => stream,
    };
    return stream;
  }

  private received(channel: string, message: string): void {
    const listening = this.channels.get(channel);
    if (!listening) return; // left while the message was on its way
    const decoded = decodeEvent(listening.kind, listening.id, message);
    if (!decoded.ok) {
      this.options.onDropped?.(decoded.reason);
      this.options.logger.debug({ channel, reason: decoded.reason }, 'event message dropped');
      return;
    }
    if (decoded.message.origin === this.origin) return; // told to this replica's listeners when published
    if (listening.kind === 'task') this.local.publish('task', listening.id, decoded.message.event as TaskModel);
    else this.local.publish('node', listening.id, decoded.message.event as NodeModel);
  }
}
