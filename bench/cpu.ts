/**
 * `npm run bench:cpu`: CPU milliseconds the gateway process spends per request, per shape. Unlike req/s this figure
 * hardly depends on what else shares the machine's cores, so it is the one to compare while changing the hot path
 * (the throughput targets are still judged by `npm run bench`). Batches of the two processes compared alternate, and
 * the figure is the median over `--rounds` batches, so a burst of other work on the machine moves both alike.
 *
 *   npm run bench:cpu -- --requests 2000 --only deep          the gateway next to the bare-yoga reference
 *   npm run bench:cpu -- --base dist-before --only single      the gateway built in dist-before/ next to dist/
 *   npm run bench:cpu -- --base-env NODE_ENV=production        dist/ with that environment next to dist/ without
 */
import autocannon from 'autocannon';
import type { ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { FLEET_SHAPES } from './fleet.js';
import { BENCH_API_KEY as API_KEY, benchGatewayEnv, nodeFlagsOfStart, spawnUntilReady as start } from './processes.js';
import { shapes } from './shapes.js';

const { values: flags } = parseArgs({
  options: {
    hypernodes: { type: 'string', default: '1667' },
    requests: { type: 'string', default: '1000' },
    rounds: { type: 'string', default: '5' },
    concurrency: { type: 'string', default: '10' },
    only: { type: 'string', default: '' },
    // Compare against another build of the gateway (a folder like dist/), or dist/ under further environment.
    base: { type: 'string' },
    'base-env': { type: 'string', default: '' },
    // A CPU profile (node --cpu-prof) of each gateway, written to this folder when the run ends.
    'profile-dir': { type: 'string' },
  },
});
const TICKS_PER_SECOND = 100;

/** User plus system CPU of a process so far, in ms (Linux /proc/<pid>/stat, fields 14 and 15). */
function cpuMs(pid: number): number {
  const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
  return ((Number(fields[11]) + Number(fields[12])) * 1000) / TICKS_PER_SECOND;
}

async function fire(url: string, query: string, amount: number): Promise<void> {
  const result = await autocannon({
    url: `${url}/graphql`,
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${API_KEY}` },
    body: JSON.stringify({ query }),
    connections: Number(flags.concurrency),
    amount,
  });
  if (result.non2xx + result.errors > 0) throw new Error(`${result.non2xx + result.errors} of ${amount} requests failed: ${query}`);
}

interface Target {
  pid: number;
  url: string;
}

/** CPU ms per request of each target: alternating batches after a warm-up, the median batch of each. */
async function perRequest(targets: readonly Target[], query: string): Promise<number[]> {
  const amount = Number(flags.requests);
  for (const target of targets) await fire(target.url, query, Math.max(200, amount / 2));
  const batches: number[][] = targets.map(() => []);
  for (let round = 0; round < Number(flags.rounds); round++) {
    for (const [i, target] of targets.entries()) {
      const before = cpuMs(target.pid);
      await fire(target.url, query, amount);
      batches[i]!.push((cpuMs(target.pid) - before) / amount);
    }
  }
  return batches.map((figures) => figures.sort((a, b) => a - b)[Math.floor(figures.length / 2)]!);
}

/** `A=1 B=x=y` as { A: '1', B: 'x=y' }: a value may hold '=' (NODE_OPTIONS=--max-semi-space-size=16). */
const pairs = (text: string) =>
  Object.fromEntries(text.split(' ').filter(Boolean).map((pair) => [pair.slice(0, pair.indexOf('=')), pair.slice(pair.indexOf('=') + 1)] as [string, string]));
const sims = await start(['--import', 'tsx', 'bench/simulators-process.ts', '--hypernodes', flags.hypernodes!], {}, /^\{/);
const simInfo = JSON.parse(sims.line) as { env: Record<string, string>; threeHyperNodes: string[] };
const startFlags = nodeFlagsOfStart();
const env = benchGatewayEnv(simInfo.env);
const comparing = flags.base !== undefined || flags['base-env'] !== '';
const profiling = (name: string) => (flags['profile-dir'] ? ['--cpu-prof', `--cpu-prof-dir=${flags['profile-dir']}`, `--cpu-prof-name=${name}.cpuprofile`] : []);
/** The gateway of dist/ (or the base's), reading the clouds for each request or (fleet) warm from a snapshot that outlives the run. */
const gateway = (name: string, dist: string, extraEnv: Record<string, string>, fleet: boolean) =>
  start([...startFlags, ...profiling(name), `${dist}/main.js`], { ...env, GATEWAY_FLEET_TTL_MS: fleet ? '3600000' : '0', ...extraEnv }, /ready/);
const urlOf = (line: string) => /(http:\/\/[^\s/]+)/.exec(line)![1]!;

const [calls, fleet, reference, referenceFleet] = await Promise.all([
  gateway('calls', 'dist', {}, false),
  gateway('fleet', 'dist', {}, true),
  comparing
    ? gateway('base-calls', flags.base ?? 'dist', pairs(flags['base-env']!), false)
    : start(['--import', 'tsx', 'bench/bare-yoga-process.ts', '--hypernodes', flags.hypernodes!], {}, /^\{/),
  comparing ? gateway('base-fleet', flags.base ?? 'dist', pairs(flags['base-env']!), true) : null,
]);
const targetOf = (running: { child: ChildProcess; line: string }): Target => ({
  pid: running.child.pid!,
  url: running.line.startsWith('{') ? (JSON.parse(running.line) as { url: string }).url : urlOf(running.line),
});
const referenceName = comparing ? `base (${[flags.base, flags['base-env']].filter(Boolean).join(', ')})` : 'bare yoga';
try {
  console.log(`| shape | gateway CPU ms/request | ${referenceName} CPU ms/request | ${comparing ? 'gateway / base' : 'bare / gateway'} |`);
  console.log('|---|---|---|---|');
  const wanted = (name: string) => !flags.only || name.includes(flags.only);
  for (const shape of shapes(simInfo.threeHyperNodes).filter((s) => wanted(s.name))) {
    const [ours, theirs] = await perRequest([targetOf(calls), targetOf(reference)], shape.query);
    const ratio = comparing ? ours! / theirs! : theirs! / ours!;
    console.log(`| ${shape.name} | ${ours!.toFixed(3)} | ${theirs!.toFixed(3)} | ${Math.round(ratio * 100)}% |`);
  }
  for (const shape of FLEET_SHAPES.filter((s) => wanted(s.name))) {
    const [ours, theirs] = await perRequest(referenceFleet ? [targetOf(fleet), targetOf(referenceFleet)] : [targetOf(fleet)], shape.query);
    console.log(`| ${shape.name} (warm) | ${ours!.toFixed(3)} | ${theirs?.toFixed(3) ?? ''} | ${theirs ? `${Math.round((ours! / theirs) * 100)}%` : ''} |`);
  }
} finally {
  const gateways = [calls, fleet, ...(comparing ? [reference, referenceFleet!] : [])];
  const exited = gateways.map((one) => new Promise((resolve) => one.child.once('exit', resolve)));
  for (const one of [sims, calls, fleet, reference, referenceFleet]) one?.child.kill('SIGTERM');
  await Promise.all(exited);
}
