/**
 * Tests that need a program of the machine (chromium, redis-server): outside CI a missing one skips them with one
 * loud line saying how to install it; under CI=true it is required, and the test file fails without it.
 */
import { accessSync, constants } from 'node:fs';

export interface SystemComponent {
  /** Where the program is expected. */
  path: string;
  /** True when the tests that need it run. */
  available: boolean;
}

export function systemComponent(path: string, install: string, env: Record<string, string | undefined> = process.env): SystemComponent {
  let available = true;
  try {
    accessSync(path, constants.X_OK);
  } catch {
    available = false;
  }
  if (!available) {
    const line = `${path} is missing: ${install} (as .ci/run does)`;
    if (env['CI'] === 'true') throw new Error(`${line}; CI=true requires it`);
    console.warn(`\n*** SKIPPED: tests that need ${path}. ${line}. ***\n`);
  }
  return { path, available };
}

export const CHROMIUM_INSTALL = 'apt-get install -y chromium';
export const REDIS_INSTALL = 'apt-get install -y redis-server';
