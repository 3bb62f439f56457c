import { GraphQLScalarType } from 'graphql';
import { DateTimeResolver } from 'graphql-scalars';
import type { Resolvers } from '../generated/graphql.js';
import { HyperNodeConnection } from './fleet.js';
import { HyperCluster } from './hyper-cluster.js';
import { HyperNode } from './hyper-node.js';
import { Mutation } from './mutation.js';
import { Node } from './node.js';
import { NodeOperationPayload } from './node-operation.js';
import { Query } from './query.js';
import { Resource } from './resource.js';
import { Subscription } from './subscription.js';
import { Task } from './task.js';

/**
 * graphql-scalars' DateTime parsing and serializing, without its generic description: the resolver's fields are
 * copied over the SDL's type, and this project's own text (schema/base.graphql) must stay.
 */
const DateTime = new GraphQLScalarType(DateTimeResolver.toConfig());
delete (DateTime as Partial<Pick<GraphQLScalarType, 'description'>>).description;

export const resolvers: Resolvers = {
  DateTime,
  Query,
  Mutation,
  Subscription,
  Task,
  NodeOperationPayload,
  HyperNode,
  HyperNodeConnection,
  Node,
  HyperCluster,
  Resource,
};
