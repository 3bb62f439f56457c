/** The zod building blocks every concern's settings are read with, and the error that lists what is wrong. */
import { z } from 'zod';
import { isRegionName } from '../ids.js';

/** Every problem of the configuration, one line each naming its variable; start-up stops on any. */
export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`invalid configuration:\n${problems.map((p) => `  ${p}`).join('\n')}`);
    this.name = 'ConfigError';
  }
}

/** The environment variables of one concern, each with its own schema. */
export type EnvShape = Record<string, z.ZodType>;

/** What a concern's variables hold once read. */
export type EnvOf<S extends EnvShape> = z.output<z.ZodObject<S>>;

export const optionalText = z
  .string()
  .optional()
  .transform((v) => (v === undefined || v.trim() === '' ? undefined : v.trim()));

export const int = (min: number, max: number, fallback: number) =>
  optionalText.pipe(
    z
      .string()
      .regex(/^\d+$/, `must be a whole number from ${min} to ${max}`)
      .transform(Number)
      .pipe(z.number().min(min, `must be at least ${min}`).max(max, `must be at most ${max}`))
      .optional()
      .transform((v) => v ?? fallback),
  );

/** A share from 0 to 1, such as 0.2. */
export const share = (fallback: number) =>
  optionalText.pipe(
    z
      .string()
      .regex(/^(0(\.\d+)?|1(\.0+)?|\.\d+)$/, 'must be a share from 0 to 1, e.g. 0.2')
      .transform(Number)
      .optional()
      .transform((v) => v ?? fallback),
  );

export const flag = optionalText.pipe(z.enum(['true', 'false'], 'must be true or false').optional());

export const regionList = (fallback: string) =>
  optionalText.transform((value, ctx) => {
    const regions = [...new Set((value ?? fallback).split(',').map((r) => r.trim()).filter(Boolean))];
    const bad = regions.filter((r) => !isRegionName(r));
    if (regions.length === 0 || bad.length > 0) {
      ctx.addIssue({ code: 'custom', message: `"${bad.join(',') || value}" is not a comma list of region names like ${fallback}` });
      return z.NEVER;
    }
    return regions;
  });

export const endpoint = optionalText.transform((value, ctx) => {
  if (value === undefined) return null;
  try {
    const url = new URL(value);
    if ((url.protocol === 'http:' || url.protocol === 'https:') && !url.username && !url.password) return url;
  } catch {
    // reported below
  }
  ctx.addIssue({ code: 'custom', message: `"${value}" is not an http(s) URL without credentials` });
  return z.NEVER;
});

/** What reading the environment found: each variable's value, and a line for each one that is malformed. */
export interface EnvReading<S extends EnvShape> {
  values: EnvOf<S>;
  /** One line per problem of a single variable, naming it. */
  problems: string[];
  /** The variables those lines name. */
  malformed: Set<string>;
}

/**
 * Reads each variable on its own, so that one malformed value hides neither another's problem nor the rules
 * between variables: a malformed variable gets its line and, for the rules, its default.
 */
export function readEnv<S extends EnvShape>(shape: S, env: Record<string, string | undefined>): EnvReading<S> {
  const values: Record<string, unknown> = {};
  const problems: string[] = [];
  const malformed = new Set<string>();
  for (const [name, schema] of Object.entries(shape)) {
    const parsed = schema.safeParse(env[name]);
    if (parsed.success) {
      values[name] = parsed.data;
      continue;
    }
    problems.push(...parsed.error.issues.map((issue) => `${name}: ${issue.message}`));
    malformed.add(name);
    // Every setting has a default (an unset variable is valid; loadConfig({}) in the tests pins it), so this cannot throw.
    values[name] = schema.parse(undefined);
  }
  return { values: values as EnvOf<S>, problems, malformed };
}

/**
 * The reading's lines, then the lines of the rules between variables, except a rule's line naming a malformed
 * variable: it judged that variable's default, and the variable's own line already says what is wrong.
 */
export function allProblems(reading: EnvReading<EnvShape>, ruleProblems: string[]): string[] {
  const namesMalformed = (line: string) => (line.match(/\b[A-Z][A-Z0-9_]+\b/g) ?? []).some((name) => reading.malformed.has(name));
  return [...reading.problems, ...ruleProblems.filter((line) => !namesMalformed(line))];
}
