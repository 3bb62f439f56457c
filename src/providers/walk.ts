/**
 * What both clouds' fleet walks share: the filter a cloud may apply itself, chains of token pages bounded against
 * an answer that never ends, and checks of the few answer fields a walk relies on, so a hostile or broken answer
 * is UPSTREAM_ERROR rather than a crash or a silently short list.
 */
import { providerLabel, UpstreamError } from '../errors.js';
import type { LifecycleState, ProviderName } from '../model.js';
import { isJsonObject } from './json.js';

/** What a walk may ask the cloud to filter; absent fields are not filtered. The gateway filters again after. */
export interface WalkFilter {
  states?: readonly LifecycleState[];
  machineType?: string;
  zoneId?: string;
  hpnZone?: string;
  /** Native ID of the one cluster whose items are wanted. */
  hyperClusterNativeId?: string;
}

/** An inventory walk's page chain longer than this is not a real list (a request's own walks stop sooner: answer-checks.ts). */
export const MAX_INVENTORY_PAGES = 2_000;

export interface WireTarget {
  provider: ProviderName;
  region: string;
  operation: string;
}

export function malformed(target: WireTarget, what: string): UpstreamError {
  return new UpstreamError('UPSTREAM_ERROR', `${providerLabel(target.provider)} ${target.region} sent a malformed answer to ${target.operation}: ${what}.`, target);
}

/**
 * The items of `field` in an answer: absent reads as none; anything but an array of objects each with a non-empty
 * string `idField` is malformed.
 */
export function checkedItems<T>(answer: unknown, field: string, idField: string, target: WireTarget): T[] {
  if (!isJsonObject(answer)) throw malformed(target, 'not an object');
  const items = answer[field];
  if (items === undefined || items === null) return [];
  if (!Array.isArray(items)) throw malformed(target, `${field} is not a list`);
  for (const item of items) {
    if (!isJsonObject(item) || typeof item[idField] !== 'string' || item[idField] === '') throw malformed(target, `an item of ${field} has no ${idField}`);
  }
  return items as T[];
}

/** The answer's continuation token: absent or empty ends the list; anything but a string is malformed. */
export function checkedToken(answer: Record<string, unknown>, field: string, target: WireTarget): string | null {
  const token = answer[field];
  if (token === undefined || token === null || token === '') return null;
  if (typeof token !== 'string' || token.length > 4_096) throw malformed(target, `${field} is not a token`);
  return token;
}

/** Reads a NextToken chain to its end, one page after the other (a token is known only from the page before). */
export async function walkTokenPages<T>(target: WireTarget, page: (token: string | null) => Promise<{ items: T[]; next: string | null }>): Promise<T[]> {
  const all: T[] = [];
  let token: string | null = null;
  for (let pages = 0; ; pages++) {
    if (pages >= MAX_INVENTORY_PAGES) throw malformed(target, `more than ${MAX_INVENTORY_PAGES} pages`);
    const answer: { items: T[]; next: string | null } = await page(token);
    all.push(...answer.items);
    if (answer.next === null || answer.next === token) return all;
    token = answer.next;
  }
}
