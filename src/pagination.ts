/**
 * Relay connections over several sources (one per cloud and region), walked one after the other. A cursor is
 * opaque: it holds the source it points into, that source's own continuation (a token or an offset) and how many
 * items of that page come before it, so a page never repeats or skips an item whatever each cloud's page size.
 * A failing source is skipped with an error that names it; the others still answer.
 */
import { encodeCursor, listHash, readCursor } from './cursor.js';
import { BadPageTokenError, BadUserInputError } from './errors.js';
import type { Page, ProviderName } from './model.js';
import type { PageRequest } from './providers/provider.js';

export interface Source<T> {
  provider: ProviderName;
  region: string;
  /** Distinguishes sources of one cloud region (e.g. Huawei's HPS and ECS hyper cluster lists). */
  key: string;
  fetch(page: PageRequest): Promise<Page<T>>;
}

export interface Connection<T> {
  edges: Array<{ cursor: string; node: T }>;
  nodes: T[];
  pageInfo: { hasNextPage: boolean; endCursor: string | null };
}

export const DEFAULT_PAGE_SIZE = 20;
/** The largest `first` unless GATEWAY_MAX_PAGE_SIZE says otherwise. */
export const DEFAULT_MAX_PAGE_SIZE = 100;
/** A bound on the pages one connection may read, should a source keep answering empty pages with a token. */
const MAX_FETCHES = 200;
/** Bounds on what a cursor may carry; no cloud pages beyond them. */
const MAX_SKIP = 10_000;
const MAX_TOKEN = 1_024;

interface Position {
  /** Index of the source. */
  s: number;
  /** The source's continuation of the page the position is in; null for its first page. */
  t: string | null;
  /** Items of that page before the position. */
  k: number;
}

interface CursorData extends Position {
  /** Which list the cursor belongs to. */
  l: string;
}

export function checkFirst(first: number | null | undefined, max = DEFAULT_MAX_PAGE_SIZE): number {
  const size = first ?? DEFAULT_PAGE_SIZE;
  if (!Number.isInteger(size) || size < 0) throw new BadUserInputError('first: must be a whole number of 0 or more.', 'first');
  if (size > max) throw new BadUserInputError(`first: must be at most ${max}.`, 'first');
  return size;
}

export async function paginate<T>(
  sources: ReadonlyArray<Source<T>>,
  args: { first?: number | null; after?: string | null },
  onSourceError: (source: Source<T>, error: unknown) => void,
  maxPageSize = DEFAULT_MAX_PAGE_SIZE,
): Promise<Connection<T>> {
  const first = checkFirst(args.first, maxPageSize);
  const list = listKey(sources);
  let position: Position = args.after ? decodeCursor(args.after, list) : { s: 0, t: null, k: 0 };
  // The one position whose token the caller handed in; every later token is the source's own.
  const fromCursor = args.after ? position : null;
  // One item more than asked tells whether a next page exists.
  const wanted = first + 1;
  const collected: Array<{ item: T; after: Position }> = [];
  let fetches = 0;

  while (collected.length < wanted && position.s < sources.length && fetches < MAX_FETCHES) {
    const source = sources[position.s]!;
    fetches += 1;
    let page: Page<T>;
    try {
      page = await source.fetch({ token: position.t, limit: position.k + wanted - collected.length });
    } catch (error) {
      if (error instanceof BadPageTokenError && position === fromCursor && position.t !== null) {
        throw new BadUserInputError('after: the cursor no longer points into this list (its cloud refused the position); start again without after.', 'after');
      }
      onSourceError(source, error);
      position = { s: position.s + 1, t: null, k: 0 };
      continue;
    }
    const endOfPage: Position = page.next ? { s: position.s, t: page.next, k: 0 } : { s: position.s + 1, t: null, k: 0 };
    for (let i = position.k; i < page.items.length && collected.length < wanted; i++) {
      const after = i + 1 < page.items.length ? { s: position.s, t: position.t, k: i + 1 } : endOfPage;
      collected.push({ item: page.items[i]!, after });
    }
    if (collected.length >= wanted) break;
    position = endOfPage;
  }

  // A cursor is encoded only when it is asked for: lists are mostly read as `nodes`, without edges.
  const edges = collected.slice(0, first).map(({ item, after }) => ({
    get cursor() {
      return encodeCursor({ s: after.s, t: after.t, k: after.k, l: list });
    },
    node: item,
  }));
  return {
    edges,
    nodes: edges.map((edge) => edge.node),
    pageInfo: { hasNextPage: collected.length > first, endCursor: edges.at(-1)?.cursor ?? null },
  };
}

function listKey(sources: ReadonlyArray<Source<unknown>>): string {
  return listHash(sources.map((s) => s.key).join('|'));
}

function decodeCursor(cursor: string, list: string): Position {
  const data = readCursor(cursor) as Partial<CursorData> | null;
  const valid =
    data !== null &&
    typeof data === 'object' &&
    Number.isInteger(data.s) &&
    (data.s ?? -1) >= 0 &&
    Number.isInteger(data.k) &&
    (data.k ?? -1) >= 0 &&
    (data.k ?? 0) <= MAX_SKIP &&
    (data.t === null || (typeof data.t === 'string' && data.t.length <= MAX_TOKEN)) &&
    typeof data.l === 'string';
  if (!valid) throw new BadUserInputError('after: not a cursor of this list; pass an endCursor unchanged.', 'after');
  if (data!.l !== list) {
    throw new BadUserInputError('after: the cursor belongs to a different list (other provider, region or filters).', 'after');
  }
  return { s: data!.s!, t: data!.t ?? null, k: data!.k! };
}
