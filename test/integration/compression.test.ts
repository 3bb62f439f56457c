/** Answers and the GraphiQL page compressed as the client accepts; the page cacheable by ETag. */
import { brotliDecompressSync, gunzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chooseEncoding, COMPRESS_MIN_BYTES, useCompression } from '../../src/compression.js';
import { SEED, startStack, STACK_TOKEN, type Stack } from '../helpers/stack.js';

const LIST = '{ hyperNodes(first: 20) { nodes { id hostname machineType state } } }';

describe('compression and the cacheable GraphiQL page', () => {
  let stack: Stack;
  beforeAll(async () => {
    stack = await startStack({ env: { GATEWAY_GRAPHIQL: 'true' } });
  });
  afterAll(() => stack.stop());

  const post = (document: string, acceptEncoding?: string) =>
    stack.yoga.fetch('http://gateway/graphql', {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        accept: 'application/json',
        authorization: `Bearer ${STACK_TOKEN}`,
        ...(acceptEncoding !== undefined && { 'accept-encoding': acceptEncoding }),
      },
      body: JSON.stringify({ query: document }),
    });
  const page = (headers: Record<string, string> = {}) => stack.yoga.fetch('http://gateway/graphql', { headers: { accept: 'text/html', ...headers } });

  it('compresses a large answer with brotli or gzip as accepted, and the answer is the same', async () => {
    const plain = await post(LIST);
    expect(plain.headers.get('content-encoding')).toBeNull();
    const text = await plain.text();
    expect(text.length).toBeGreaterThan(COMPRESS_MIN_BYTES);

    const br = await post(LIST, 'gzip, deflate, br');
    expect(br.headers.get('content-encoding')).toBe('br');
    expect(br.headers.get('vary')).toMatch(/accept-encoding/i);
    const brBytes = Buffer.from(await br.arrayBuffer());
    expect(Number(br.headers.get('content-length'))).toBe(brBytes.byteLength);
    expect(brBytes.byteLength).toBeLessThan(text.length / 2);
    expect(JSON.parse(brotliDecompressSync(brBytes).toString('utf8'))).toEqual(JSON.parse(text));

    const gz = await post(LIST, 'gzip');
    expect(gz.headers.get('content-encoding')).toBe('gzip');
    expect(JSON.parse(gunzipSync(Buffer.from(await gz.arrayBuffer())).toString('utf8'))).toEqual(JSON.parse(text));
  });

  it('leaves small answers, refused encodings and unknown ones as they are', async () => {
    const small = await post(`{ hyperNode(id: "${SEED.hyperNodeId}") { hostname } }`, 'br, gzip');
    expect(small.headers.get('content-encoding')).toBeNull();
    expect(((await small.json()) as { data: unknown }).data).toEqual({ hyperNode: { hostname: SEED.hostname } });
    for (const refused of ['identity', 'br;q=0, gzip;q=0', 'zstd', 'compress']) {
      const answer = await post(LIST, refused);
      expect(answer.headers.get('content-encoding'), refused).toBeNull();
      expect(((await answer.json()) as { errors?: unknown }).errors).toBeUndefined();
    }
  });

  it('serves GraphiQL compressed to about a quarter or less, with an ETag and Cache-Control, and 304 on If-None-Match', async () => {
    const plain = await page();
    expect(plain.status).toBe(200);
    const etag = plain.headers.get('etag')!;
    expect(etag).toMatch(/^"[A-Za-z0-9_-]+"$/);
    expect(plain.headers.get('cache-control')).toBe('private, no-cache');
    expect(plain.headers.get('content-security-policy')).toContain("default-src 'none'");
    const html = await plain.text();

    const br = await page({ 'accept-encoding': 'gzip, br' });
    expect(br.headers.get('content-encoding')).toBe('br');
    expect(br.headers.get('etag')).toBe(`W/${etag}`);
    expect(br.headers.get('content-security-policy')).toBe(plain.headers.get('content-security-policy'));
    const bytes = Buffer.from(await br.arrayBuffer());
    expect(bytes.byteLength).toBeLessThan(Buffer.byteLength(html) / 4);
    expect(brotliDecompressSync(bytes).toString('utf8')).toBe(html);

    for (const validator of [etag, `W/${etag}`, `"other", ${etag}`]) {
      const again = await page({ 'accept-encoding': 'br', 'if-none-match': validator });
      expect(again.status, validator).toBe(304);
      expect(again.headers.get('etag')).toBe(etag);
      expect(await again.text()).toBe('');
    }
    expect((await page({ 'if-none-match': '"stale"' })).status).toBe(200);
  }, 120_000);
});

describe('useCompression on streams', () => {
  it.each(['text/event-stream', 'multipart/mixed; boundary="-"'])('leaves a %s answer as it is, so each part leaves at once', async (type) => {
    const onResponse = useCompression().onResponse!;
    const response = new Response('x'.repeat(4 * COMPRESS_MIN_BYTES), { headers: { 'content-type': type } });
    let replaced = false;
    await onResponse({
      request: new Request('http://gateway/graphql', { headers: { 'accept-encoding': 'br, gzip' } }),
      response,
      setResponse: () => {
        replaced = true;
      },
    } as unknown as Parameters<typeof onResponse>[0]);
    expect(replaced).toBe(false);
    expect(response.headers.get('content-encoding')).toBeNull();
  });
});

describe('chooseEncoding', () => {
  it.each([
    [null, null],
    ['', null],
    ['gzip', 'gzip'],
    ['br', 'br'],
    ['gzip, br', 'br'],
    ['br;q=0.5, gzip', 'gzip'],
    ['br;q=0, gzip;q=0', null],
    ['*', 'br'],
    ['*;q=0, gzip', 'gzip'],
    ['deflate, identity', null],
    ['br;q=junk, gzip;q=0.1', 'gzip'],
  ])('%j → %j', (header, expected) => {
    expect(chooseEncoding(header)).toBe(expected);
  });
});
