/**
 * Trusted documents (GATEWAY_TRUSTED_DOCUMENTS, the client preset's manifest of examples/frontend) and automatic
 * persisted queries, as frontends send them: by hash (`documentId` or APQ's `extensions.persistedQuery`), or
 * their text.
 */
import { createHash } from 'node:crypto';
import { fileURLToPath } from 'node:url';
import { ApolloClient, HttpLink, InMemoryCache, gql } from '@apollo/client';
import { PersistedQueryLink } from '@apollo/client/link/persisted-queries';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config/index.js';
import { createLogger } from '../../src/logger.js';
import { readManifest } from '../../src/trusted-documents/manifest.js';
import { SEED, STACK_TOKEN, startStack, type Stack } from '../helpers/stack.js';

const MANIFEST = fileURLToPath(new URL('../../examples/frontend/generated/persisted-documents.json', import.meta.url));
const documents = [...readManifest(MANIFEST)];
const [hash, text] = documents.find(([, doc]) => doc.startsWith('query HyperNodeWithNodes('))!;
const FREE = '{ hyperNode(id: "alibaba:cn-wulanchabu:hypernode:e01-cn-zvp2tgykr08") { hostname } }';
const KEYS = 'frontend=frontend-key-000000000000:read,explorer=explorer-key-000000000000:read+explore';

async function send(stack: Stack, token: string, body: Record<string, unknown>) {
  const response = await stack.yoga.fetch('http://gateway/graphql', {
    method: 'POST',
    headers: { 'content-type': 'application/json', accept: 'application/graphql-response+json', authorization: `Bearer ${token}` },
    body: JSON.stringify(body),
  });
  return { status: response.status, ...((await response.json()) as { data?: Record<string, unknown> | null; errors?: Array<{ message: string; extensions?: Record<string, unknown> }> }) };
}
const apq = (sha256Hash: string) => ({ persistedQuery: { version: 1, sha256Hash } });

