/**
 * Compression of what the gateway sends (node:zlib through yoga's onResponse): brotli or gzip as the client's
 * Accept-Encoding prefers, for bodies of at least COMPRESS_MIN_BYTES. Streams (Server-Sent Events, multipart) go
 * out as they are, so each event still leaves at once. A body with a strong ETag (the GraphiQL page) is compressed
 * once per encoding and kept; answers are compressed per request at a fast setting.
 */
import { promisify } from 'node:util';
import { brotliCompress, constants, gzip } from 'node:zlib';
import type { Plugin } from 'graphql-yoga';

/** Below this a body goes out as it is: compressing it saves less than the headers cost. */
export const COMPRESS_MIN_BYTES = 1024;

export type Encoding = 'br' | 'gzip';

const brotli = promisify(brotliCompress);
const gzipped = promisify(gzip);
/** Compressed bodies kept by ETag and encoding: a few fixed pages, never answers. */
const MAX_KEPT = 8;

/** The encoding to use for `acceptEncoding`: the client's preference by q-value, brotli on a tie; null for none. */
export function chooseEncoding(acceptEncoding: string | null): Encoding | null {
  if (!acceptEncoding) return null;
  const weights = new Map<string, number>();
  for (const part of acceptEncoding.slice(0, 1024).split(',')) {
    const [name, ...params] = part.trim().toLowerCase().split(';');
    if (!name) continue;
    // A q-value that is not one (RFC 9110 12.4.2) counts as 0: the entry is ignored.
    const q = params.map((p) => p.trim()).find((p) => p.startsWith('q='));
    const weight = q === undefined ? 1 : /^q=(0(\.\d{0,3})?|1(\.0{0,3})?)$/.test(q) ? Number(q.slice(2)) : 0;
    weights.set(name.trim(), weight);
  }
  const weightOf = (encoding: Encoding) => weights.get(encoding) ?? weights.get('*') ?? 0;
  const br = weightOf('br');
  const gz = weightOf('gzip');
  if (br <= 0 && gz <= 0) return null;
  return br >= gz ? 'br' : 'gzip';
}

function compress(body: Uint8Array, encoding: Encoding, thorough: boolean): Promise<Buffer> {
  if (encoding === 'gzip') return gzipped(body, { level: thorough ? 9 : 6 });
  return brotli(body, {
    params: {
      [constants.BROTLI_PARAM_QUALITY]: thorough ? 9 : 4,
      [constants.BROTLI_PARAM_SIZE_HINT]: body.byteLength,
      [constants.BROTLI_PARAM_MODE]: constants.BROTLI_MODE_TEXT,
    },
  });
}

const STREAMED = /^(text\/event-stream|multipart\/)/i;

export function useCompression(): Plugin {
  const kept = new Map<string, Promise<Buffer>>();
  return {
    async onResponse({ request, response, setResponse }) {
      if (request.method === 'HEAD' || !response.body || response.headers.has('content-encoding')) return;
      if (STREAMED.test(response.headers.get('content-type') ?? '')) return;
      const encoding = chooseEncoding(request.headers.get('accept-encoding'));
      if (!encoding) {
        response.headers.append('vary', 'Accept-Encoding');
        return;
      }
      const length = response.headers.get('content-length');
      if (length !== null && Number(length) < COMPRESS_MIN_BYTES) {
        // Small by its own account: no need to read and copy it to find out.
        response.headers.append('vary', 'Accept-Encoding');
        return;
      }
      const headers = new Headers(response.headers);
      headers.append('vary', 'Accept-Encoding');
      const init = { status: response.status, statusText: response.statusText, headers };
      const body = new Uint8Array(await response.arrayBuffer());
      if (body.byteLength < COMPRESS_MIN_BYTES) {
        setResponse(new Response(body, init));
        return;
      }
      const etag = response.headers.get('etag');
      let compressed: Buffer;
      if (etag && !etag.startsWith('W/')) {
        const key = `${encoding} ${etag}`;
        let held = kept.get(key);
        if (!held) {
          if (kept.size >= MAX_KEPT) kept.delete(kept.keys().next().value!);
          held = compress(body, encoding, true);
          held.catch(() => kept.delete(key));
          kept.set(key, held);
        }
        compressed = await held;
        // Another representation of the same content: the validator becomes weak (as nginx does), and matches still.
        headers.set('etag', `W/${etag}`);
      } else {
        compressed = await compress(body, encoding, false);
      }
      headers.set('content-encoding', encoding);
      headers.set('content-length', String(compressed.byteLength));
      setResponse(new Response(new Uint8Array(compressed.buffer as ArrayBuffer, compressed.byteOffset, compressed.byteLength), init));
    },
  };
}
