/**
 * Authorization by scope, in one place: an operation needs the scope of its type (`read` for a query, `write`
 * for a mutation), and a field marked `@requiresScope(scope: ...)` in the schema answers null with FORBIDDEN at
 * its path to a principal without that scope, leaving the rest of the answer intact.
 */
import { MapperKind, getDirective, mapSchema } from '@graphql-tools/utils';
import { defaultFieldResolver, getOperationAST, type DocumentNode, type GraphQLSchema, type OperationTypeNode } from 'graphql';
import type { Plugin } from 'graphql-yoga';
import { ForbiddenError } from '../errors.js';
import { refusal } from '../errors-graphql.js';
import { NOBODY, type Principal, type Scope } from './principal.js';

export const OPERATION_SCOPE: Readonly<Record<OperationTypeNode, Scope>> = { query: 'read', mutation: 'write', subscription: 'read' };

const principalIn = (context: unknown): Principal => (context as { principal?: Principal }).principal ?? NOBODY;

/** Refuses, with HTTP 403 and before any resolver runs, an operation whose type needs a scope the caller lacks. */
export function useOperationScopes(): Plugin {
  const check = (args: { document: DocumentNode; operationName?: string | null; contextValue: unknown }) => {
    const operation = getOperationAST(args.document, args.operationName);
    // No such operation: execution itself reports it, without running a resolver.
    if (!operation) return null;
    const needed = OPERATION_SCOPE[operation.operation];
    if (principalIn(args.contextValue).scopes.has(needed)) return null;
    return { errors: [refusal(new ForbiddenError(`A ${operation.operation} needs the ${needed} scope.`, needed), { status: 403 })] };
  };
  return {
    onExecute({ args, setResultAndStopExecution }) {
      const refused = check(args);
      if (refused) setResultAndStopExecution(refused);
    },
    onSubscribe({ args, setResultAndStopExecution }) {
      const refused = check(args);
      if (refused) setResultAndStopExecution(refused);
    },
  };
}

/** Wraps the resolver of every object field marked `@requiresScope` with the check of its scope, once, at build. */
export function withScopeDirectives(schema: GraphQLSchema): GraphQLSchema {
  return mapSchema(schema, {
    [MapperKind.OBJECT_FIELD]: (field, fieldName, typeName) => {
      const marked = getDirective(schema, field, 'requiresScope')?.[0] as { scope: string } | undefined;
      if (!marked) return field;
      const needed = marked.scope.toLowerCase() as Scope;
      const resolve = field.resolve ?? defaultFieldResolver;
      return {
        ...field,
        resolve(source, args, context, info) {
          if (!principalIn(context).scopes.has(needed)) {
            throw new ForbiddenError(`${typeName}.${fieldName} needs the ${needed} scope.`, needed);
          }
          return resolve(source, args, context, info);
        },
      };
    },
  });
}
