/**
 * Documents that come back are executed by code compiled for them (graphql-jit through @envelop/graphql-jit), not
 * interpreted field by field. A document is compiled the second time it runs: a one-off query (or a caller sending a
 * new document each time) costs no compilation. Compiled queries are kept per parsed document, which the bounded
 * parse cache holds, so they go when it lets a document go.
 */
import { useGraphQlJit } from '@envelop/graphql-jit';
import type { DocumentNode } from 'graphql';
import type { Plugin } from 'graphql-yoga';
import type { Logger } from './logger.js';

export function useCompiledExecution(logger: Logger): Plugin {
  const runs = new WeakMap<DocumentNode, number>();
  return useGraphQlJit(
    {},
    {
      enableIf: ({ document }) => {
        const seen = (runs.get(document) ?? 0) + 1;
        runs.set(document, seen);
        return seen >= 2;
      },
      // A document graphql-jit cannot compile still runs: the plugin falls back to an answer of the error, so log it.
      onError: (result) => logger.warn({ errors: result.errors?.map((error) => error.message) }, 'graphql-jit could not compile a document'),
    },
  ) as Plugin;
}
