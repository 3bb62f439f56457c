/* eslint-disable */
import * as types from './graphql.js';
import type { TypedDocumentNode as DocumentNode } from '@graphql-typed-document-node/core';

/**
 * Map of all GraphQL operations in the project.
 *
 * This map has several performance disadvantages:
 * 1. It is not tree-shakeable, so it will include all operations in the project.
 * 2. It is not minifiable, so the string of a GraphQL query will be multiple times inside the bundle.
 * 3. It does not support dead code elimination, so it will add unused operations.
 *
 * Therefore it is highly recommended to use the babel or swc plugin for production.
 * Learn more about it here: https://the-guild.dev/graphql/codegen/plugins/presets/preset-client#reducing-bundle-size
 */
type Documents = {
    "query FleetCounts($filter: NodeFilter, $groupBy: [NodeDimension!]! = [PROVIDER, STATE]) {\n  nodeCounts(filter: $filter, groupBy: $groupBy) {\n    provider\n    region\n    state\n    machineType\n    hyperClusterId\n    count\n    asOf\n  }\n}": typeof types.FleetCountsDocument,
    "query FleetNodesPage($filter: NodeFilter, $first: Int = 50, $after: String) {\n  allNodes(filter: $filter, first: $first, after: $after) {\n    totalCount\n    asOf\n    pageInfo {\n      hasNextPage\n      endCursor\n    }\n    nodes {\n      id\n      provider\n      region\n      name\n      hostname\n      status\n      state\n      machineType\n      zoneId\n      hyperNode {\n        id\n        name\n        hostname\n      }\n    }\n  }\n}": typeof types.FleetNodesPageDocument,
    "query HyperClusterWithSupernodes($id: ID!, $first: Int = 10, $after: String) {\n  hyperCluster(id: $id) {\n    id\n    provider\n    name\n    type\n    clusterType\n    networks {\n      subnetId\n      isDefault\n    }\n    hyperNodes(first: $first, after: $after) {\n      pageInfo {\n        hasNextPage\n        endCursor\n      }\n      nodes {\n        id\n        name\n        state\n        nodes {\n          id\n          name\n          machineType\n        }\n      }\n    }\n  }\n}": typeof types.HyperClusterWithSupernodesDocument,
    "query HyperNodeWithNodes($id: ID!) {\n  hyperNode(id: $id) {\n    id\n    provider\n    region\n    hostname\n    name\n    machineType\n    state\n    status\n    expiresAt\n    cluster {\n      id\n      name\n    }\n    nodes {\n      id\n      hostname\n      name\n      state\n      disks {\n        id\n        type\n        sizeGiB\n      }\n    }\n  }\n}": typeof types.HyperNodeWithNodesDocument,
    "query HyperNodesPage($provider: Provider, $region: String, $first: Int!, $after: String) {\n  hyperNodes(provider: $provider, region: $region, first: $first, after: $after) {\n    pageInfo {\n      hasNextPage\n      endCursor\n    }\n    edges {\n      cursor\n      node {\n        id\n        provider\n        region\n        hostname\n        name\n        machineType\n        state\n      }\n    }\n  }\n}": typeof types.HyperNodesPageDocument,
    "query NodeWithDisks($id: ID!) {\n  node(id: $id) {\n    id\n    provider\n    hostname\n    name\n    machineType\n    state\n    imageName\n    networks {\n      ip\n      subnetId\n    }\n    disks {\n      id\n      type\n      sizeGiB\n      category\n    }\n    hyperNode {\n      id\n    }\n  }\n}": typeof types.NodeWithDisksDocument,
    "mutation RebootAndFollow($ids: [ID!]!) {\n  rebootNodes(input: {ids: $ids}) {\n    tasks {\n      id\n      kind\n      state\n    }\n    failures {\n      nodeId\n      code\n      message\n    }\n  }\n}\n\nsubscription FollowTask($id: ID!) {\n  taskUpdated(id: $id) {\n    id\n    kind\n    state\n    status\n    message\n    steps {\n      name\n      state\n      message\n    }\n    nodes {\n      id\n      state\n    }\n    finishedAt\n  }\n}": typeof types.RebootAndFollowDocument,
    "subscription WatchNodes($ids: [ID!]!) {\n  nodesChanged(ids: $ids) {\n    id\n    provider\n    status\n    state\n    task {\n      id\n      kind\n      state\n    }\n  }\n}": typeof types.WatchNodesDocument,
};
const documents: Documents = {
    "query FleetCounts($filter: NodeFilter, $groupBy: [NodeDimension!]! = [PROVIDER, STATE]) {\n  nodeCounts(filter: $filter, groupBy: $groupBy) {\n    provider\n    region\n    state\n    machineType\n    hyperClusterId\n    count\n    asOf\n  }\n}": types.FleetCountsDocument,
    "query FleetNodesPage($filter: NodeFilter, $first: Int = 50, $after: String) {\n  allNodes(filter: $filter, first: $first, after: $after) {\n    totalCount\n    asOf\n    pageInfo {\n      hasNextPage\n      endCursor\n    }\n    nodes {\n      id\n      provider\n      region\n      name\n      hostname\n      status\n      state\n      machineType\n      zoneId\n      hyperNode {\n        id\n        name\n        hostname\n      }\n    }\n  }\n}": types.FleetNodesPageDocument,
    "query HyperClusterWithSupernodes($id: ID!, $first: Int = 10, $after: String) {\n  hyperCluster(id: $id) {\n    id\n    provider\n    name\n    type\n    clusterType\n    networks {\n      subnetId\n      isDefault\n    }\n    hyperNodes(first: $first, after: $after) {\n      pageInfo {\n        hasNextPage\n        endCursor\n      }\n      nodes {\n        id\n        name\n        state\n        nodes {\n          id\n          name\n          machineType\n        }\n      }\n    }\n  }\n}": types.HyperClusterWithSupernodesDocument,
    "query HyperNodeWithNodes($id: ID!) {\n  hyperNode(id: $id) {\n    id\n    provider\n    region\n    hostname\n    name\n    machineType\n    state\n    status\n    expiresAt\n    cluster {\n      id\n      name\n    }\n    nodes {\n      id\n      hostname\n      name\n      state\n      disks {\n        id\n        type\n        sizeGiB\n      }\n    }\n  }\n}": types.HyperNodeWithNodesDocument,
    "query HyperNodesPage($provider: Provider, $region: String, $first: Int!, $after: String) {\n  hyperNodes(provider: $provider, region: $region, first: $first, after: $after) {\n    pageInfo {\n      hasNextPage\n      endCursor\n    }\n    edges {\n      cursor\n      node {\n        id\n        provider\n        region\n        hostname\n        name\n        machineType\n        state\n      }\n    }\n  }\n}": types.HyperNodesPageDocument,
    "query NodeWithDisks($id: ID!) {\n  node(id: $id) {\n    id\n    provider\n    hostname\n    name\n    machineType\n    state\n    imageName\n    networks {\n      ip\n      subnetId\n    }\n    disks {\n      id\n      type\n      sizeGiB\n      category\n    }\n    hyperNode {\n      id\n    }\n  }\n}": types.NodeWithDisksDocument,
    "mutation RebootAndFollow($ids: [ID!]!) {\n  rebootNodes(input: {ids: $ids}) {\n    tasks {\n      id\n      kind\n      state\n    }\n    failures {\n      nodeId\n      code\n      message\n    }\n  }\n}\n\nsubscription FollowTask($id: ID!) {\n  taskUpdated(id: $id) {\n    id\n    kind\n    state\n    status\n    message\n    steps {\n      name\n      state\n      message\n    }\n    nodes {\n      id\n      state\n    }\n    finishedAt\n  }\n}": types.RebootAndFollowDocument,
    "subscription WatchNodes($ids: [ID!]!) {\n  nodesChanged(ids: $ids) {\n    id\n    provider\n    status\n    state\n    task {\n      id\n      kind\n      state\n    }\n  }\n}": types.WatchNodesDocument,
};

