/**
 * Generated and mutated operations, variables and headers thrown at the gateway: whatever arrives, the answer
 * is never a 5xx, never an unmasked or uncoded error, never a secret, and the gateway keeps answering.
 */
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  getNamedType,
  getNullableType,
  isEnumType,
  isLeafType,
  isListType,
  isNonNullType,
  type GraphQLField,
  type GraphQLInputType,
  type GraphQLInterfaceType,
  type GraphQLObjectType,
} from 'graphql';
import { buildSchema } from '../../src/schema.js';
import { ALIBABA_KEY, SEED, startStack, STACK_TOKEN, type Stack } from '../helpers/stack.js';

const IDS = [SEED.hyperNodeId, SEED.nodeId, SEED.clusterId, 'alibaba:cn-beijing:node:e01-cn-missing', 'aws:x:node:y', '', '../../etc'];

/** Valid operations, the seeds mutation starts from. */
const SEEDS = [
  `{ hyperNode(id: "${SEED.hyperNodeId}") { id hostname state nodes { hostname userData disks { sizeGiB type } } } }`,
  `query Nodes($ids: [ID!]!) { nodes(ids: $ids) { id hostname hyperNode { id cluster { name } } } }`,
  `query Page($first: Int, $after: String) { hyperNodes(first: $first, after: $after) { edges { cursor node { id } } pageInfo { hasNextPage endCursor } } }`,
  `{ hyperClusters(first: 2) { nodes { id name networks { subnetId } hyperNodes(first: 3) { nodes { id } } } } }`,
  `query One($id: ID!) { node(id: $id) { ...N } } fragment N on Node { id status state createdAt expiresAt }`,
  `{ a: hyperNode(id: "${SEED.hyperNodeId}") { __typename ... on Resource { region } } b: __typename }`,
];

const schema = buildSchema();

/** A literal for an argument of `type`: mostly plausible, sometimes of the wrong kind. */
function literalFor(type: GraphQLInputType): fc.Arbitrary<string> {
  const named = getNamedType(type);
  const plausible: fc.Arbitrary<string> = isListType(getNullableType(type))
    ? fc.array(fc.constantFrom(...IDS), { maxLength: 5 }).map((ids) => JSON.stringify(ids))
    : isEnumType(named)
      ? fc.constantFrom(...named.getValues().map((v) => v.name))
      : named.name === 'Int'
        ? fc.integer({ min: -2, max: 150 }).map(String)
        : named.name === 'ID'
          ? fc.constantFrom(...IDS).map((id) => JSON.stringify(id))
          : fc.oneof(fc.constantFrom('cn-wulanchabu', 'cn-beijing', 'eyJzIjowfQ', ''), fc.string({ maxLength: 12 })).map((v) => JSON.stringify(v));
  return fc.oneof({ arbitrary: plausible, weight: 12 }, { arbitrary: fc.constantFrom('null', '1.5', 'true', '"x"', 'NOPE', '[]', '$first'), weight: 1 });
}

function argumentsFor(field: GraphQLField<unknown, unknown>): fc.Arbitrary<string> {
  if (field.args.length === 0) return fc.constant('');
  return fc
    .tuple(...field.args.map((arg) => isNonNullType(arg.type) ? literalFor(arg.type) : fc.option(literalFor(arg.type), { nil: undefined, freq: 2 })))
    .map((values) => {
      const given = field.args.flatMap((arg, i) => (values[i] === undefined ? [] : [`${arg.name}: ${values[i]}`]));
      return given.length ? `(${given.join(', ')})` : '';
    });
}

/** A selection on `type` from its real fields, `depth` levels at most, with aliases and directives now and then. */
function selectionOn(type: GraphQLObjectType | GraphQLInterfaceType, depth: number): fc.Arbitrary<string> {
  const fields = Object.values(type.getFields());
  const field = fc.constantFrom(...fields).chain((f) => {
    const named = getNamedType(f.type);
    const below = isLeafType(named) ? fc.constant('') : depth <= 0 ? fc.constant('{ __typename }') : selectionOn(named as GraphQLObjectType, depth - 1);
    return fc
      .tuple(fc.boolean(), argumentsFor(f), fc.constantFrom('', '', '', '', ' @include(if: false)', ' @skip(if: false)'), below)
      .map(([aliased, args, directive, sub]) => (alias: string) => `${aliased ? `${alias}: ` : ''}${f.name}${args}${directive} ${sub}`);
  });
  // Aliases unique in their selection set, so that most operations pass validation and reach the resolvers.
  return fc.array(field, { minLength: 1, maxLength: 4 }).map((picked) => `{ ${picked.map((withAlias, i) => withAlias(`f${i}`)).join(' ')} }`);
}

