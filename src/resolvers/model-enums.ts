/**
 * The model owns its unions (model.ts leans on nothing above it); this compile-time check keeps each equal to the
 * schema's enum of the same name (the model's `ProviderName` is the schema's `Provider`), so a value added to one
 * and not the other fails `npm run typecheck`. It sits here,
 * where code may import both the model and the generated types; nothing imports it.
 */
import type * as Generated from '../generated/graphql.js';
import type * as Model from '../model.js';

/** True only when A and B are the same type (not merely assignable one way). */
type Same<A, B> = (<T>() => T extends A ? 1 : 2) extends <T>() => T extends B ? 1 : 2 ? true : false;
type Holds<T extends true> = T;

export type ModelEnumsEqualTheSchema = [
  Holds<Same<Model.ProviderName, Generated.Provider>>,
  Holds<Same<Model.LifecycleState, Generated.LifecycleState>>,
  Holds<Same<Model.DiskType, Generated.DiskType>>,
  Holds<Same<Model.HyperClusterType, Generated.HyperClusterType>>,
  Holds<Same<Model.TaskKind, Generated.TaskKind>>,
  Holds<Same<Model.TaskState, Generated.TaskState>>,
];
