/**
 * The building blocks of the clouds' wire schemas (each cloud's `wire.ts`): every answer is untrusted input, checked
 * against its schema (by `readJsonAnswer`) before an adapter maps it. Absent and null fields read as absent; a field
 * of the wrong kind (a number where a string belongs, an object where a list belongs) fails the answer; unknown
 * fields are dropped; lists are bounded, and a list longer than its bound is refused before any of its items is read.
 */
import { z } from 'zod';
import { NATIVE_ID } from '../ids.js';

/**
 * An optional field. Null reads as absent too: the answer reader makes every null property absent before a schema
 * reads it (`readJsonAnswer` in json.ts), which costs one walk per answer, not a preprocessing step per field.
 */
export const optional = <S extends z.ZodType>(schema: S) => schema.optional();

export const text = optional(z.string());
export const count = optional(z.number().finite());
export const flag = optional(z.boolean());

/** A cloud's ID of an object: required, and usable in a global ID. */
export const nativeId = z.string().regex(NATIVE_ID, 'not a cloud ID');
/** An ID a field refers to (a cluster, a supernode): optional, and usable in a global ID when there. */
export const nativeRef = optional(z.union([z.literal(''), nativeId]));

/** A list of at most `max` items; longer ones are refused before their items are checked. */
export const list = <S extends z.ZodType>(item: S, max: number) => optional(z.array(z.unknown()).max(max).pipe(z.array(item)));
