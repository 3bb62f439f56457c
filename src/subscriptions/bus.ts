/**
 * Where watchers publish what changed and subscriptions listen: a small publish/subscribe interface, in memory by
 * default (yoga's pub/sub over an EventTarget); replicas share one over Redis pub/sub (`redis-bus.ts`), which is why
 * payloads are plain JSON.
 */
import { setMaxListeners } from 'node:events';
import { createPubSub } from 'graphql-yoga';
import type { NodeModel, TaskModel } from '../model.js';

export interface EventBus {
  publishTask(task: TaskModel): void;
  publishNode(node: NodeModel): void;
  /** Changes of one task, from now on; `return()` stops listening. */
  tasks(id: string): AsyncIterableIterator<TaskModel>;
  /** Changes of one node, from now on; `return()` stops listening. */
  nodes(id: string): AsyncIterableIterator<NodeModel>;
}

/**
 * This process's listeners, by object: yoga's pub/sub over an EventTarget. It holds one listener per open
 * subscription of an object, as many as the subscription caps allow (the bench: 10 per node), which is no leak, so
 * Node's warning past 10 listeners of one event is turned off; it would only mislead whoever reads the log.
 */
export function localPubSub() {
  const eventTarget = new EventTarget();
  setMaxListeners(0, eventTarget);
  return createPubSub<{ task: [string, TaskModel]; node: [string, NodeModel] }>({ eventTarget });
}

export function createMemoryEventBus(): EventBus {
  const pubsub = localPubSub();
  return {
    publishTask: (task) => pubsub.publish('task', task.id, task),
    publishNode: (node) => pubsub.publish('node', node.id, node),
    tasks: (id) => pubsub.subscribe('task', id),
    nodes: (id) => pubsub.subscribe('node', id),
  };
}
