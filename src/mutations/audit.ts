/**
 * The audit trail: one log line per mutation, whatever its outcome: who, which mutation, on what, with which
 * client token, how it ended and the cloud's task IDs. Never an input's secret: only IDs, tokens and codes.
 */
import { getOperationAST, Kind } from 'graphql';
import type { Plugin } from 'graphql-yoga';
import type { Principal } from '../auth/principal.js';
import { GatewayError } from '../errors.js';
import type { Logger } from '../logger.js';

/** How many target IDs one line holds; the count says how many there were. */
const MAX_LOGGED_IDS = 100;

export type AuditOutcome = 'done' | 'partial' | 'failed' | 'refused' | 'planned';

export interface AuditEntry {
  mutation: string;
  /** The IDs the input names (empty for a creation until it is done). */
  targetIds: readonly string[];
  clientToken: string | null | undefined;
  dryRun: boolean;
}

/** What the result says: the IDs it made and its tasks; failures make it partial. */
export interface AuditResult {
  targetIds?: readonly string[];
  taskIds?: readonly (string | null)[];
  failedIds?: readonly string[];
}

export interface AuditLog {
  record<T>(principal: Principal, entry: AuditEntry, run: () => Promise<T>, describe?: (result: T) => AuditResult): Promise<T>;
  /** A mutation refused before its resolver ran (the caller lacks the `write` scope). */
  refused(principal: Principal, mutation: string, code: string): void;
}

export function createAuditLog(logger: Logger): AuditLog {
  return {
    async record(principal, entry, run, describe) {
      const base = {
        principal: `${principal.kind}:${principal.name}`,
        mutation: entry.mutation,
        clientToken: entry.clientToken ?? null,
        dryRun: entry.dryRun,
      };
      const ids = (list: readonly string[]) => ({ targetIds: list.slice(0, MAX_LOGGED_IDS), targetCount: list.length });
      try {
        const result = await run();
        const seen = describe?.(result) ?? {};
        const failed = seen.failedIds ?? [];
        const outcome: AuditOutcome = entry.dryRun ? 'planned' : failed.length === 0 ? 'done' : failed.length < entry.targetIds.length ? 'partial' : 'failed';
        logger.info(
          {
            audit: true,
            ...base,
            ...ids(seen.targetIds ?? entry.targetIds),
            outcome,
            taskIds: (seen.taskIds ?? []).filter((id): id is string => id !== null),
            ...(failed.length > 0 && { failedIds: failed.slice(0, MAX_LOGGED_IDS) }),
          },
          'mutation',
        );
        return result;
      } catch (error) {
        const code = error instanceof GatewayError ? error.code : 'INTERNAL_SERVER_ERROR';
        const refused = code === 'BAD_USER_INPUT' || code === 'FORBIDDEN' || code === 'CONFLICT' || code === 'UNSUPPORTED_BY_PROVIDER';
        logger.info({ audit: true, ...base, ...ids(entry.targetIds), outcome: refused ? 'refused' : 'failed', code, taskIds: [] }, 'mutation');
        throw error;
      }
    },
    refused(principal, mutation, code) {
      const who = `${principal.kind}:${principal.name}`;
      logger.info({ audit: true, principal: who, mutation, clientToken: null, dryRun: false, targetIds: [], targetCount: 0, outcome: 'refused', code, taskIds: [] }, 'mutation');
    },
  };
}

/**
 * The audit line of a mutation the scope check refuses before any resolver runs. Placed before that check
 * (auth/authorize.ts), which stops execution.
 */
export function useRefusedMutationAudit(audit: AuditLog): Plugin {
  return {
    onExecute({ args }) {
      const operation = getOperationAST(args.document, args.operationName);
      if (operation?.operation !== 'mutation') return;
      const { principal } = args.contextValue as { principal?: Principal };
      if (!principal || principal.scopes.has('write')) return;
      for (const selection of operation.selectionSet.selections) {
        if (selection.kind === Kind.FIELD) audit.refused(principal, selection.name.value, 'FORBIDDEN');
      }
    },
  };
}

/** For a gateway built without a logger for audits (tests of other parts). */
export const SILENT_AUDIT: AuditLog = { record: (_principal, _entry, run) => run(), refused: () => {} };
