/**
 * Trusted documents and automatic persisted queries, with yoga's persisted-operations plugin. A request names a
 * document by hash (`extensions.persistedQuery.sha256Hash`, as Apollo's and urql's persisted-query links send, or
 * `documentId`, as the client preset's hashes read) or sends its text.
 *
 * Without a manifest every document runs, and hash-only requests find what APQ registered. With one
 * (GATEWAY_TRUSTED_DOCUMENTS): in `log` mode documents outside it still run, each logged and counted; in
 * `enforce` mode only its documents run, by hash or by their exact text, unless the caller holds the bypass
 * scope (GraphiQL's explorers). APQ registers a document only for a caller who may run it, and what it
 * registered answers only such callers.
 */
import { usePersistedOperations } from '@graphql-yoga/plugin-persisted-operations';
import { GraphQLError } from 'graphql';
import type { Plugin } from 'graphql-yoga';
import { Counter, type Registry } from 'prom-client';
import type { Principal } from '../auth/principal.js';
import type { TrustedDocumentsConfig } from '../config/index.js';
import type { Logger } from '../logger.js';
import { documentHash, sha256Hex } from './manifest.js';
import { PERSISTED_QUERY_TTL_MS, type PersistedQueryStore } from './store.js';

export interface TrustedDocumentsOptions {
  /** Null: no manifest, every document runs. */
  trusted: TrustedDocumentsConfig | null;
  store: PersistedQueryStore;
  principalOf(request: Request): Principal;
  logger: Logger;
  /** Where the count of documents outside the manifest goes, when metrics are on. */
  registry?: Registry | undefined;
}

interface Params {
  query?: string | null;
  operationName?: string | null;
  documentId?: unknown;
  extensions?: Record<string, unknown> | null;
}

/** The hash an APQ request claims for its document, or undefined when it claims none. */
function claimedHash(params: Params): string | null | undefined {
  const persisted = params.extensions?.['persistedQuery'] as { version?: unknown; sha256Hash?: unknown } | undefined;
  if (persisted && typeof persisted === 'object' && persisted.version === 1 && typeof persisted.sha256Hash === 'string') return documentHash(persisted.sha256Hash);
  if (typeof params.documentId === 'string') return documentHash(params.documentId);
  return undefined;
}

const badRequest = (message: string) => new GraphQLError(message, { extensions: { code: 'BAD_REQUEST', http: { status: 400 } } });

export function useTrustedDocuments({ trusted, store, principalOf, logger, registry }: TrustedDocumentsOptions): Plugin[] {
  const untrusted =
    trusted && registry
      ? new Counter({
          name: 'gateway_untrusted_documents_total',
          help: 'Documents outside the trusted-documents manifest, by mode and what became of them (run, refused).',
          labelNames: ['mode', 'outcome'],
          registers: [registry],
        })
      : null;
  /** Requests whose text is a manifest document. */
  const trustedText = new WeakSet<Request>();
  const mayRunAny = (request: Request) =>
    trusted === null || trusted.mode === 'log' || (trusted.bypassScope !== null && principalOf(request).scopes.has(trusted.bypassScope));

  const classify: Plugin = {
    async onParams({ params, request }) {
      const { query } = params as Params;
      const claimed = claimedHash(params as Params);
      if (claimed === null) throw badRequest('The document hash must be sha256: 64 lower-case hex digits, optionally after "sha256:".');
      if (typeof query !== 'string') return;
      // Without a manifest, only a request claiming a hash needs the text's.
      if (trusted === null && claimed === undefined) return;
      const hash = sha256Hex(query);
      const inManifest = trusted?.documents.has(hash) ?? false;
      if (inManifest) trustedText.add(request);
      const allowed = inManifest || mayRunAny(request);
      if (trusted && !inManifest) {
        untrusted?.inc({ mode: trusted.mode, outcome: allowed ? 'run' : 'refused' });
        const principal = principalOf(request);
        logger.info(
          { hash, operationName: (params as Params).operationName ?? null, principal: `${principal.kind}:${principal.name}`, mode: trusted.mode, outcome: allowed ? 'run' : 'refused' },
          'document outside the trusted-documents manifest',
        );
      }
      if (claimed === undefined) return;
      if (claimed !== hash) throw badRequest('extensions.persistedQuery.sha256Hash is not the sha256 of the query sent.');
      if (allowed && !inManifest) await store.set(hash, query, PERSISTED_QUERY_TTL_MS);
    },
  };

  const persisted = usePersistedOperations({
    allowArbitraryOperations: (request) => trustedText.has(request) || mayRunAny(request),
    extractPersistedOperationId: (params) => claimedHash(params as Params) ?? null,
    getPersistedOperation: async (hash, request) => trusted?.documents.get(hash) ?? (mayRunAny(request) ? await store.get(hash) : null),
    customErrors: {
      // The message and code the persisted-query links of Apollo Client and urql look for, to send the text.
      notFound: { message: 'PersistedQueryNotFound', extensions: { code: 'PERSISTED_QUERY_NOT_FOUND' } },
      keyNotFound: { message: 'Must provide query string.', extensions: { code: 'BAD_REQUEST', http: { status: 400 } } },
      persistedQueryOnly: {
        message: 'Only trusted documents run on this gateway: send one of its manifest, by its hash or its exact text.',
        extensions: { code: 'TRUSTED_DOCUMENT_REQUIRED', http: { status: 403 } },
      },
    },
  });
  return [classify, persisted];
}
