/**
 * Compile-time checks, run by `tsc --noEmit` in `npm test` (not by vitest): `nullable()` resolvers spread into a
 * generated resolvers type are checked field by field. Each `@ts-expect-error` fails the typecheck if its error is lost.
 */
import type { HyperNodeResolvers } from '../../src/generated/graphql.js';
import type { HyperNodeModel } from '../../src/model.js';
import { completer } from '../../src/resolvers/complete.js';

const { nullable, resolve } = completer<HyperNodeModel, HyperNodeResolvers>((ctx) => ctx.loaders.hyperNodes);

export const fine: HyperNodeResolvers = { ...nullable(['hostname', 'createdAt', 'fileSystemMountEnabled']) };

// @ts-expect-error `clusterId` is a model field but no GraphQL field of HyperNode.
export const notAGraphQLField: HyperNodeResolvers = { ...nullable(['clusterId']) };

// @ts-expect-error `hostnme` is no field at all.
export const misspelt: HyperNodeResolvers = { ...nullable(['hostnme']) };

// @ts-expect-error `state` is non-null in the schema: a resolver that may answer null does not fit it.
export const nullForNonNull: HyperNodeResolvers = { ...nullable(['state']) };

export const nonNullWithFallback: HyperNodeResolvers = { state: resolve('state', 'UNKNOWN') };
