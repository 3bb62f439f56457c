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
