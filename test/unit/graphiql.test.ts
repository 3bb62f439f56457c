/** GraphiQL as the gateway serves it: its saved examples, its tabs, and a page that needs nothing but the gateway. */
import { createHash } from 'node:crypto';
import { readdirSync } from 'node:fs';
import { getVariableValues, Kind, parse, validate, type OperationDefinitionNode } from 'graphql';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  GRAPHIQL_EXAMPLES,
  graphiqlContentSecurityPolicy,
  graphiqlOptions,
  inlineScripts,
  readExample,
  renderGraphiQLPage,
} from '../../src/graphiql.js';
import { buildSchema } from '../../src/schema.js';
import { SEED, SEED_HUAWEI, startStack, type Stack } from '../helpers/stack.js';

const schema = buildSchema();
const exampleFiles = readdirSync(new URL('../../examples/graphiql/', import.meta.url)).filter((f) => f.endsWith('.graphql'));

/** The operations of an example; a tab is named after its first (RebootAndFollow holds a mutation, then a subscription). */
function operationsOf(file: string): OperationDefinitionNode[] {
  const operations = parse(readExample(file)).definitions.filter((d) => d.kind === Kind.OPERATION_DEFINITION);
  expect(operations.length).toBeGreaterThanOrEqual(1);
  return operations;
}

const operationOf = (file: string): OperationDefinitionNode => operationsOf(file)[0]!;

describe('saved example operations (examples/graphiql)', () => {
  it('are all GraphiQL tabs, and every tab is a file', () => {
    expect(GRAPHIQL_EXAMPLES.map((e) => e.file).sort()).toEqual([...exampleFiles].sort());
  });

  it.each(exampleFiles)('%s parses, names its operations and validates against the schema', (file) => {
    for (const operation of operationsOf(file)) expect(operation.name?.value).toMatch(/^[A-Z][A-Za-z]+$/);
    expect(validate(schema, parse(readExample(file))).map((e) => e.message)).toEqual([]);
  });

  it('has the create-hyper-cluster example call createHyperCluster', () => {
    const operation = operationOf('create-hyper-cluster.graphql');
    expect(operation.operation).toBe('mutation');
    expect(schema.getMutationType()?.getFields().createHyperCluster).toBeDefined();
    expect(operation.selectionSet.selections.map((s) => (s.kind === Kind.FIELD ? s.name.value : s.kind))).toEqual(['createHyperCluster']);
  });

  it.each(GRAPHIQL_EXAMPLES.filter((e) => e.variables))("gives $file's tab variables its operation accepts", ({ file, variables }) => {
    for (const operation of operationsOf(file)) {
      const { errors } = getVariableValues(schema, operation.variableDefinitions ?? [], variables!);
      expect(errors?.map((e) => e.message)).toBeUndefined();
    }
    // and no other: the gateway refuses variables that no operation of the document declares.
    const declared = operationsOf(file).flatMap((operation) => (operation.variableDefinitions ?? []).map((d) => d.variable.name.value));
    expect(Object.keys(variables!).filter((name) => !declared.includes(name))).toEqual([]);
  });
});

