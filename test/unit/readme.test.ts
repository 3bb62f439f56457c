/** README as someone with only the repository reads it: every setting documented, no path outside it, true requirements. */
import { readdirSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';

const read = (path: string) => readFileSync(new URL(`../../${path}`, import.meta.url), 'utf8');
const readme = read('README.md');

/** `>=22.15.0` -> [22, 15, 0]; null for ranges this check does not read. */
function lowerBound(range: string): number[] | null {
  const match = /^>=\s*(\d+)(?:\.(\d+))?(?:\.(\d+))?$/.exec(range.trim());
  return match ? [Number(match[1]), Number(match[2] ?? 0), Number(match[3] ?? 0)] : null;
}
const compare = (a: number[], b: number[]) => a[0]! - b[0]! || a[1]! - b[1]! || a[2]! - b[2]!;

describe('README', () => {
  it('documents every setting src/config/ reads', () => {
    const modules = readdirSync(new URL('../../src/config/', import.meta.url)).filter((name) => name.endsWith('.ts'));
    const names = modules.flatMap((name) => [...read(`src/config/${name}`).matchAll(/^ {2}([A-Z][A-Z0-9_]+): /gm)].map((m) => m[1]!));
    expect(names.length).toBeGreaterThan(40);
    expect(names.filter((name) => !readme.includes(`\`${name}\``))).toEqual([]);
  });

  it('points nowhere outside the repository', () => {
    expect(readme.match(/\.\.\/[\w.-]+|\/work\/[\w./-]*/g)).toBeNull();
  });

  it("shows a typed client that sends the Authorization header it needs", () => {
    const snippet = readme.slice(readme.indexOf('## A typed client for frontends'), readme.indexOf('### Apollo Client and urql'));
    expect(snippet).toMatch(/new GraphQLClient\([^)]*authorization: `Bearer /);
  });

  it('requires the Node.js the run-time dependencies declare, and says so', () => {
    const pkg = JSON.parse(read('package.json')) as { engines: { node: string } };
    const lock = JSON.parse(read('package-lock.json')) as { packages: Record<string, { dev?: boolean; engines?: { node?: string } | string[] }> };
    const required = Object.entries(lock.packages)
      .filter(([path, entry]) => path !== '' && !entry.dev && entry.engines && !Array.isArray(entry.engines) && entry.engines.node)
      .map(([, entry]) => lowerBound((entry.engines as { node: string }).node))
      .filter((bound): bound is number[] => bound !== null)
      .sort(compare)
      .at(-1)!;
    const ours = lowerBound(pkg.engines.node)!;
    expect(compare(ours, required)).toBeGreaterThanOrEqual(0);
    expect(readme).toContain(`Requires Node.js ${ours[0]}.${ours[1]} or later`);
  });
});
