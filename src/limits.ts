/**
 * What no operation may do, checked before any resolver runs: depth, aliases, directives and tokens
 * (graphql-armor, while parsing and validating), and cost (graphql-query-complexity, at execution, when the
 * variables that set `first` are known). The body size and batching are yoga's own options (server.ts); the
 * cap on `first` is enforced where it is read. Variables are checked first: none undeclared, none nested deeper than
 * any input type; the ID cap covers the whole operation.
 */
import { maxAliasesPlugin } from '@escape.tech/graphql-armor-max-aliases';
import { maxDepthPlugin } from '@escape.tech/graphql-armor-max-depth';
import { maxDirectivesPlugin } from '@escape.tech/graphql-armor-max-directives';
import { maxTokensPlugin } from '@escape.tech/graphql-armor-max-tokens';
import { createHash } from 'node:crypto';
import { getOperationAST, getVariableValues, GraphQLError, Kind, type DocumentNode, type GraphQLSchema } from 'graphql';
import { getComplexity, type ComplexityEstimator } from 'graphql-query-complexity';
import type { Plugin } from 'graphql-yoga';
import { LRUCache } from 'lru-cache';
import type { LimitsConfig } from './config/index.js';
import { BadUserInputError, OperationLimitError } from './errors.js';
import { refusal } from './errors-graphql.js';

export function useOperationLimits(limits: LimitsConfig): Plugin[] {
  return [
    useVariablesShape(),
    maxTokensPlugin({ n: limits.maxTokens, onReject: [refuse('tokens')] }),
    maxDepthPlugin({ n: limits.maxDepth, onReject: [refuse('depth')] }),
    maxAliasesPlugin({ n: limits.maxAliases, onReject: [refuse('aliases')] }),
    maxDirectivesPlugin({ n: limits.maxDirectives, onReject: [refuse('directives')] }),
    useCostLimit(limits),
  ];
}

/** Armor's rejection, as a coded 400 that stops parsing or validation at once. */
function refuse(limit: string) {
  return (_context: unknown, error: GraphQLError): never => {
    throw refusal(new OperationLimitError(error.message.replace(/^Syntax Error: /, ''), limit), { status: 400, spec: true });
  };
}

/** Deeper than any input type of the schema, with room to spare; anything deeper is an attack on recursion. */
export const MAX_VARIABLES_DEPTH = 16;

/** Whether `value` nests objects or lists more than `max` levels deep; a loop, so no nesting overflows it. */
export function nestsDeeperThan(value: unknown, max: number): boolean {
  const pending: Array<{ value: unknown; depth: number }> = [{ value, depth: 0 }];
  while (pending.length > 0) {
    const next = pending.pop()!;
    if (next.value === null || typeof next.value !== 'object') continue;
    if (next.depth >= max) return true;
    for (const child of Object.values(next.value)) pending.push({ value: child, depth: next.depth + 1 });
  }
  return false;
}

/** Variables nested deeper than any input type allows are refused as they arrive, before parsing or any work. */
function useVariablesShape(): Plugin {
  return {
    onParams({ params }) {
      if (params.variables != null && nestsDeeperThan(params.variables, MAX_VARIABLES_DEPTH)) {
        const error = new BadUserInputError(`variables: nested more than ${MAX_VARIABLES_DEPTH} levels deep.`, 'variables');
        throw refusal(error, { status: 400, spec: true });
      }
    },
  };
}

/** What one upstream call weighs against 1 per field: a lookup by ID may cost a call per ID. */
export const UPSTREAM_CALL_COST = 10;

/** The IDs a field looks up: its `id` or `ids` argument, or those of its `input`. */
function idsOf(args: Record<string, unknown>): number {
  const input = args['input'] !== null && typeof args['input'] === 'object' ? (args['input'] as Record<string, unknown>) : {};
  let count = 0;
  for (const holder of [args, input]) {
    if (Array.isArray(holder['ids'])) count += holder['ids'].length;
    if (typeof holder['id'] === 'string') count += 1;
  }
  return count;
}

/**
 * Each field costs 1 plus what it selects; below a list, that is multiplied by the items asked (`first`, its
 * default applies), so nested pages multiply, as the upstream calls they cause do. A lookup by ID costs, per ID, an
 * upstream call plus what it selects.
 */
function costOfField(count: { ids: number }): ComplexityEstimator {
  return ({ args, childComplexity }) => {
    if (typeof args['first'] === 'number') return 1 + Math.max(0, args['first']) * childComplexity;
    const ids = idsOf(args);
    count.ids += ids;
    return ids > 0 ? 1 + ids * (UPSTREAM_CALL_COST + childComplexity) : 1 + childComplexity;
  };
}

export interface CostedOperation {
  schema: GraphQLSchema;
  document: DocumentNode;
  operationName?: string | null | undefined;
  variableValues?: Record<string, unknown> | null | undefined;
}

export interface OperationWeight {
  cost: number;
  /** IDs looked up over the whole operation, every alias and fragment counted. */
  ids: number;
}

/** The weight of the operation to run, or null when there is none to run (execution then says why). */
export function weightOf(args: CostedOperation): OperationWeight | null {
  const operation = getOperationAST(args.document, args.operationName);
  if (!operation) return null;
  const count = { ids: 0 };
  try {
    const cost = getComplexity({
      schema: args.schema,
      query: args.document,
      operationName: operation.name?.value,
      variables: args.variableValues ?? {},
      estimators: [costOfField(count)],
    });
    return { cost, ids: count.ids };
  } catch (error) {
    // Variables that do not fit the operation: execution reports them without running a resolver.
    if (error instanceof GraphQLError) return null;
    throw error;
  }
}

