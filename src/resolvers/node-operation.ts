import type { NodeOperationPayloadResolvers } from '../generated/graphql.js';

export const NodeOperationPayload: NodeOperationPayloadResolvers = {
  // References to what the operation changed, read afresh when their fields are asked.
  nodes: (result, _, ctx) => Promise.all(result.nodeIds.map((id) => ctx.loaders.nodes.ref(id))).then((nodes) => nodes.filter((n) => n !== null)),
};
