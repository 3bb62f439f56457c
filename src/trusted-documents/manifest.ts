/**
 * A trusted-documents manifest: the client preset's persisted-documents.json, `{ "sha256:<hex>": "<document>" }`
 * (keys without the `sha256:` prefix are taken too). Every entry must hash to its key: a manifest that does not is
 * refused whole, naming the entry.
 */
import { createHash } from 'node:crypto';
import { readFileSync, statSync } from 'node:fs';

/** Far above what a frontend ships; bounds what start-up reads into memory. */
export const MAX_MANIFEST_BYTES = 10_000_000;
export const MAX_MANIFEST_ENTRIES = 10_000;

const KEY = /^(?:sha256:)?([0-9a-f]{64})$/;

export const sha256Hex = (text: string): string => createHash('sha256').update(text, 'utf8').digest('hex');

/** The hex hash a client names (`sha256:<hex>` or `<hex>`), or null for anything else. */
export function documentHash(id: string): string | null {
  return KEY.exec(id)?.[1] ?? null;
}

/** Reads the manifest at `path`: documents by hex hash. Throws an Error whose message is one line, for config. */
export function readManifest(path: string): Map<string, string> {
  let text: string;
  try {
    if (statSync(path).size > MAX_MANIFEST_BYTES) throw new Error(`larger than ${MAX_MANIFEST_BYTES} bytes`);
    text = readFileSync(path, 'utf8');
  } catch (error) {
    throw new Error(`cannot read ${path}: ${(error as Error).message.split('\n')[0]}`);
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    throw new Error(`${path} is not JSON`);
  }
  if (!parsed || typeof parsed !== 'object' || Array.isArray(parsed)) throw new Error(`${path} is not an object of "sha256:<hash>": "<document>"`);
  const entries = Object.entries(parsed as Record<string, unknown>);
  if (entries.length > MAX_MANIFEST_ENTRIES) throw new Error(`${path} holds more than ${MAX_MANIFEST_ENTRIES} documents`);
  const documents = new Map<string, string>();
  for (const [key, document] of entries) {
    const hash = documentHash(key);
    if (hash === null || typeof document !== 'string') throw new Error(`${path}: entry "${key.slice(0, 80)}" is not "sha256:<64 hex>": "<document>"`);
    if (sha256Hex(document) !== hash) throw new Error(`${path}: the document of "${key.slice(0, 80)}" does not hash to it`);
    documents.set(hash, document);
  }
  return documents;
}