/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 *
 *
 * @example
 * ```ts
 * const query = graphql(`query GetUser($id: ID!) { user(id: $id) { name } }`);
 * ```
 *
 * The query argument is unknown!
 * Please regenerate the types.
 */
export function graphql(source: string): unknown;

/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "query FleetCounts($filter: NodeFilter, $groupBy: [NodeDimension!]! = [PROVIDER, STATE]) {\n  nodeCounts(filter: $filter, groupBy: $groupBy) {\n    provider\n    region\n    state\n    machineType\n    hyperClusterId\n    count\n    asOf\n  }\n}"): (typeof documents)["query FleetCounts($filter: NodeFilter, $groupBy: [NodeDimension!]! = [PROVIDER, STATE]) {\n  nodeCounts(filter: $filter, groupBy: $groupBy) {\n    provider\n    region\n    state\n    machineType\n    hyperClusterId\n    count\n    asOf\n  }\n}"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "query FleetNodesPage($filter: NodeFilter, $first: Int = 50, $after: String) {\n  allNodes(filter: $filter, first: $first, after: $after) {\n    totalCount\n    asOf\n    pageInfo {\n      hasNextPage\n      endCursor\n    }\n    nodes {\n      id\n      provider\n      region\n      name\n      hostname\n      status\n      state\n      machineType\n      zoneId\n      hyperNode {\n        id\n        name\n        hostname\n      }\n    }\n  }\n}"): (typeof documents)["query FleetNodesPage($filter: NodeFilter, $first: Int = 50, $after: String) {\n  allNodes(filter: $filter, first: $first, after: $after) {\n    totalCount\n    asOf\n    pageInfo {\n      hasNextPage\n      endCursor\n    }\n    nodes {\n      id\n      provider\n      region\n      name\n      hostname\n      status\n      state\n      machineType\n      zoneId\n      hyperNode {\n        id\n        name\n        hostname\n      }\n    }\n  }\n}"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "query HyperClusterWithSupernodes($id: ID!, $first: Int = 10, $after: String) {\n  hyperCluster(id: $id) {\n    id\n    provider\n    name\n    type\n    clusterType\n    networks {\n      subnetId\n      isDefault\n    }\n    hyperNodes(first: $first, after: $after) {\n      pageInfo {\n        hasNextPage\n        endCursor\n      }\n      nodes {\n        id\n        name\n        state\n        nodes {\n          id\n          name\n          machineType\n        }\n      }\n    }\n  }\n}"): (typeof documents)["query HyperClusterWithSupernodes($id: ID!, $first: Int = 10, $after: String) {\n  hyperCluster(id: $id) {\n    id\n    provider\n    name\n    type\n    clusterType\n    networks {\n      subnetId\n      isDefault\n    }\n    hyperNodes(first: $first, after: $after) {\n      pageInfo {\n        hasNextPage\n        endCursor\n      }\n      nodes {\n        id\n        name\n        state\n        nodes {\n          id\n          name\n          machineType\n        }\n      }\n    }\n  }\n}"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "query HyperNodeWithNodes($id: ID!) {\n  hyperNode(id: $id) {\n    id\n    provider\n    region\n    hostname\n    name\n    machineType\n    state\n    status\n    expiresAt\n    cluster {\n      id\n      name\n    }\n    nodes {\n      id\n      hostname\n      name\n      state\n      disks {\n        id\n        type\n        sizeGiB\n      }\n    }\n  }\n}"): (typeof documents)["query HyperNodeWithNodes($id: ID!) {\n  hyperNode(id: $id) {\n    id\n    provider\n    region\n    hostname\n    name\n    machineType\n    state\n    status\n    expiresAt\n    cluster {\n      id\n      name\n    }\n    nodes {\n      id\n      hostname\n      name\n      state\n      disks {\n        id\n        type\n        sizeGiB\n      }\n    }\n  }\n}"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "query HyperNodesPage($provider: Provider, $region: String, $first: Int!, $after: String) {\n  hyperNodes(provider: $provider, region: $region, first: $first, after: $after) {\n    pageInfo {\n      hasNextPage\n      endCursor\n    }\n    edges {\n      cursor\n      node {\n        id\n        provider\n        region\n        hostname\n        name\n        machineType\n        state\n      }\n    }\n  }\n}"): (typeof documents)["query HyperNodesPage($provider: Provider, $region: String, $first: Int!, $after: String) {\n  hyperNodes(provider: $provider, region: $region, first: $first, after: $after) {\n    pageInfo {\n      hasNextPage\n      endCursor\n    }\n    edges {\n      cursor\n      node {\n        id\n        provider\n        region\n        hostname\n        name\n        machineType\n        state\n      }\n    }\n  }\n}"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "query NodeWithDisks($id: ID!) {\n  node(id: $id) {\n    id\n    provider\n    hostname\n    name\n    machineType\n    state\n    imageName\n    networks {\n      ip\n      subnetId\n    }\n    disks {\n      id\n      type\n      sizeGiB\n      category\n    }\n    hyperNode {\n      id\n    }\n  }\n}"): (typeof documents)["query NodeWithDisks($id: ID!) {\n  node(id: $id) {\n    id\n    provider\n    hostname\n    name\n    machineType\n    state\n    imageName\n    networks {\n      ip\n      subnetId\n    }\n    disks {\n      id\n      type\n      sizeGiB\n      category\n    }\n    hyperNode {\n      id\n    }\n  }\n}"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "mutation RebootAndFollow($ids: [ID!]!) {\n  rebootNodes(input: {ids: $ids}) {\n    tasks {\n      id\n      kind\n      state\n    }\n    failures {\n      nodeId\n      code\n      message\n    }\n  }\n}\n\nsubscription FollowTask($id: ID!) {\n  taskUpdated(id: $id) {\n    id\n    kind\n    state\n    status\n    message\n    steps {\n      name\n      state\n      message\n    }\n    nodes {\n      id\n      state\n    }\n    finishedAt\n  }\n}"): (typeof documents)["mutation RebootAndFollow($ids: [ID!]!) {\n  rebootNodes(input: {ids: $ids}) {\n    tasks {\n      id\n      kind\n      state\n    }\n    failures {\n      nodeId\n      code\n      message\n    }\n  }\n}\n\nsubscription FollowTask($id: ID!) {\n  taskUpdated(id: $id) {\n    id\n    kind\n    state\n    status\n    message\n    steps {\n      name\n      state\n      message\n    }\n    nodes {\n      id\n      state\n    }\n    finishedAt\n  }\n}"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "subscription WatchNodes($ids: [ID!]!) {\n  nodesChanged(ids: $ids) {\n    id\n    provider\n    status\n    state\n    task {\n      id\n      kind\n      state\n    }\n  }\n}"): (typeof documents)["subscription WatchNodes($ids: [ID!]!) {\n  nodesChanged(ids: $ids) {\n    id\n    provider\n    status\n    state\n    task {\n      id\n      kind\n      state\n    }\n  }\n}"];

export function graphql(source: string) {
  return (documents as any)[source] ?? {};
}

export type DocumentType<TDocumentNode extends DocumentNode<any, any>> = TDocumentNode extends DocumentNode<  infer TType,  any>  ? TType  : never;