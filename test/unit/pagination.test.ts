import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { BadPageTokenError, GatewayError } from '../../src/errors.js';
import { paginate, type Connection, type Source } from '../../src/pagination.js';

/** A source paging like Alibaba: a token per page and a page size clamped to [min, max] whatever is asked. */
function tokenSource(key: string, items: string[], min = 20, max = 100): Source<string> & { calls: number } {
  const source = {
    provider: 'ALIBABA' as const,
    region: key,
    key,
    calls: 0,
    async fetch({ token, limit }: { token: string | null; limit: number }) {
      source.calls += 1;
      const offset = token ? Number(token.slice(1)) : 0;
      const size = Math.min(max, Math.max(min, limit));
      const page = items.slice(offset, offset + size);
      return { items: page, next: offset + size < items.length ? `t${offset + size}` : null };
    },
  };
  return source;
}

async function walk(sources: Source<string>[], first: number) {
  const seen: string[] = [];
  let after: string | null = null;
  let pages = 0;
  do {
    const page: Connection<string> = await paginate(sources, { first, after }, () => {});
    seen.push(...page.nodes);
    expect(page.edges.map((e) => e.node)).toEqual(page.nodes);
    after = page.pageInfo.hasNextPage ? page.pageInfo.endCursor : null;
    pages += 1;
  } while (after && pages < 1_000);
  return { seen, pages };
}

const items = (prefix: string, n: number) => Array.from({ length: n }, (_, i) => `${prefix}${i}`);

describe('connections over several sources', () => {
  it('walks every source in order, never repeating or skipping, for any page size and source sizes', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.nat(130), { minLength: 1, maxLength: 4 }),
        fc.integer({ min: 1, max: 100 }),
        fc.integer({ min: 1, max: 30 }),
        async (sizes, first, minPage) => {
          const sources = sizes.map((n, i) => tokenSource(`s${i}`, items(`s${i}-`, n), minPage, Math.max(minPage, 100)));
          const expected = sources.flatMap((_, i) => items(`s${i}-`, sizes[i]!));
          const { seen, pages } = await walk(sources, first);
          expect(seen).toEqual(expected);
          expect(pages).toBe(Math.max(1, Math.ceil(expected.length / first)));
        },
      ),
      { numRuns: 150 },
    );
  });

  it('says there is no next page when the last item is reached exactly', async () => {
    const page = await paginate([tokenSource('a', items('a', 5))], { first: 5 }, () => {});
    expect(page.pageInfo.hasNextPage).toBe(false);
    expect(page.nodes).toHaveLength(5);
  });

  it('skips a failing source, reports it, and still answers from the others', async () => {
    const failing: Source<string> = {
      provider: 'HUAWEI',
      region: 'cn-north-4',
      key: 'bad',
      fetch: () => Promise.reject(new GatewayError('UPSTREAM_UNAVAILABLE', 'down')),
    };
    const reported: string[] = [];
    const page = await paginate([tokenSource('a', items('a', 3)), failing, tokenSource('b', items('b', 2))], { first: 10 }, (source) =>
      reported.push(source.key),
    );
    expect(page.nodes).toEqual(['a0', 'a1', 'a2', 'b0', 'b1']);
    expect(reported).toEqual(['bad']);
  });

  it.each([
    [{ first: -1 }, 'first'],
    [{ first: 101 }, 'first'],
    [{ first: 5, after: 'garbage' }, 'after'],
    [{ first: 5, after: Buffer.from(JSON.stringify({ s: 0, t: null, k: 1e9, l: 'x' })).toString('base64url') }, 'after'],
  ])('refuses %j naming %s', async (args, field) => {
    const error = await paginate([tokenSource('a', items('a', 3))], args, () => {}).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(GatewayError);
    expect((error as GatewayError).extensions).toMatchObject({ code: 'BAD_USER_INPUT', field });
  });

  it('answers first: 0 with an empty page that knows whether items exist', async () => {
    const page = await paginate([tokenSource('a', items('a', 3))], { first: 0 }, () => {});
    expect(page).toEqual({ edges: [], nodes: [], pageInfo: { hasNextPage: true, endCursor: null } });
  });

  describe('a page token the source cannot use', () => {
    /** Pages of 2 with tokens `t<offset>`, refusing every token in `refused`. */
    const refusing = (refused: (token: string) => boolean): Source<string> => {
      const source = tokenSource('a', items('a', 6), 2, 2);
      return {
        ...source,
        fetch: (page) => {
          if (page.token !== null && refused(page.token)) return Promise.reject(new BadPageTokenError('refused', { provider: 'ALIBABA', region: 'a' }));
          return source.fetch(page);
        },
      };
    };

    it('is BAD_USER_INPUT on `after` when the token came from the cursor', async () => {
      const first = await paginate([refusing(() => false)], { first: 2 }, () => {});
      const after = first.pageInfo.endCursor!;
      const failed: unknown[] = [];
      const answer = paginate([refusing(() => true)], { first: 2, after }, (_, error) => failed.push(error));
      await expect(answer).rejects.toMatchObject({ code: 'BAD_USER_INPUT', details: { field: 'after' } });
      expect(failed).toEqual([]);
    });

    it('stays the source’s own error when the source refused a token it gave itself within the page', async () => {
      const failed: unknown[] = [];
      // The first page is read without a token; the second with the source's own `t2`, which it then refuses.
      const page = await paginate([refusing((t) => t === 't2'), tokenSource('b', ['b0'])], { first: 4 }, (_, error) => failed.push(error));
      expect(page.nodes).toEqual(['a0', 'a1', 'b0']);
      expect(failed).toHaveLength(1);
      expect(failed[0]).toBeInstanceOf(BadPageTokenError);
    });
  });
});
