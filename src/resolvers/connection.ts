/** Connections over the (cloud, region) sources of a list, priming loaders with every item read. */
import type { GraphQLResolveInfo } from 'graphql';
import { responsePathAsArray } from 'graphql';
import type { GatewayContext } from '../context.js';
import { GatewayError, UpstreamError } from '../errors.js';
import type { Page, ProviderName } from '../model.js';
import { paginate, type Connection, type Source } from '../pagination.js';
import type { PageRequest } from '../providers/provider.js';

/** A (cloud, region) a list reads: a `RegionSource`, or one of a request's views of the clouds. */
interface Located {
  provider: { readonly name: ProviderName };
  region: string;
}

export function regionSource<T>(
  { provider, region }: Located,
  fetch: (page: PageRequest) => Promise<Page<T>>,
  key = `${provider.name}:${region}`,
): Source<T> {
  return { provider: provider.name, region, key, fetch };
}

export async function connection<T>(
  ctx: GatewayContext,
  info: GraphQLResolveInfo,
  sources: ReadonlyArray<Source<T>>,
  args: { first?: number | null; after?: string | null },
  prime: (item: T) => void,
): Promise<Connection<T>> {
  const priming = sources.map((source) => ({
    ...source,
    fetch: async (page: PageRequest) => {
      const answer = await source.fetch(page);
      answer.items.forEach(prime);
      return answer;
    },
  }));
  return paginate(priming, args, (source, error) => reportSourceError(ctx, info, source, error), ctx.limits.maxPageSize);
}

/** A source (cloud region) that failed while others answered: an error at the field's path naming it. */
export function reportSourceError(ctx: GatewayContext, info: GraphQLResolveInfo, source: { provider: ProviderName; region: string }, error: unknown): void {
  if (!(error instanceof GatewayError)) throw error;
  const named =
    error instanceof UpstreamError ? error : new UpstreamError(error.code, error.message, { provider: source.provider, region: source.region });
  ctx.partialErrors.push({ error: named, path: responsePathAsArray(info.path) });
}
