/**
 * The GraphQL clients frontends use, with their defaults and the cache settings README's client section shows:
 * Apollo Client (InMemoryCache) and urql (@urql/core, which sends queries as GET, and graphcache), over HTTP to the
 * gateway on its simulators. Each counts the requests it sends, to show what its cache answered.
 */
import { ApolloClient, HttpLink, InMemoryCache, gql } from '@apollo/client';
import { relayStylePagination } from '@apollo/client/utilities';
import { Client, fetchExchange, gql as urqlGql } from '@urql/core';
import { cacheExchange } from '@urql/exchange-graphcache';
import { relayPagination } from '@urql/exchange-graphcache/extras';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningGateway } from '../../src/app.js';
import { startGatewayOnSimulators } from '../helpers/gateway.js';
import { SEED } from '../helpers/stack.js';

/** A fetch that counts what it sends, by method. */
function countingFetch() {
  const sent: string[] = [];
  const fetchFn: typeof fetch = (input, init) => {
    sent.push(init?.method ?? (input instanceof Request ? input.method : 'GET'));
    return fetch(input, init);
  };
  return { sent, fetchFn };
}

// The cache settings of README's "Clients" section.
const apolloTypePolicies = {
  Query: {
    fields: {
      // Single lookups read a node the cache already holds, from any query that brought it.
      node: { read: (_: unknown, { args, toReference }: any) => toReference({ __typename: 'Node', id: args?.id }) },
      hyperNode: { read: (_: unknown, { args, toReference }: any) => toReference({ __typename: 'HyperNode', id: args?.id }) },
      hyperCluster: { read: (_: unknown, { args, toReference }: any) => toReference({ __typename: 'HyperCluster', id: args?.id }) },
      hyperNodes: relayStylePagination(['provider', 'region']),
      hyperClusters: relayStylePagination(['provider', 'region']),
    },
  },
};

/** graphcache: the types without an `id` are embedded in their parent (`null` keys). */
const urqlKeys = {
  PageInfo: () => null,
  NodeGroup: () => null,
  NetworkInterface: () => null,
  HyperClusterNetwork: () => null,
  HyperNodeEdge: () => null,
  HyperNodeConnection: () => null,
  HyperClusterEdge: () => null,
  HyperClusterConnection: () => null,
  NodeTask: () => null,
  NodeOperationFailure: () => null,
  NodeOperationPayload: () => null,
  CreateHyperClusterPayload: () => null,
  DeleteHyperClusterPayload: () => null,
};

/** graphcache: single lookups read what the cache holds; pages merge. */
const urqlResolvers = {
  Query: {
    node: (_: unknown, args: any) => ({ __typename: 'Node', id: args.id }),
    hyperNode: (_: unknown, args: any) => ({ __typename: 'HyperNode', id: args.id }),
    hyperCluster: (_: unknown, args: any) => ({ __typename: 'HyperCluster', id: args.id }),
    hyperNodes: relayPagination(),
    hyperClusters: relayPagination(),
  },
};

const HYPERNODE_WITH_NODES = /* GraphQL */ `
  query HyperNodeWithNodes($id: ID!) {
    hyperNode(id: $id) { id hostname state cluster { id name } nodes { id hostname state disks { id sizeGiB } } }
  }
`;
const NODE = /* GraphQL */ `
  query Node($id: ID!) { node(id: $id) { id hostname state } }
`;
const PAGE = /* GraphQL */ `
  query Page($first: Int, $after: String) {
    hyperNodes(provider: ALIBABA, first: $first, after: $after) { edges { cursor node { id hostname } } pageInfo { hasNextPage endCursor } }
  }
`;
const REBOOT = /* GraphQL */ `
  mutation Reboot($ids: [ID!]!) { rebootNodes(input: { ids: $ids }) { nodes { id state status } failures { nodeId code } } }
`;

