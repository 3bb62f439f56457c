/** Checks of mutation input, made before any upstream call; each problem names the input field. */
import { BadUserInputError } from '../errors.js';
import { parseId, type ParsedId } from '../ids.js';
import type { NewHyperCluster } from '../model.js';
import type { CloudProvider } from '../providers/provider.js';
import type { ProviderRegistry } from '../providers/registry.js';
import type { InputProblems } from './input-problems.js';

const CLIENT_TOKEN = /^[A-Za-z0-9_-]{1,64}$/;

export function checkClientToken(token: string | null | undefined): string | null {
  if (token === null || token === undefined) return null;
  if (!CLIENT_TOKEN.test(token)) {
    throw new BadUserInputError('input.clientToken: must be 1 to 64 letters, digits, "-" or "_".', 'input.clientToken');
  }
  return token;
}

/**
 * A create spec against the cloud's own rules (each provider knows its own): every problem goes to `problems`, named
 * by its input field.
 */
export function checkCreateSpec(provider: Pick<CloudProvider, 'validateCreate'>, spec: NewHyperCluster, problems: InputProblems): void {
  for (const { field, message } of provider.validateCreate(spec)) problems.check(() => fail(`input.${field}: ${message}`, `input.${field}`));
}

/**
 * Node IDs of an operation: at least one, at most `max`, each well formed and served here, none repeated. Every
 * problem goes to `problems`; the IDs that pass are returned.
 */
export function checkNodeIds(ids: readonly string[], providers: ProviderRegistry, max: number, problems: InputProblems): ParsedId[] {
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
