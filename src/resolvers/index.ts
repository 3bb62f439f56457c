import { DateTimeResolver } from 'graphql-scalars';
import type { Resolvers } from '../generated/graphql.js';
import { HyperCluster } from './hyper-cluster.js';
import { HyperNode } from './hyper-node.js';
import { Mutation } from './mutation.js';
import { Node } from './node.js';
import { NodeOperationPayload } from './node-operation.js';
import { Query } from './query.js';
import { Resource } from './resource.js';
import { Subscription } from './subscription.js';
import { Task } from './task.js';

export const resolvers: Resolvers = {
  DateTime: DateTimeResolver,
  Query,
  Mutation,
  Subscription,
  Task,
  NodeOperationPayload,
  HyperNode,
  Node,
  HyperCluster,
  Resource,
};
