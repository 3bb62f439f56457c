/**
 * What a well-shaped answer must still get right: to be about the object asked for, and to hold no more items than
 * asked. Either failing is UPSTREAM_ERROR naming the cloud and region; nothing of the answer is served.
 */
import { providerLabel, UpstreamError, type UpstreamErrorDetails } from '../errors.js';

type Target = Pick<UpstreamErrorDetails, 'provider' | 'region' | 'operation'>;

/** Pages one walk of a list may take: a cloud that never stops giving a next page is refused, not followed for ever. */
export const MAX_WALK_PAGES = 200;

/** `answer` when its ID is `asked`; an answer about another object is never served as the one asked for. */
export function sameObject<T>(answer: T, answeredId: string, asked: string, target: Target): T {
  if (answeredId === asked) return answer;
  throw new UpstreamError('UPSTREAM_ERROR', `${providerLabel(target.provider)} ${target.region} answered ${target.operation} about another object than the one asked for.`, target);
}

/** `items` when they are at most `asked`; a longer page is refused (its continuation points past what cutting drops). */
export function withinPage<T>(items: readonly T[] | undefined, asked: number, target: Target): readonly T[] {
  if (!items) return [];
  if (items.length <= asked) return items;
  throw new UpstreamError('UPSTREAM_ERROR', `${providerLabel(target.provider)} ${target.region} answered ${target.operation} with more items than asked for.`, target);
}

/** Counts the pages of one walk; the one past MAX_WALK_PAGES is refused. */
export function pageWalk(target: Target): () => void {
  let pages = 0;
  return () => {
    pages += 1;
    if (pages > MAX_WALK_PAGES) {
      throw new UpstreamError('UPSTREAM_ERROR', `${providerLabel(target.provider)} ${target.region} kept giving pages of ${target.operation}; gave up after ${MAX_WALK_PAGES}.`, target);
    }
  };
}