describe('trusted documents, enforced', () => {
  let stack: Stack;
  beforeAll(async () => {
    stack = await startStack({
      env: { GATEWAY_API_KEYS: KEYS, GATEWAY_TRUSTED_DOCUMENTS: MANIFEST, GATEWAY_TRUSTED_DOCUMENTS_MODE: 'enforce', GATEWAY_TRUSTED_DOCUMENTS_BYPASS_SCOPE: 'explore' },
    });
  });
  afterAll(() => stack.stop());

  it('runs a manifest document by documentId, by APQ hash, and by its exact text', async () => {
    for (const body of [
      { documentId: `sha256:${hash}`, variables: { id: SEED.hyperNodeId } },
      { extensions: apq(hash), variables: { id: SEED.hyperNodeId } },
      { query: text, variables: { id: SEED.hyperNodeId } },
    ]) {
      const answer = await send(stack, 'frontend-key-000000000000', body);
      expect(answer.errors).toBeUndefined();
      expect(answer.data).toMatchObject({ hyperNode: { hostname: SEED.hostname } });
    }
  });

  it('refuses any other document before it runs, unless the caller holds the bypass scope', async () => {
    stack.resetCalls();
    const refused = await send(stack, 'frontend-key-000000000000', { query: FREE });
    expect(refused.status).toBe(403);
    expect(refused.errors?.[0]?.extensions).toMatchObject({ code: 'TRUSTED_DOCUMENT_REQUIRED' });
    expect(stack.upstreamCalls()).toBe(0);
    // Registering it by APQ does not make it trusted.
    const sha = createHash('sha256').update(FREE).digest('hex');
    expect((await send(stack, 'frontend-key-000000000000', { query: FREE, extensions: apq(sha) })).status).toBe(403);
    expect((await send(stack, 'frontend-key-000000000000', { extensions: apq(sha) })).errors?.[0]?.message).toBe('PersistedQueryNotFound');

    const explorer = await send(stack, 'explorer-key-000000000000', { query: FREE });
    expect(explorer.data).toEqual({ hyperNode: { hostname: SEED.hostname } });
  });

  it('answers an unknown or malformed hash with a coded error', async () => {
    const unknown = await send(stack, 'frontend-key-000000000000', { documentId: `sha256:${'0'.repeat(64)}` });
    expect(unknown.errors?.[0]).toMatchObject({ message: 'PersistedQueryNotFound', extensions: { code: 'PERSISTED_QUERY_NOT_FOUND' } });
    const malformed = await send(stack, 'frontend-key-000000000000', { documentId: 'md5:abc' });
    expect(malformed.status).toBe(400);
    expect(malformed.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_REQUEST' });
    const lying = await send(stack, 'explorer-key-000000000000', { query: FREE, extensions: apq(hash) });
    expect(lying.status).toBe(400);
  });
});

describe('trusted documents, logged', () => {
  it('runs a document outside the manifest, logging and counting it', async () => {
    const lines: string[] = [];
    const stack = await startStack({
      env: { GATEWAY_API_KEYS: KEYS, GATEWAY_TRUSTED_DOCUMENTS: MANIFEST, GATEWAY_TRUSTED_DOCUMENTS_MODE: 'log' },
      logger: createLogger('info', { write: (line: string) => void lines.push(line) }),
    });
    try {
      const answer = await send(stack, 'frontend-key-000000000000', { query: FREE });
      expect(answer.data).toEqual({ hyperNode: { hostname: SEED.hostname } });
      await send(stack, 'frontend-key-000000000000', { query: text, variables: { id: SEED.hyperNodeId } });
      const logged = lines.map((line) => JSON.parse(line) as Record<string, unknown>).filter((l) => l['msg'] === 'document outside the trusted-documents manifest');
      expect(logged).toEqual([expect.objectContaining({ mode: 'log', outcome: 'run', principal: 'api-key:frontend', hash: createHash('sha256').update(FREE).digest('hex') })]);
      const metric = await stack.runtime.metrics.registry.getSingleMetricAsString('gateway_untrusted_documents_total');
      expect(metric).toContain('gateway_untrusted_documents_total{mode="log",outcome="run"} 1');
    } finally {
      await stack.stop();
    }
  });
});

describe('automatic persisted queries', () => {
  it("Apollo Client's persisted-query link: a miss registers the document, the next request is hash-only", async () => {
    const stack = await startStack();
    try {
      const sent: Array<{ hasQuery: boolean }> = [];
      const fetchFn: typeof fetch = async (input, init) => {
        const body = JSON.parse(String(init?.body)) as { query?: string };
        sent.push({ hasQuery: typeof body.query === 'string' });
        return stack.yoga.fetch(new Request(String(input), init));
      };
      const sha256 = (query: string) => createHash('sha256').update(query).digest('hex');
      const client = () =>
        new ApolloClient({
          link: new PersistedQueryLink({ sha256 }).concat(new HttpLink({ uri: 'http://gateway/graphql', headers: { authorization: `Bearer ${STACK_TOKEN}` }, fetch: fetchFn })),
          cache: new InMemoryCache(),
        });
      const query = gql(`query Seed { hyperNode(id: "${SEED.hyperNodeId}") { id hostname } }`);
      const first = await client().query({ query });
      expect((first.data as { hyperNode: { hostname: string } }).hyperNode.hostname).toBe(SEED.hostname);
      expect(sent).toEqual([{ hasQuery: false }, { hasQuery: true }]);
      // Another client (a fresh cache): the gateway knows the hash now.
      const second = await client().query({ query });
      expect((second.data as { hyperNode: { hostname: string } }).hyperNode.hostname).toBe(SEED.hostname);
      expect(sent).toEqual([{ hasQuery: false }, { hasQuery: true }, { hasQuery: false }]);
    } finally {
      await stack.stop();
    }
  });
});

describe('trusted-documents settings', () => {
  it.each([
    [{ GATEWAY_TRUSTED_DOCUMENTS: '/nonexistent/manifest.json' }, /^GATEWAY_TRUSTED_DOCUMENTS: cannot read \/nonexistent\/manifest.json/],
    [{ GATEWAY_TRUSTED_DOCUMENTS: MANIFEST, GATEWAY_TRUSTED_DOCUMENTS_MODE: 'strict' }, /^GATEWAY_TRUSTED_DOCUMENTS_MODE: must be log or enforce/],
    [{ GATEWAY_TRUSTED_DOCUMENTS_MODE: 'log' }, /^GATEWAY_TRUSTED_DOCUMENTS_MODE: needs GATEWAY_TRUSTED_DOCUMENTS/],
    [{ GATEWAY_TRUSTED_DOCUMENTS: MANIFEST, GATEWAY_TRUSTED_DOCUMENTS_BYPASS_SCOPE: 'admin' }, /^GATEWAY_TRUSTED_DOCUMENTS_BYPASS_SCOPE: must be one of/],
    [{ GATEWAY_TRUSTED_DOCUMENTS: fileURLToPath(new URL('../../package.json', import.meta.url)) }, /^GATEWAY_TRUSTED_DOCUMENTS: .* entry "name" is not/],
  ])('refuses %o with one line naming the variable', (env, line) => {
    try {
      loadConfig(env);
      expect.unreachable();
    } catch (error) {
      expect((error as { problems: string[] }).problems).toEqual([expect.stringMatching(line)]);
    }
  });

  it('defaults to enforce, with no bypass scope', () => {
    expect(loadConfig({ GATEWAY_TRUSTED_DOCUMENTS: MANIFEST }).graphql.trustedDocuments).toMatchObject({ mode: 'enforce', bypassScope: null });
  });
});