/** The cost of the operation to run, or null when there is none to run. */
export function costOf(args: CostedOperation): number | null {
  return weightOf(args)?.cost ?? null;
}

/** Bytes the cost cache of one gateway may hold: its keys are fixed-size hashes, so this bounds the entries too. */
export const COST_CACHE_BYTES = 1024 * 1024;
/** A cached entry beyond its key: the value, the cache's own bookkeeping. */
const ENTRY_OVERHEAD_BYTES = 96;

type Weighed = { weight: OperationWeight | null } | { refused: GraphQLError };

/**
 * Weights already computed, keyed on a hash of the document (its identity: yoga reuses one per query text), the
 * operation and the declared variables after coercion: a client's large or many variables never become keys, and
 * the whole cache stays within COST_CACHE_BYTES.
 */
function weigher(maxBytes = COST_CACHE_BYTES) {
  const cache = new LRUCache<string, { weight: OperationWeight | null }>({
    maxSize: maxBytes,
    sizeCalculation: (_value, key) => key.length + ENTRY_OVERHEAD_BYTES,
  });
  const documentIds = new WeakMap<DocumentNode, number>();
  // An operation without variables weighs the same every time: kept with its parsed document (as long as the parse
  // cache keeps that), by operation name, with no hash to compute.
  const fixed = new WeakMap<DocumentNode, Map<string, { weight: OperationWeight | null }>>();
  let documents = 0;
  return (args: CostedOperation): Weighed => {
    const operation = getOperationAST(args.document, args.operationName);
    if (!operation) return { weight: null };
    const raw = args.variableValues ?? {};
    if (!operation.variableDefinitions?.length && isEmpty(raw)) {
      let byName = fixed.get(args.document);
      if (!byName) fixed.set(args.document, (byName = new Map()));
      const name = operation.name?.value ?? '';
      let weighed = byName.get(name);
      if (!weighed) byName.set(name, (weighed = { weight: weightOf(args) }));
      return weighed;
    }
    // Declared by any operation of the document: GraphiQL sends a tab's variables whichever of its operations runs.
    // Only the running operation's variables are coerced, and only they key the cache.
    const declared = declaredVariables(args.document);
    const undeclared = Object.keys(raw).filter((name) => !declared.has(name));
    if (undeclared.length > 0) {
      const names = undeclared.slice(0, 3).map((name) => `$${name.length > 40 ? `${name.slice(0, 37)}...` : name}`);
      const more = undeclared.length > 3 ? ` and ${undeclared.length - 3} more` : '';
      const error = new BadUserInputError(`variables: ${names.join(', ')}${more} not declared by the document.`, 'variables');
      return { refused: refusal(error, { status: 400, spec: true }) };
    }
    const coerced = getVariableValues(args.schema, operation.variableDefinitions ?? [], raw, { maxErrors: 1 });
    // Variables that do not fit: execution reports them without running a resolver.
    if (coerced.errors) return { weight: null };
    let documentId = documentIds.get(args.document);
    if (documentId === undefined) documentIds.set(args.document, (documentId = documents++));
    const key = createHash('sha256')
      .update(`${documentId}\n${operation.name?.value ?? ''}\n${JSON.stringify(coerced.coerced)}`)
      .digest('base64url');
    const cached = cache.get(key);
    if (cached) return cached;
    const weighed = { weight: weightOf(args) };
    cache.set(key, weighed);
    return weighed;
  };
}

function isEmpty(object: object): boolean {
  for (const _ in object) return false;
  return true;
}

const declaredByDocument = new WeakMap<DocumentNode, ReadonlySet<string>>();

/** The variables the document's operations declare, computed once per parsed document. */
function declaredVariables(document: DocumentNode): ReadonlySet<string> {
  let names = declaredByDocument.get(document);
  if (!names) {
    names = new Set(
      document.definitions.flatMap((definition) =>
        definition.kind === Kind.OPERATION_DEFINITION ? (definition.variableDefinitions ?? []).map((d) => d.variable.name.value) : [],
      ),
    );
    declaredByDocument.set(document, names);
  }
  return names;
}

function useCostLimit({ maxCost, maxIds }: Pick<LimitsConfig, 'maxCost' | 'maxIds'>): Plugin {
  const weigh = weigher();
  /** The refusal of an operation beyond a limit, or null to run it. */
  const refusalOf = (args: CostedOperation): GraphQLError | null => {
    const weighed = weigh(args);
    if ('refused' in weighed) return weighed.refused;
    const { weight } = weighed;
    if (weight === null) return null;
    if (weight.ids > maxIds) {
      return refusal(new OperationLimitError(`At most ${maxIds} IDs per operation, found ${weight.ids}.`, 'ids'), { status: 400, spec: true });
    }
    if (weight.cost > maxCost) {
      return refusal(new OperationLimitError(`Operation cost limit of ${maxCost} exceeded, found ${weight.cost}.`, 'cost'), { status: 400, spec: true });
    }
    return null;
  };
  return {
    onExecute({ args, setResultAndStopExecution }) {
      const refused = refusalOf(args);
      if (refused) setResultAndStopExecution({ errors: [refused] });
    },
    onSubscribe({ args, setResultAndStopExecution }) {
      const refused = refusalOf(args);
      if (refused) setResultAndStopExecution({ errors: [refused] });
    },
  };
}
