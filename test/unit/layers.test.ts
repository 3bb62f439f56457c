/**
 * The layer rule dependency-cruiser cannot see (.dependency-cruiser.cjs holds the others): only src/config/ reads
 * the environment. No file outside it has a reason to today, so there is no list of exceptions; a file that needs
 * a setting gets it passed down as part of a typed config slice.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const root = fileURLToPath(new URL('../../', import.meta.url));

const sourcesUnder = (dir: string): string[] =>
  readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return sourcesUnder(path);
    return /\.(ts|mts|cts|js|mjs)$/.test(entry.name) ? [path] : [];
  });

/** `process.env`, `process?.env`, `process['env']`, `const { env } = process`, `import { env } from 'node:process'`. */
const READS_ENV = [
  /\bprocess\s*\??\.\s*env\b/,
  /\bprocess\s*\[\s*['"`]env['"`]\s*\]/,
  /\{[^}]*\benv\b[^}]*\}\s*=\s*(globalThis\.)?process\b/,
  /import\s*\{[^}]*\benv\b[^}]*\}\s*from\s*['"](node:)?process['"]/,
  /import\s+\*\s+as\s+\w+\s+from\s*['"](node:)?process['"]/,
];
const readsEnv = (text: string) => READS_ENV.some((pattern) => pattern.test(text));

describe('only src/config/ reads the environment', () => {
  it('sees each way of reading it', () => {
    for (const text of [
      'const port = process.env.PORT;',
      'const port = process?.env["PORT"];',
      "const all = process['env'];",
      'const { env } = process;',
      "import { env } from 'node:process';",
      "import { argv, env as environment } from 'process';",
      "import * as proc from 'node:process';",
    ]) {
      expect(readsEnv(text), text).toBe(true);
    }
    for (const text of ['const environment = loadConfig(env);', "import { argv } from 'node:process';", 'process.exitCode = 1;']) {
      expect(readsEnv(text), text).toBe(false);
    }
  });

  it('holds for every file of src/', () => {
    const sources = sourcesUnder(join(root, 'src')).map((path) => relative(root, path).split('\\').join('/'));
    expect(sources.length).toBeGreaterThan(100);
    const readers = sources.filter((path) => !path.startsWith('src/config/') && readsEnv(readFileSync(join(root, path), 'utf8')));
    expect(readers).toEqual([]);
    // The scan would see config's own reads: it looks where they are.
    expect(readsEnv(readFileSync(join(root, 'src/config/index.ts'), 'utf8'))).toBe(true);
  });
});
