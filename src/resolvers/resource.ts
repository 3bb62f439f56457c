import type { ResourceResolvers } from '../generated/graphql.js';

const TYPE_BY_KIND = { hypercluster: 'HyperCluster', hypernode: 'HyperNode', node: 'Node', disk: 'Disk', task: 'Task' } as const;

export const Resource: ResourceResolvers = {
  // The kind is the third part of every global ID.
  __resolveType: (resource) => TYPE_BY_KIND[resource.id.split(':')[2] as keyof typeof TYPE_BY_KIND],
};
