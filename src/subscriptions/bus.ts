/**
 * Where watchers publish what changed and subscriptions listen: a small publish/subscribe interface, in memory by
 * default (yoga's pub/sub over an EventTarget); replicas share one over Redis pub/sub (`redis-bus.ts`), which is why
 * payloads are plain JSON.
 */
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

export function createMemoryEventBus(): EventBus {
  const pubsub = createPubSub<{ task: [string, TaskModel]; node: [string, NodeModel] }>();
  return {
    publishTask: (task) => pubsub.publish('task', task.id, task),
    publishNode: (node) => pubsub.publish('node', node.id, node),
    tasks: (id) => pubsub.subscribe('task', id),
    nodes: (id) => pubsub.subscribe('node', id),
  };
}