describe('GraphQL clients with their defaults', () => {
  let gateway: RunningGateway;
  let authorization: string;

  beforeAll(async () => {
    gateway = await startGatewayOnSimulators();
    authorization = `Bearer ${gateway.config.auth.devKey}`;
  });
  afterAll(() => gateway?.stop());

  it('Apollo Client: a nested query, an overlapping one from the cache, relay paging, and a mutation updating a cached node', async () => {
    const { sent, fetchFn } = countingFetch();
    const client = new ApolloClient({
      link: new HttpLink({ uri: `${gateway.url}/graphql`, headers: { authorization }, fetch: fetchFn }),
      cache: new InMemoryCache({ typePolicies: apolloTypePolicies }),
    });

    const nested = await client.query({ query: gql(HYPERNODE_WITH_NODES), variables: { id: SEED.hyperNodeId } });
    expect(nested.error).toBeUndefined();
    expect((nested.data as any)?.hyperNode).toMatchObject({ id: SEED.hyperNodeId, hostname: SEED.hostname, nodes: [{ id: SEED.nodeId }] });
    expect(sent).toEqual(['POST']);

    // The node is in the cache from the nested query: node(id) reads it without a request.
    const overlapping = await client.query({ query: gql(NODE), variables: { id: SEED.nodeId } });
    expect((overlapping.data as any)?.node).toMatchObject({ id: SEED.nodeId, hostname: expect.any(String) });
    expect(sent).toHaveLength(1);

    // Relay paging: the next page, asked of the network as fetchMore asks it, merges into the same list.
    const first = await client.query({ query: gql(PAGE), variables: { first: 5 } });
    const firstPage = (first.data as any).hyperNodes;
    expect(firstPage.edges).toHaveLength(5);
    await client.query({ query: gql(PAGE), variables: { first: 5, after: firstPage.pageInfo.endCursor }, fetchPolicy: 'network-only' });
    expect(sent).toHaveLength(3);
    const merged = (client.readQuery({ query: gql(PAGE), variables: { first: 5 } }) as any).hyperNodes;
    expect(merged.edges).toHaveLength(10);
    expect(new Set(merged.edges.map((e: any) => e.node.id)).size).toBe(10);

    // The mutation answers the node with its new state; the cached node shows it.
    const reboot = await client.mutate({ mutation: gql(REBOOT), variables: { ids: [SEED.nodeId] } });
    expect(reboot.error).toBeUndefined();
    const rebooted = (reboot.data as any).rebootNodes.nodes[0];
    expect(rebooted.id).toBe(SEED.nodeId);
    const cached = client.readQuery({ query: gql(NODE), variables: { id: SEED.nodeId } }) as any;
    expect(cached.node.state).toBe(rebooted.state);
    expect(cached.node.state).not.toBe((nested.data as any).hyperNode.nodes[0].state);
  });

  it('urql: queries go as GET with the token (no CSRF refusal); graphcache answers overlapping reads and pages', async () => {
    const { sent, fetchFn } = countingFetch();
    const client = new Client({
      url: `${gateway.url}/graphql`,
      fetch: fetchFn,
      fetchOptions: { headers: { authorization } },
      exchanges: [cacheExchange({ keys: urqlKeys, resolvers: urqlResolvers }), fetchExchange],
    });

    const page1 = await client.query(urqlGql(PAGE), { first: 4 }).toPromise();
    expect(page1.error).toBeUndefined();
    expect(sent).toEqual(['GET']);
    const { endCursor } = page1.data.hyperNodes.pageInfo;
    const page2 = await client.query(urqlGql(PAGE), { first: 4, after: endCursor }).toPromise();
    // relayPagination merges the pages into one list.
    expect(page2.data.hyperNodes.edges).toHaveLength(8);

    // A hypernode the Apollo test did not touch, with its nodes, one of them running (to reboot below).
    let hyperNodeId = '';
    let nested: any;
    for (const edge of page2.data.hyperNodes.edges.slice(4)) {
      nested = await client.query(urqlGql(HYPERNODE_WITH_NODES), { id: edge.node.id }).toPromise();
      expect(nested.error).toBeUndefined();
      if (nested.data.hyperNode.nodes.some((n: any) => n.state === 'RUNNING')) {
        hyperNodeId = edge.node.id;
        break;
      }
    }
    expect(hyperNodeId).not.toBe('');
    expect(nested.data.hyperNode).toMatchObject({ id: hyperNodeId, nodes: expect.arrayContaining([expect.objectContaining({ state: 'RUNNING' })]) });
    expect(sent.every((method) => method === 'GET')).toBe(true);
    const reads = sent.length;

    // The same hypernode with fewer fields: graphcache has every field asked, no request.
    const overlapping = await client.query(urqlGql(`query Summary($id: ID!) { hyperNode(id: $id) { id hostname } }`), { id: hyperNodeId }).toPromise();
    expect(overlapping.data.hyperNode).toMatchObject({ id: hyperNodeId, hostname: nested.data.hyperNode.hostname });
    expect(sent).toHaveLength(reads);

    const nodeId: string = nested.data.hyperNode.nodes.find((n: any) => n.state === 'RUNNING').id;
    const reboot = await client.mutation(urqlGql(REBOOT), { ids: [nodeId] }).toPromise();
    expect(reboot.error).toBeUndefined();
    expect(sent.at(-1)).toBe('POST');
    const rebooted = reboot.data.rebootNodes.nodes[0];
    expect(rebooted.state).not.toBe('RUNNING');
    // The node the nested query brought, updated by the mutation's answer, read from the cache alone.
    const node = await client.query(urqlGql(NODE), { id: nodeId }, { requestPolicy: 'cache-only' }).toPromise();
    expect(node.data?.node).toMatchObject({ id: nodeId, state: rebooted.state });
    expect(sent).toHaveLength(reads + 1);
  });
});
