/**
 * What no operation may do, checked before any resolver runs: depth, aliases, directives and tokens
 * (graphql-armor, while parsing and validating), and cost (graphql-query-complexity, at execution, when the
 * variables that set `first` are known). The body size and batching are yoga's own options (server.ts); the
 * caps on `first` and `ids` are enforced where those arguments are read.
 */
import { maxAliasesPlugin } from '@escape.tech/graphql-armor-max-aliases';
import { maxDepthPlugin } from '@escape.tech/graphql-armor-max-depth';
import { maxDirectivesPlugin } from '@escape.tech/graphql-armor-max-directives';
import { maxTokensPlugin } from '@escape.tech/graphql-armor-max-tokens';
import { getOperationAST, GraphQLError, type DocumentNode, type GraphQLSchema } from 'graphql';
import { getComplexity, type ComplexityEstimator } from 'graphql-query-complexity';
import type { Plugin } from 'graphql-yoga';
import type { LimitsConfig } from './config.js';
import { OperationLimitError } from './errors.js';
import { refusal } from './errors-graphql.js';

export function useOperationLimits(limits: LimitsConfig): Plugin[] {
  return [
    maxTokensPlugin({ n: limits.maxTokens, onReject: [refuse('tokens')] }),
    maxDepthPlugin({ n: limits.maxDepth, onReject: [refuse('depth')] }),
    maxAliasesPlugin({ n: limits.maxAliases, onReject: [refuse('aliases')] }),
    maxDirectivesPlugin({ n: limits.maxDirectives, onReject: [refuse('directives')] }),
    useCostLimit(limits.maxCost),
  ];
}

/** Armor's rejection, as a coded 400 that stops parsing or validation at once. */
function refuse(limit: string) {
  return (_context: unknown, error: GraphQLError): never => {
    throw refusal(new OperationLimitError(error.message.replace(/^Syntax Error: /, ''), limit), { status: 400, spec: true });
  };
}

/**
 * Each field costs 1 plus what it selects; below a list, that is multiplied by the items asked: `first` (its
 * default applies) or the number of `ids`. So nested pages multiply, as the upstream calls they cause do.
 */
const costOfField: ComplexityEstimator = ({ args, childComplexity }) => {
  const items = typeof args['first'] === 'number' ? args['first'] : Array.isArray(args['ids']) ? args['ids'].length : 1;
  return 1 + Math.max(0, items) * childComplexity;
};

export interface CostedOperation {
  schema: GraphQLSchema;
  document: DocumentNode;
  operationName?: string | null | undefined;
  variableValues?: Record<string, unknown> | null | undefined;
}

/** The cost of the operation to run, or null when there is none to run (execution then says why). */
export function costOf(args: CostedOperation): number | null {
  const operation = getOperationAST(args.document, args.operationName);
  if (!operation) return null;
  try {
    return getComplexity({
      schema: args.schema,
      query: args.document,
      operationName: operation.name?.value,
      variables: args.variableValues ?? {},
      estimators: [costOfField],
    });
  } catch (error) {
    // Variables that do not fit the operation: execution reports them without running a resolver.
    if (error instanceof GraphQLError) return null;
    throw error;
  }
}

/** Costs already computed, per parsed document (yoga reuses one per query text) and variables. */
const costs = new WeakMap<DocumentNode, Map<string, number | null>>();
const MAX_COSTS_PER_DOCUMENT = 100;

function cachedCostOf(args: CostedOperation): number | null {
  let byVariables = costs.get(args.document);
  if (!byVariables) costs.set(args.document, (byVariables = new Map()));
  const key = `${args.operationName ?? ''}\n${JSON.stringify(args.variableValues ?? {})}`;
  if (byVariables.has(key)) return byVariables.get(key)!;
  const cost = costOf(args);
  if (byVariables.size >= MAX_COSTS_PER_DOCUMENT) byVariables.clear();
  byVariables.set(key, cost);
  return cost;
}

function useCostLimit(maxCost: number): Plugin {
  return {
    onExecute({ args, setResultAndStopExecution }) {
      const cost = cachedCostOf(args);
      if (cost !== null && cost > maxCost) {
        const error = new OperationLimitError(`Operation cost limit of ${maxCost} exceeded, found ${cost}.`, 'cost');
        setResultAndStopExecution({ errors: [refusal(error, { status: 400, spec: true })] });
      }
    },
  };
}
