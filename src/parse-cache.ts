/**
 * Yoga's caches of parsed documents and of parse errors, keyed on the query text, bounded in bytes as well as in
 * entries: yoga's own hold 1,024 of each whatever their size, so distinct large documents from one caller (a long
 * string literal is one token) would keep hundreds of MB.
 */
import type { DocumentNode } from 'graphql';
import type { YogaServerOptions } from 'graphql-yoga';
import { LRUCache } from 'lru-cache';

/** Bytes the parsed documents may hold, counted as twice the text plus a fixed share for the tree. */
export const DOCUMENT_CACHE_BYTES = 16 * 1024 * 1024;
/** Bytes the parse errors may hold: each keeps the text it failed on. */
export const PARSE_ERROR_CACHE_BYTES = 4 * 1024 * 1024;
const MAX_ENTRIES = 1024;
const ENTRY_OVERHEAD_BYTES = 4096;
const HOUR_MS = 3_600_000;

const bytesOf = (_value: unknown, text: string) => 2 * text.length + ENTRY_OVERHEAD_BYTES;

export function boundedParserCache(): NonNullable<YogaServerOptions<object, object>['parserAndValidationCache']> {
  return {
    documentCache: new LRUCache<string, DocumentNode>({ max: MAX_ENTRIES, maxSize: DOCUMENT_CACHE_BYTES, sizeCalculation: bytesOf, ttl: HOUR_MS }),
    errorCache: new LRUCache<string, object>({ max: MAX_ENTRIES, maxSize: PARSE_ERROR_CACHE_BYTES, sizeCalculation: bytesOf, ttl: HOUR_MS }),
    validationCache: true,
  };
}
