import type { TaskResolvers } from '../generated/graphql.js';

export const Task: TaskResolvers = {
  // References to the nodes, read when their fields are asked.
  nodes: (task, _, ctx) => Promise.all(task.nodeIds.map((id) => ctx.loaders.nodes.ref(id))).then((nodes) => nodes.filter((n) => n !== null)),
};
