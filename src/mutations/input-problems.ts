/**
 * Every problem of a mutation's input at once: each check runs, each problem is an error of its own with its
 * `field`, all at the mutation's path, so a form can mark every bad field in one round trip.
 */
import { responsePathAsArray, type GraphQLResolveInfo } from 'graphql';
import type { GatewayContext } from '../context.js';
import { GatewayError } from '../errors.js';

export class InputProblems {
  private readonly found: GatewayError[] = [];

  /** Runs one check; a coded error naming a field is recorded (undefined returned), anything else thrown. */
  check<T>(run: () => T): T | undefined {
    try {
      return run();
    } catch (error) {
      if (!(error instanceof GatewayError) || error.details['field'] === undefined) throw error;
      this.found.push(error);
      return undefined;
    }
  }

  get count(): number {
    return this.found.length;
  }

  /** Throws the first problem; the others join the answer's errors at the same path. */
  throwIfAny(ctx: Pick<GatewayContext, 'partialErrors'>, info: Pick<GraphQLResolveInfo, 'path'>): void {
    const [first, ...others] = this.found;
    if (!first) return;
    const path = responsePathAsArray(info.path);
    for (const error of others) ctx.partialErrors.push({ error, path });
    throw first;
  }
}