const generated = fc
  .tuple(fc.constantFrom('', '', 'query', 'query Q', 'mutation', 'subscription'), fc.integer({ min: 0, max: 5 }))
  .chain(([head, depth]) => selectionOn(schema.getQueryType()!, depth).map((selection) => `${head} ${selection}`));

/** A valid operation with characters inserted, removed, repeated or swapped. */
const mutated = fc
  .tuple(
    fc.constantFrom(...SEEDS),
    fc.array(fc.tuple(fc.nat(), fc.nat({ max: 12 }), fc.constantFrom('insert', 'delete', 'repeat'), fc.string({ maxLength: 6 })), { minLength: 1, maxLength: 4 }),
  )
  .map(([seed, edits]) =>
    edits.reduce((text, [at, length, kind, chars]) => {
      const i = at % (text.length + 1);
      if (kind === 'insert') return text.slice(0, i) + chars + text.slice(i);
      if (kind === 'delete') return text.slice(0, i) + text.slice(i + length);
      return text.slice(0, i) + text.slice(i, i + length).repeat(50) + text.slice(i);
    }, seed),
  );

const operation = fc.oneof({ arbitrary: generated, weight: 4 }, { arbitrary: mutated, weight: 4 }, { arbitrary: fc.string({ maxLength: 200 }), weight: 1 });

const variableValue = fc.oneof(
  fc.constantFrom(...IDS),
  fc.array(fc.constantFrom(...IDS), { maxLength: 5 }),
  fc.integer({ min: -2, max: 150 }),
  fc.boolean(),
  fc.jsonValue({ maxDepth: 2 }),
);
const variables = fc.oneof(
  { arbitrary: fc.dictionary(fc.constantFrom('id', 'ids', 'first', 'after', 'flag', 'n'), variableValue), weight: 4 },
  { arbitrary: fc.jsonValue({ maxDepth: 2 }), weight: 1 },
  { arbitrary: fc.constant(undefined), weight: 1 },
);

const authorization = fc.oneof(
  { arbitrary: fc.constant(`Bearer ${STACK_TOKEN}`), weight: 6 },
  { arbitrary: fc.constantFrom(`bearer ${STACK_TOKEN}`, `Bearer  ${STACK_TOKEN}`, `Bearer ${STACK_TOKEN}x`, `Bearer ${STACK_TOKEN.slice(1)}`, 'Bearer a.b.c', 'Bearer ', 'Basic eDp5'), weight: 2 },
  { arbitrary: fc.string({ maxLength: 40 }).map((s) => `Bearer ${s}`), weight: 1 },
  { arbitrary: fc.constant(undefined), weight: 1 },
);

/** How a well-behaved client sends an operation. */
const wellFormed = fc.record({
  method: fc.constant('POST'),
  authorization: fc.constant(`Bearer ${STACK_TOKEN}`),
  contentType: fc.constant('application/json'),
  accept: fc.constantFrom('application/json', 'application/graphql-response+json', undefined),
  csrfHeader: fc.constant(false),
  bodyShape: fc.constant('params'),
});

/** Anything else a client may send around it. */
const anyEnvelope = fc.record({
  method: fc.constantFrom('POST', 'GET', 'PUT'),
  authorization,
  contentType: fc.option(fc.constantFrom('application/json', 'application/graphql', 'text/plain', 'application/x-www-form-urlencoded', 'multipart/form-data', 'application/json; charset=latin1', 'x/y'), { nil: undefined }),
  accept: fc.option(fc.constantFrom('application/json', 'application/graphql-response+json', 'text/event-stream', 'multipart/mixed', 'text/html', '*/*', 'x/y'), { nil: undefined }),
  csrfHeader: fc.boolean(),
  bodyShape: fc.constantFrom('params', 'array', 'query only', 'raw'),
});

