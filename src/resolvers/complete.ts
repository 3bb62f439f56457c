/**
 * Fields of partial objects. An object from a list page or a reference (`node.hyperNode`) may lack a field; its
 * resolver takes the field from the parent, else from what the request already holds for that ID, else from the
 * detail answer. Loaders batch and de-duplicate those reads.
 */
import type { GatewayContext } from '../context.js';
import type { ResourceLoader } from '../loaders.js';
import type { ResourceRef } from '../model.js';

export type FieldOf<T> = Exclude<keyof T, keyof ResourceRef>;

export function completer<T extends ResourceRef>(loaderOf: (ctx: GatewayContext) => ResourceLoader<T>) {
  return async function complete<K extends FieldOf<T>>(parent: T, field: K, ctx: GatewayContext): Promise<T[K] | undefined> {
    if (parent[field] !== undefined) return parent[field];
    const loader = loaderOf(ctx);
    const known = await loader.known.load(parent.id);
    if (known && known[field] !== undefined) return known[field];
    return (await loader.detail.load(parent.id))?.[field];
  };
}

/** Resolvers for plain fields that answer null when neither the parent nor the cloud has a value. */
export function nullableFields<T extends ResourceRef>(
  complete: ReturnType<typeof completer<T>>,
  fields: ReadonlyArray<FieldOf<T>>,
): Record<string, (parent: T, args: unknown, ctx: GatewayContext) => Promise<unknown>> {
  return Object.fromEntries(
    fields.map((field) => [field, async (parent: T, _args: unknown, ctx: GatewayContext) => (await complete(parent, field, ctx)) ?? null]),
  );
}
