/** The command line: `--help` and `--version` print and exit; settings come from the environment (or `.env`). */
import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';

export const VERSION: string = (JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as { version: string }).version;

export const USAGE = `hypernode-gateway ${VERSION}: one GraphQL API over Alibaba Cloud Lingjun and Huawei Cloud ModelArts

Usage: npm start [-- --help | --version]
       node dist/main.js [--help | --version]

With no settings it serves its embedded simulators of both clouds (no cloud account needed) at
http://localhost:4000/graphql, GraphiQL included, and prints a development key.

Settings are environment variables, read also from a .env file in the working directory
(variables already set win). The main ones:
  PORT, HOST                 where to listen (4000, 0.0.0.0)
  GATEWAY_MODE               simulated (default) or live
  GATEWAY_API_KEYS           name=key:scope+scope,...  (live mode needs keys or GATEWAY_JWT_*)
  GATEWAY_DEV_KEY            pins the development key of simulated mode
  LOG_LEVEL, LOG_FORMAT      info; pretty in a terminal, json otherwise
Every setting is in README.md, section Configuration.

Options:
  -h, --help     print this and exit
  -v, --version  print the version and exit`;

export type CliAction = { kind: 'run' } | { kind: 'print'; text: string } | { kind: 'fail'; text: string };

export function readArgs(args: string[]): CliAction {
  let parsed;
  try {
    parsed = parseArgs({ args, options: { help: { type: 'boolean', short: 'h' }, version: { type: 'boolean', short: 'v' } }, strict: true });
  } catch (error) {
    return { kind: 'fail', text: `hypernode-gateway: ${(error as Error).message.split('\n')[0]}; see --help` };
  }
  if (parsed.values.help) return { kind: 'print', text: USAGE };
  if (parsed.values.version) return { kind: 'print', text: VERSION };
  return { kind: 'run' };
}
