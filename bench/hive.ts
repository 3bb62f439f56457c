/**
 * `npm run bench:hive -- --hive-dir <folder>`: this gateway next to a Hive Gateway on the same read, in alternating
 * rounds at fixed concurrency with 0 ms upstream latency. Ours answers `hyperCluster(id)` with one signed Huawei
 * ShowHyperCluster call to its simulator, through every plugin `npm start` runs (the rate limit off); the Hive Gateway
 * answers `ShowHyperCluster` through a GraphQL Mesh OpenAPI source (bench/hive/) of the same call at an unsigned
 * stand-in upstream that sends the simulator's answer for that cluster. Nothing of Hive is a dependency here: install
 * it in a folder of its own first, e.g.
 *
 *   mkdir /tmp/hive && cd /tmp/hive && npm init -y && npm i @graphql-hive/gateway@2.15.1 @graphql-mesh/compose-cli@1.8.2 @omnigraph/openapi@0.112.4
 *   npm run bench:hive -- --hive-dir /tmp/hive --node-dir "$(npx -y -p node@24 -c 'dirname "$(command -v node)"')"
 *
 * `--node-dir` runs the Hive Gateway on another Node.js (it asks for 22.15 or later); `--jit` is on for it, as
 * graphql-jit is for ours.
 */
import autocannon from 'autocannon';
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { copyFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { globalId } from '../src/ids.js';
import { HUAWEI_SEED } from '../src/simulators/seed-ids.js';
import { BENCH_API_KEY, benchGatewayEnv, nodeFlagsOfStart, root, spawnUntilReady } from './processes.js';

const { values: flags } = parseArgs({
  options: {
    'hive-dir': { type: 'string' },
    'node-dir': { type: 'string' },
    duration: { type: 'string', default: '10' },
    concurrency: { type: 'string', default: '10' },
    rounds: { type: 'string', default: '3' },
  },
});
if (!flags['hive-dir']) throw new Error('--hive-dir: the folder Hive Gateway, the Mesh compose CLI and @omnigraph/openapi are installed in');
const hiveDir = flags['hive-dir'];
const UPSTREAM_PORT = 4198;
const HIVE_PORT = 4197;

const children: ChildProcess[] = [];
/** Starts `node <args>` (bench/processes.ts) and resolves with its first line matching `ready`. */
async function started(args: string[], env: Record<string, string>, ready: RegExp): Promise<string> {
  const { child, line } = await spawnUntilReady(args, env, ready);
  children.push(child);
  return line;
}

/** Starts the Hive Gateway in `hiveDir` (on `--node-dir`'s Node.js when given) and waits until it is ready. */
async function startedHive(): Promise<void> {
  const path = flags['node-dir'] ? `${flags['node-dir']}:${process.env.PATH ?? ''}` : (process.env.PATH ?? '');
  const child = spawn(`${hiveDir}/node_modules/.bin/hive-gateway`, ['supergraph', 'supergraph.graphql', '--jit', '--port', String(HIVE_PORT)], {
    cwd: hiveDir,
    env: { PATH: path, HOME: process.env.HOME ?? '', NODE_ENV: 'production' },
    stdio: 'ignore',
  });
  children.push(child);
  for (let waited = 0; waited < 30_000; waited += 250) {
    const ready = await fetch(`http://127.0.0.1:${HIVE_PORT}/readiness`).then((r) => r.ok, () => false);
    if (ready) return;
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  throw new Error('the Hive Gateway did not become ready within 30 s');
}

async function load(url: string, query: string, headers: Record<string, string>) {
  const result = await autocannon({ url, method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify({ query }), connections: Number(flags.concurrency), duration: Number(flags.duration) });
  return { rps: Math.round(result.requests.average), p50: result.latency.p50, p99: result.latency.p99, failed: result.non2xx + result.errors + result.timeouts };
}

try {
  for (const file of ['openapi.json', 'mesh.config.mjs']) copyFileSync(new URL(`hive/${file}`, import.meta.url), `${hiveDir}/${file}`);
  const upstreamUrl = `http://127.0.0.1:${UPSTREAM_PORT}`;
  execFileSync(`${hiveDir}/node_modules/.bin/mesh-compose`, ['-o', 'supergraph.graphql'], { cwd: hiveDir, env: { ...process.env, UPSTREAM_URL: upstreamUrl }, stdio: 'ignore' });
  await started([new URL('hive/upstream.mjs', import.meta.url).pathname, String(UPSTREAM_PORT)], {}, /ready/);
  await startedHive();

  const sims = JSON.parse(await started(['--import', 'tsx', 'bench/simulators-process.ts'], {}, /^\{/)) as { env: Record<string, string> };
  const gatewayLine = await started([...nodeFlagsOfStart(), new URL('dist/main.js', root).pathname], benchGatewayEnv(sims.env), /ready/);
  const ours = `${/(http:\/\/[^\s/]+)/.exec(gatewayLine)![1]}/graphql`;

  const cluster = globalId('HUAWEI', HUAWEI_SEED.region, 'hypercluster', HUAWEI_SEED.hyperClusterId);
  const oursQuery = `{ hyperCluster(id: "${cluster}") { id name networks { subnetId isDefault } } }`;
  const hiveQuery = `{ ShowHyperCluster(project_id: "p", id: "${HUAWEI_SEED.hyperClusterId}", type: "HPS") { id name network_info { hyper_cluster_subnet_id is_default } } }`;
  console.log(`| round | ours req/s | p50 / p99 ms | Hive Gateway req/s | p50 / p99 ms | ours / Hive |`);
  console.log('|---|---|---|---|---|---|');
  for (let round = 1; round <= Number(flags.rounds); round++) {
    const a = await load(ours, oursQuery, { authorization: `Bearer ${BENCH_API_KEY}` });
    const b = await load(`http://127.0.0.1:${HIVE_PORT}/graphql`, hiveQuery, {});
    const failures = a.failed + b.failed > 0 ? ` (failed: ${a.failed} ours, ${b.failed} Hive)` : '';
    console.log(`| ${round} | ${a.rps} | ${a.p50} / ${a.p99} | ${b.rps} | ${b.p50} / ${b.p99} | ${(a.rps / b.rps).toFixed(2)}×${failures} |`);
  }
} finally {
  for (const child of children) child.kill('SIGTERM');
}