describe('GraphiQL options', () => {
  it('open on the seed explorer tab, then one tab per main use', () => {
    const options = graphiqlOptions();
    expect(options.title).toBe('hypernode-gateway');
    const tabs = options.defaultTabs!;
    expect(tabs.map((t) => /(query|mutation|subscription) (\w+)/.exec(t.query!)?.[2])).toEqual([
      'ExploreSeed',
      'HyperNodesOfBothClouds',
      'NodeWithDisks',
      'CreateHyperCluster',
      'FleetOverview',
      'RebootAndFollow',
      'WatchNodes',
    ]);
    expect(tabs[0]!.query).toContain(SEED.hyperNodeId);
    expect(tabs[0]!.query).toContain(SEED_HUAWEI.clusterId);
    expect(tabs[0]!.query).toMatch(/nodes \{[\s\S]*disks \{[\s\S]*sizeGiB/);
    expect(JSON.parse(tabs[2]!.variables!)).toEqual({ id: SEED.nodeId });
    expect(options.defaultQuery).toBe(tabs[0]!.query);
  });

  it('pre-fill no headers by default, and the given headers in every tab and in new tabs', () => {
    const bare = graphiqlOptions();
    expect(bare.headers).toBeUndefined();
    expect(bare.defaultTabs!.every((t) => t.headers === null)).toBe(true);

    const withKey = graphiqlOptions({ headers: { Authorization: 'Bearer dev-key' } });
    expect(JSON.parse(withKey.headers!)).toEqual({ Authorization: 'Bearer dev-key' });
    expect(withKey.defaultHeaders).toBe(withKey.headers);
    expect(withKey.defaultTabs!.every((t) => t.headers === withKey.headers)).toBe(true);
  });
});

describe('the GraphiQL page', () => {
  let stack: Stack;
  beforeAll(async () => (stack = await startStack({ env: { GATEWAY_GRAPHIQL: 'true' } })));
  afterAll(() => stack.stop());

  const openGraphiQL = () => stack.yoga.fetch('http://gateway/graphql', { headers: { accept: 'text/html' } });

  it('is served by the gateway with every asset inline: no URL of another origin is loaded', async () => {
    const response = await openGraphiQL();
    expect(response.status).toBe(200);
    // The page is 9 MB: assert on what is found in it, never on the page itself.
    const html = await response.text();
    expect(html.match(/<title>.*<\/title>/)?.[0]).toBe('<title>hypernode-gateway</title>');
    expect(html.match(/<(script|link|img|iframe)\b[^>]*\b(src|href)\s*=\s*["']?(https?:)?\/\/[^>]*>/gi)).toBeNull();
    expect(html.includes('unpkg.com')).toBe(false);
    expect(html.includes(SEED.hyperNodeId)).toBe(true);
  });

  it('carries a content security policy that names no host and lets only its own inline scripts run', async () => {
    const response = await openGraphiQL();
    const policy = response.headers.get('content-security-policy')!;
    const scripts = inlineScripts(await response.text());
    // The returning-visit fix, then GraphiQL.
    expect(scripts).toHaveLength(2);
    const hashes = scripts.map((script) => `'sha256-${createHash('sha256').update(script, 'utf8').digest('base64')}'`);

    const directives: Record<string, string[]> = Object.fromEntries(policy.split('; ').map((d) => [d.split(' ')[0], d.split(' ').slice(1)]));
    expect(directives['default-src']).toEqual(["'none'"]);
    expect(directives['script-src']).toEqual(hashes);
    expect(directives['connect-src']).toEqual(["'self'"]);
    expect(directives['frame-ancestors']).toEqual(["'none'"]);
    const sources = Object.values(directives).flat();
    expect(sources.filter((s) => !/^('[a-z-]+'|'sha256-[A-Za-z0-9+/=]+'|data:|blob:)$/.test(s))).toEqual([]);
  });

  it('leaves the answers of the API itself alone', async () => {
    const response = await stack.yoga.fetch('http://gateway/graphql', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ query: '{ __typename }' }),
    });
    expect(response.headers.get('content-security-policy')).toBeNull();
  });

  it('refuses options that would end its inline script early', async () => {
    await expect(renderGraphiQLPage({ defaultQuery: '# </script><script>alert(1)</script>' })).rejects.toThrow(/<\/script/);
  });

  it('finds inline scripts as a browser does: up to the first </script, skipping external ones', () => {
    const html = '<script src="/x.js"></script><script>let a = "<script>";</script><SCRIPT type=module>b()</Script>';
    expect(inlineScripts(html)).toEqual(['let a = "<script>";', 'b()']);
    expect(graphiqlContentSecurityPolicy(['b()'])).toContain(
      `script-src 'sha256-${createHash('sha256').update('b()').digest('base64')}'`,
    );
  });
});
