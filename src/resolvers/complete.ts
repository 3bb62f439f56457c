/**
 * Fields of partial objects. An object from a list page or a reference (`node.hyperNode`) may lack a field; its
 * resolver takes the field from the parent, else from what the request already holds for that ID, else from the
 * detail answer. Loaders batch and de-duplicate those reads. A field the parent holds is answered at once, with no
 * promise: most fields of most queries are.
 */
import type { GatewayContext } from '../context.js';
import type { ResourceLoader } from '../loaders.js';
import type { ResourceRef } from '../model.js';

export type FieldOf<T> = Exclude<keyof T, keyof ResourceRef>;
type MaybePromise<T> = T | Promise<T>;
/** Resolvers of `F`, each answering its model field's value or null: spread into a generated `XResolvers`, each is checked. */
export type NullableResolvers<T, F extends keyof T> = {
  [K in F]: (parent: T, args: unknown, ctx: GatewayContext) => MaybePromise<NonNullable<T[K]> | null>;
};

/** Applies `fn` at once to a value, or when a promise of one settles. (Not named `then`: a module exporting `then` is a thenable.) */
export function whenReady<A, B>(value: MaybePromise<A>, fn: (value: A) => MaybePromise<B>): MaybePromise<B> {
  return value instanceof Promise ? value.then(fn) : fn(value);
}

/**
 * The field helpers of model `T` behind the generated resolvers type `R`: `nullable` takes only names that are both a
 * model field and a GraphQL field, so a misspelt or unserved name fails to compile.
 */
export function completer<T extends ResourceRef, R>(loaderOf: (ctx: GatewayContext) => ResourceLoader<T>) {
  async function fromLoaders<K extends FieldOf<T>>(parent: T, field: K, ctx: GatewayContext): Promise<T[K] | undefined> {
    const loader = loaderOf(ctx);
    const known = await loader.known.load(parent.id);
    if (known && known[field] !== undefined) return known[field];
    return (await loader.detail.load(parent.id))?.[field];
  }

  /** The field's value: at once when the parent holds it, else once the request's loaders have it. */
  function complete<K extends FieldOf<T>>(parent: T, field: K, ctx: GatewayContext): MaybePromise<T[K] | undefined> {
    const value = parent[field];
    return value !== undefined ? value : fromLoaders(parent, field, ctx);
  }

  /** A resolver of `field` that answers `fallback` when neither the parent nor the cloud has a value. */
  function resolve<K extends FieldOf<T>, F>(field: K, fallback: F) {
    return (parent: T, _args: unknown, ctx: GatewayContext): MaybePromise<NonNullable<T[K]> | F> =>
      whenReady(complete(parent, field, ctx), (value) => value ?? fallback);
  }

  /** Resolvers of plain fields that answer null when neither the parent nor the cloud has a value. */
  function nullable<const F extends FieldOf<T> & keyof R>(fields: readonly F[]): NullableResolvers<T, F> {
    return Object.fromEntries(fields.map((field) => [field, resolve(field, null)])) as NullableResolvers<T, F>;
  }

  return { complete, resolve, nullable };
}
