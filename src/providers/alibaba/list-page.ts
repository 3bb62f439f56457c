/**
 * One page of a Lingjun list call (ListHyperNodes, ListClusterHyperNodes, ListClusterNodes, ListClusters): the
 * filters, then `MaxResults` and `NextToken` in the form body; the page's items, refused when more than asked, and
 * the next token (an empty one ends the list).
 */
import type { z } from 'zod';
import { withinPage } from '../answer-checks.js';
import type { CallOptions } from '../provider.js';
import type { AlibabaClient, RpcParams } from './client.js';

export interface ListCall<S extends z.ZodType<{ NextToken?: string | undefined }>, I> {
  operation: string;
  answer: S;
  /** The answer's item list. */
  items: (answer: z.infer<S>) => readonly I[] | undefined;
  query?: RpcParams;
  body?: RpcParams;
}

export interface ListPage<I> {
  items: readonly I[];
  next: string | null;
}

export async function listPage<S extends z.ZodType<{ NextToken?: string | undefined }>, I>(
  client: AlibabaClient,
  region: string,
  call: ListCall<S, I>,
  page: { token: string | null; size: number },
  options: CallOptions,
): Promise<ListPage<I>> {
  const answer: z.infer<S> = await client.call(
    region,
    call.operation,
    { idempotent: true, query: call.query, body: { ...call.body, MaxResults: page.size, NextToken: page.token ?? undefined }, answer: call.answer },
    options,
  );
  const items = withinPage(call.items(answer), page.size, { provider: 'ALIBABA', region, operation: call.operation });
  return { items, next: answer.NextToken || null };
}