const request = fc
  .tuple(
    fc.record({
      query: operation,
      variables,
      operationName: fc.oneof({ arbitrary: fc.constant(undefined), weight: 6 }, { arbitrary: fc.constantFrom('Q', 'Nodes', 'Page', 'One', 'X', ''), weight: 1 }),
    }),
    fc.oneof({ arbitrary: wellFormed, weight: 3 }, { arbitrary: anyEnvelope, weight: 1 }),
  )
  .map(([params, envelope]) => ({ ...params, ...envelope }));

type FuzzRequest = typeof request extends fc.Arbitrary<infer T> ? T : never;

function toFetch({ method, query, variables, operationName, authorization, contentType, accept, csrfHeader, bodyShape }: FuzzRequest): [string, RequestInit] {
  const headers: Record<string, string> = {};
  if (authorization !== undefined) headers['authorization'] = authorization;
  if (contentType) headers['content-type'] = contentType;
  if (accept) headers['accept'] = accept;
  if (csrfHeader) headers['x-graphql-yoga-csrf'] = '1';
  const params = { query, variables, operationName };
  if (method === 'GET') {
    const search = new URLSearchParams({ query });
    if (variables !== undefined) search.set('variables', JSON.stringify(variables));
    if (operationName !== undefined) search.set('operationName', operationName);
    return [`http://gateway/graphql?${search}`, { method, headers }];
  }
  const body =
    bodyShape === 'params' ? JSON.stringify(params)
    : bodyShape === 'array' ? JSON.stringify([params, params])
    : bodyShape === 'query only' ? query
    : `${JSON.stringify(params).slice(0, -3)}`;
  return ['http://gateway/graphql', { method, headers, body }];
}

const KNOWN_CODES = new Set([
  'BAD_REQUEST', 'BAD_USER_INPUT', 'UNAUTHENTICATED', 'FORBIDDEN', 'RATE_LIMITED', 'OPERATION_LIMIT_EXCEEDED', 'NOT_FOUND', 'CONFLICT',
  'UPSTREAM_AUTH', 'UPSTREAM_THROTTLED', 'UPSTREAM_TIMEOUT', 'UPSTREAM_UNAVAILABLE', 'UPSTREAM_ERROR', 'UNSUPPORTED_BY_PROVIDER',
  'GRAPHQL_PARSE_FAILED', 'GRAPHQL_VALIDATION_FAILED', 'OPERATION_RESOLUTION_FAILURE', 'REQUEST_ENTITY_TOO_LARGE',
  'PERSISTED_QUERY_NOT_FOUND', 'TRUSTED_DOCUMENT_REQUIRED',
]);

/** The server context of a request from the fuzzer's own client address. */
const FUZZER = { req: { socket: { remoteAddress: '192.0.2.1' } } };

describe('the gateway under generated and mutated requests', () => {
  let stack: Stack;
  beforeAll(async () => {
    stack = await startStack({ env: { GATEWAY_RATE_LIMIT_BURST: '100000', GATEWAY_RATE_LIMIT_PER_SECOND: '100000' } });
  });
  afterAll(() => stack.stop());

  it('never answers 5xx, an unmasked or uncoded error, or a secret, and keeps answering', async () => {
    await fc.assert(
      fc.asyncProperty(request, async (generatedRequest) => {
        const [url, init] = toFetch(generatedRequest);
        // From an address of its own: its bad tokens get that address throttled (429), not the client checked below.
        const response = await stack.yoga.fetch(url, init, FUZZER);
        const text = await response.text();
        expect(response.status).toBeLessThan(500);
        for (const secret of [STACK_TOKEN, ALIBABA_KEY.accessKeySecret, stack.alibaba.url]) expect(text).not.toContain(secret);
        expect(text).not.toMatch(/"stack"|"originalError"|\bat .+\.(ts|js):\d+/);
        if (!(response.headers.get('content-type') ?? '').includes('json')) return;
        const body = JSON.parse(text) as { errors?: Array<{ message: string; extensions?: { code?: string } }> };
        for (const error of body.errors ?? []) {
          expect(error.extensions?.code, error.message).toSatisfy((code: unknown) => typeof code === 'string' && KNOWN_CODES.has(code));
        }
      }),
      { numRuns: 400 },
    );
    const after = await stack.query(`{ hyperNode(id: "${SEED.hyperNodeId}") { hostname } }`);
    expect(after.data).toEqual({ hyperNode: { hostname: SEED.hostname } });
  });
});
