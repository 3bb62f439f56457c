/** Checks of mutation input, made before any upstream call; each problem names the input field. */
import { BadUserInputError } from '../errors.js';
import { parseId, type ParsedId } from '../ids.js';
import type { Providers } from '../providers/registry.js';
import type { InputProblems } from './input-problems.js';

/** CreateHyperCluster's `name` pattern (seed 002). */
export const NAME_PATTERN = /^[-_.a-zA-Z0-9]{1,64}$/;
/** CreateHyperCluster's `hyper_cluster_subnet_id` pattern (seed 002). */
export const SUBNET_PATTERN = /^[0-9a-f]{8}-[0-9a-f]{4}-[1-5][0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;
const CLIENT_TOKEN = /^[A-Za-z0-9_-]{1,64}$/;

export function checkClientToken(token: string | null | undefined): string | null {
  if (token === null || token === undefined) return null;
  if (!CLIENT_TOKEN.test(token)) {
    throw new BadUserInputError('input.clientToken: must be 1 to 64 letters, digits, "-" or "_".', 'input.clientToken');
  }
  return token;
}

export function checkName(name: string): string {
  if (!NAME_PATTERN.test(name)) {
    throw new BadUserInputError('input.name: must be 1 to 64 letters, digits, "-", "_" or "." (^[-_.a-zA-Z0-9]{1,64}$).', 'input.name');
  }
  return name;
}

export function checkSubnetId(subnetId: string | null | undefined): string | null {
  if (subnetId === null || subnetId === undefined) return null;
  if (!SUBNET_PATTERN.test(subnetId)) {
    throw new BadUserInputError('input.subnetId: must be a lower-case UUID such as 47be1c96-b00c-4cc9-83cb-089893a632b6.', 'input.subnetId');
  }
  return subnetId;
}

/**
 * Node IDs of an operation: at least one, at most `max`, each well formed and served here, none repeated. Every
 * problem goes to `problems`; the IDs that pass are returned.
 */
export function checkNodeIds(ids: readonly string[], providers: Providers, max: number, problems: InputProblems): ParsedId[] {
  if (ids.length === 0) problems.check(() => fail('input.ids: name at least one node.', 'input.ids'));
  if (ids.length > max) {
    problems.check(() => fail(`input.ids: at most ${max} nodes per operation.`, 'input.ids'));
    return [];
  }
  const seen = new Map<string, number>();
  return ids.flatMap((id, i) => {
    const field = `input.ids[${i}]`;
    const parsed = problems.check(() => {
      const earlier = seen.get(id);
      if (earlier !== undefined) fail(`${field}: repeats input.ids[${earlier}] (${id}).`, field);
      seen.set(id, i);
      const node = parseId(id, 'node', field);
      providers.forId(node, field);
      return node;
    });
    return parsed ? [parsed] : [];
  });
}

function fail(message: string, field: string): never {
  throw new BadUserInputError(message, field);
}
