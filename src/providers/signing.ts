/** Pieces both clouds' request signatures share: hashing and RFC 3986 encoding. */
import { createHash, createHmac, timingSafeEqual } from 'node:crypto';

export const EMPTY_SHA256 = 'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855';

export function sha256Hex(data: string | Uint8Array): string {
  return createHash('sha256').update(data).digest('hex');
}

export function hmacSha256Hex(key: string, data: string): string {
  return createHmac('sha256', key).update(data).digest('hex');
}

/** Percent-encodes everything but RFC 3986's unreserved characters `A-Z a-z 0-9 - _ . ~`, with upper-case hex. */
export function percentEncode(value: string): string {
  return encodeURIComponent(value).replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
}

/** `k=v&k=v` sorted by key, then by value; keys and values percent-encoded; an empty value is written `k=`. */
export function canonicalQueryString(params: ReadonlyArray<readonly [string, string]>): string {
  return params
    .map(([key, value]) => [percentEncode(key), percentEncode(value)] as const)
    .sort(([ka, va], [kb, vb]) => (ka < kb ? -1 : ka > kb ? 1 : va < vb ? -1 : va > vb ? 1 : 0))
    .map(([key, value]) => `${key}=${value}`)
    .join('&');
}

/**
 * Canonical headers of the names `include` accepts: lower-cased names, trimmed values, sorted by name, a repeated
 * name's values sorted and joined by commas. Returns the block (each line ending `\n`) and the `;`-joined names.
 */
export function canonicalHeaders(
  headers: ReadonlyArray<readonly [string, string]>,
  include: (lowerName: string) => boolean,
): { block: string; signedHeaders: string } {
  const byName = new Map<string, string[]>();
  for (const [name, value] of headers) {
    const lower = name.toLowerCase();
    if (!include(lower)) continue;
    const values = byName.get(lower) ?? [];
    values.push(value.trim());
    byName.set(lower, values);
  }
  const names = [...byName.keys()].sort();
  const block = names.map((name) => `${name}:${byName.get(name)!.sort().join(',')}\n`).join('');
  return { block, signedHeaders: names.join(';') };
}

/** A request as both clouds' signatures see it. */
export interface SignableRequest {
  method: string;
  path: string;
  query: ReadonlyArray<readonly [string, string]>;
  headers: ReadonlyArray<readonly [string, string]>;
  bodyHash: string;
}

/**
 * The canonical request both clouds sign: method, URI, query, the headers `include` accepts, their names, and the
 * body hash, one a line. Each cloud says which headers it signs and how it writes the URI.
 */
export function canonicalRequest(
  request: SignableRequest,
  include: (lowerName: string) => boolean,
  uri: (path: string) => string = (path) => path,
): { canonical: string; signedHeaders: string } {
  const { block, signedHeaders } = canonicalHeaders(request.headers, include);
  const canonical = [request.method, uri(request.path), canonicalQueryString(request.query), block, signedHeaders, request.bodyHash].join('\n');
  return { canonical, signedHeaders };
}

/** Compares two hex signatures in constant time. */
export function sameSignature(a: string, b: string): boolean {
  const left = Buffer.from(a, 'utf8');
  const right = Buffer.from(b, 'utf8');
  return left.length === right.length && timingSafeEqual(left, right);
}

/** Splits `a=1&b=&c` into decoded pairs, keeping repeated keys and empty values. */
export function parseQueryPairs(search: string): Array<[string, string]> {
  return [...new URLSearchParams(search)].map(([k, v]) => [k, v]);
}

/** The parts of a signed Authorization header that a verifier needs. */
export interface SignedAuthorization {
  accessKeyId: string;
  signedHeaders: string[];
  signature: string;
}

/**
 * Reads `<scheme> <keyField>=.., SignedHeaders=a;b, Signature=..`; null when the scheme differs or a part is missing.
 * Both clouds' headers have this form (Alibaba's key field is `Credential`, Huawei's `Access`; Alibaba writes no
 * spaces after the commas, Huawei does).
 */
export function parseSignedAuthorization(header: string, scheme: string, keyField: string): SignedAuthorization | null {
  if (!header.startsWith(`${scheme} `)) return null;
  const fields = new Map<string, string>();
  for (const part of header.slice(scheme.length + 1).split(',')) {
    const eq = part.indexOf('=');
    if (eq > 0) fields.set(part.slice(0, eq).trim(), part.slice(eq + 1).trim());
  }
  const accessKeyId = fields.get(keyField);
  const signedHeaders = fields.get('SignedHeaders');
  const signature = fields.get('Signature');
  if (!accessKeyId || !signedHeaders || !signature) return null;
  return { accessKeyId, signedHeaders: signedHeaders.split(';'), signature };
}
