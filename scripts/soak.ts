/**
 * Soak test: `npm run soak [-- --duration 300 --concurrency 16 --fault-rate 0.2]`.
 *
 * Starts the gateway (`src/main.ts`) in a child process on its simulators with a share of injected faults, drives
 * a mix of queries at fixed concurrency for the duration, checks every answer, samples the child's RSS, prints a
 * Markdown report and exits 1 when a criterion fails: gateway 5xx, answers missing data without a coded error,
 * errors without a code, process restarts, RSS growth over 20%, or a SIGTERM that does not exit 0.
 */
import { execFileSync, spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { once } from 'node:events';
import { readFileSync } from 'node:fs';
import { setTimeout as sleep } from 'node:timers/promises';
import { parseArgs } from 'node:util';

const { values: args } = parseArgs({
  options: {
    duration: { type: 'string', default: '300' },
    concurrency: { type: 'string', default: '16' },
    'fault-rate': { type: 'string', default: '0.2' },
    warmup: { type: 'string' },
  },
});
const durationS = Number(args.duration);
const concurrency = Number(args.concurrency);
const faultRate = Number(args['fault-rate']);
// V8 grows its heap to a working size under load in the first minute or so; RSS growth is measured from there.
const warmupS = args.warmup !== undefined ? Number(args.warmup) : Math.min(90, Math.max(2, Math.round(durationS * 0.3)));
if (![durationS, concurrency, faultRate, warmupS].every(Number.isFinite) || durationS <= 0 || concurrency < 1) {
  console.error('usage: npm run soak -- [--duration seconds] [--concurrency n] [--fault-rate 0..1] [--warmup seconds]');
  process.exit(2);
}

const SOAK_KEY = 'soak-key-0123456789abcdef';
const GATEWAY_ENV: Record<string, string> = {
  // One principal sends every request: a read key, and no rate limit in its way.
  GATEWAY_API_KEYS: `soak=${SOAK_KEY}:read`,
  GATEWAY_RATE_LIMIT_PER_SECOND: '0',
  GATEWAY_UPSTREAM_BUDGET_PER_SECOND: '0',
  PORT: '0',
  HOST: '127.0.0.1',
  LOG_LEVEL: 'error',
  ALIBABA_CLOUD_REGIONS: 'cn-wulanchabu,cn-beijing',
  HUAWEICLOUD_REGIONS: 'cn-north-4,cn-southwest-2',
  SIMULATOR_FAULT_RATE: String(faultRate),
  SIMULATOR_LATENCY_MS: '2',
  GATEWAY_REQUEST_TIMEOUT_MS: '3000',
  GATEWAY_UPSTREAM_CALL_TIMEOUT_MS: '1000',
  GATEWAY_BREAKER_COOLDOWN_MS: '2000',
};

// ---- the gateway child ------------------------------------------------------------------------------------------

interface Gateway {
  child: ChildProcessWithoutNullStreams;
  url: string;
  /** The admin listener: `/metrics`, `/readiness`. */
  adminUrl: string;
}

let restarts = 0;
let stopping = false;

async function startGateway(): Promise<Gateway> {
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/main.ts'], {
    cwd: new URL('../', import.meta.url),
    env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', ...GATEWAY_ENV },
  });
  child.stderr.on('data', (chunk) => process.stderr.write(chunk));
  let banner = '';
  const [url, adminUrl] = await new Promise<[string, string]>((resolve, reject) => {
    const onData = (chunk: Buffer) => {
      banner += String(chunk);
      const match = /GraphiQL at (http:\/\/\S+)\/graphql\n[\s\S]*admin: \/metrics and \/readiness at (http:\/\/\S+)\n/.exec(banner);
      if (match) {
        child.stdout.off('data', onData);
        child.stdout.resume();
        resolve([match[1]!, match[2]!]);
      }
    };
    child.stdout.on('data', onData);
    child.once('exit', (code) => reject(new Error(`the gateway exited with ${code} before it was ready: ${banner}`)));
  });
  return { child, url, adminUrl };
}

let gateway = await startGateway();
const watch = (g: Gateway) =>
  g.child.once('exit', (code, signal) => {
    if (stopping) return;
    restarts += 1;
    console.error(`gateway exited unexpectedly (${code ?? signal}); restarting`);
    void startGateway().then((next) => {
      gateway = next;
      watch(next);
    });
  });
watch(gateway);

function rssBytes(pid: number): number {
  try {
    const kb = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1];
    if (kb) return Number(kb) * 1024;
  } catch {
    // not Linux: ask ps
  }
  return Number(execFileSync('ps', ['-o', 'rss=', '-p', String(pid)], { encoding: 'utf8' }).trim()) * 1024;
}

// ---- queries and the checks on their answers ----------------------------------------------------------------------

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
interface Answer {
  data?: Record<string, Json> | null;
  errors?: Array<{ path?: Array<string | number>; extensions?: { code?: string } }>;
}

async function graphql(query: string, variables: Record<string, unknown> = {}): Promise<{ status: number; body: Answer | null }> {
  const response = await fetch(`${gateway.url}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', accept: 'application/json', authorization: `Bearer ${SOAK_KEY}` },
    body: JSON.stringify({ query, variables }),
    signal: AbortSignal.timeout(20_000),
  });
  const text = await response.text();
  try {
    return { status: response.status, body: JSON.parse(text) as Answer };
  } catch {
    return { status: response.status, body: null };
  }
}

/** IDs that exist, read once (retried until both clouds answered) so lookups never ask for a missing one. */
async function knownIds() {
  const ids = { hyperNodes: new Set<string>(), nodes: new Set<string>(), clusters: new Set<string>() };
  for (let attempt = 0; attempt < 30 && (ids.hyperNodes.size < 40 || ids.clusters.size < 4); attempt++) {
    const { body } = await graphql('{ hyperNodes(first: 100) { nodes { id nodes { id } } } hyperClusters(first: 50) { nodes { id } } }');
    const data = body?.data as { hyperNodes?: { nodes: Array<{ id: string; nodes: Array<{ id: string }> }> }; hyperClusters?: { nodes: Array<{ id: string }> } } | null;
    for (const h of data?.hyperNodes?.nodes ?? []) {
      ids.hyperNodes.add(h.id);
      for (const n of h.nodes ?? []) ids.nodes.add(n.id);
    }
    for (const c of data?.hyperClusters?.nodes ?? []) ids.clusters.add(c.id);
  }
  return { hyperNodes: [...ids.hyperNodes], nodes: [...ids.nodes], clusters: [...ids.clusters] };
}

const pick = <T>(items: readonly T[]): T => items[Math.floor(Math.random() * items.length)]!;

function queryMix(ids: Awaited<ReturnType<typeof knownIds>>): Array<() => [string, Record<string, unknown>]> {
  return [
    () => ['query ($id: ID!) { hyperNode(id: $id) { hostname name state nodes { hostname name disks { sizeGiB type } } } }', { id: pick(ids.hyperNodes) }],
    () => ['query ($id: ID!) { hyperNode(id: $id) { id state machineType } }', { id: pick(ids.hyperNodes) }],
    () => ['query ($id: ID!) { node(id: $id) { hostname name machineType hyperNode { id } } }', { id: pick(ids.nodes) }],
    () => ['query ($ids: [ID!]!) { nodes(ids: $ids) { id state } }', { ids: Array.from({ length: 5 }, () => pick(ids.nodes)) }],
    () => ['{ hyperNodes(first: 20) { nodes { id state } pageInfo { hasNextPage endCursor } } }', {}],
    () => ['{ hyperClusters(first: 10) { nodes { id name hyperNodes(first: 3) { nodes { id hostname name } } } } }', {}],
    () => ['query ($id: ID!) { hyperCluster(id: $id) { name networks { subnetId } } }', { id: pick(ids.clusters) }],
  ];
}

/**
 * Null where data must be (the whole answer, a root field, an item of a list): each such null must lie on the path of
 * a coded error at it or beneath it. Returns how many do not.
 */
function missingWithoutCode(answer: Answer): number {
  const coded = (answer.errors ?? []).filter((e) => e.extensions?.code && e.path).map((e) => e.path!);
  const covered = (path: Array<string | number>) => coded.some((p) => path.every((segment, i) => p[i] === segment));
  if (!answer.data) return (answer.errors ?? []).some((e) => e.extensions?.code) ? 0 : 1;
  let missing = 0;
  const walk = (value: Json, path: Array<string | number>, mustExist: boolean) => {
    if (value === null) {
      if (mustExist && !covered(path)) missing += 1;
      return;
    }
    if (Array.isArray(value)) value.forEach((item, i) => walk(item, [...path, i], true));
    else if (typeof value === 'object') for (const [key, item] of Object.entries(value)) walk(item, [...path, key], false);
  };
  for (const [field, value] of Object.entries(answer.data)) walk(value, [field], true);
  return missing;
}

// ---- the run ----------------------------------------------------------------------------------------------------

const tally = {
  requests: 0,
  gateway5xx: 0,
  missingWithoutCode: 0,
  uncodedErrors: 0,
  withErrors: 0,
  transportFailures: 0,
  errorCodes: new Map<string, number>(),
  latenciesMs: [] as number[],
};

async function worker(mix: ReturnType<typeof queryMix>, until: number): Promise<void> {
  while (Date.now() < until) {
    const [query, variables] = pick(mix)();
    const started = performance.now();
    try {
      const { status, body } = await graphql(query, variables);
      tally.requests += 1;
      tally.latenciesMs.push(performance.now() - started);
      if (status >= 500) tally.gateway5xx += 1;
      if (!body) {
        tally.missingWithoutCode += 1;
        continue;
      }
      if (body.errors?.length) tally.withErrors += 1;
      for (const error of body.errors ?? []) {
        const code = error.extensions?.code ?? '(none)';
        tally.errorCodes.set(code, (tally.errorCodes.get(code) ?? 0) + 1);
        if (!error.extensions?.code) tally.uncodedErrors += 1;
      }
      tally.missingWithoutCode += missingWithoutCode(body);
    } catch {
      tally.transportFailures += 1;
      await sleep(50);
    }
  }
}

const rssIdle = rssBytes(gateway.child.pid!);
const ids = await knownIds();
const mix = queryMix(ids);
const startedAt = Date.now();
const until = startedAt + durationS * 1000;
const workers = Array.from({ length: concurrency }, () => worker(mix, until));
// RSS rises and falls by tens of MiB with each major GC, so one sample at each end says more about the GC's phase than
// about a leak. Compared instead: the peak of the first third after warm-up and the peak of the last third.
const rssSamples: Array<{ atS: number; bytes: number }> = [];
const sampling = setInterval(() => rssSamples.push({ atS: (Date.now() - startedAt) / 1000, bytes: rssBytes(gateway.child.pid!) }), 2_000);
await Promise.all(workers);
clearInterval(sampling);
const measured = rssSamples.filter((s) => s.atS >= warmupS);
const third = (durationS - warmupS) / 3;
const peak = (from: number, to: number) => {
  const inWindow = measured.filter((s) => s.atS >= from && s.atS < to).map((s) => s.bytes);
  return inWindow.length > 0 ? Math.max(...inWindow) : rssBytes(gateway.child.pid!);
};
const rssStart = peak(warmupS, warmupS + third);
const rssEnd = peak(durationS - third, Number.POSITIVE_INFINITY);
const timeline = rssSamples.filter((_, i) => i % Math.max(1, Math.round(rssSamples.length / 10)) === 0);
const elapsedS = (Date.now() - startedAt) / 1000;

const metrics = await (await fetch(`${gateway.adminUrl}/metrics`)).text();
const sumOf = (name: string, filter = '') =>
  metrics
    .split('\n')
    .filter((line) => line.startsWith(`${name}{`) && line.includes(filter))
    .reduce((sum, line) => sum + Number(line.slice(line.lastIndexOf(' ') + 1)), 0);

stopping = true;
gateway.child.kill('SIGTERM');
const [exitCode] = (await once(gateway.child, 'exit')) as [number | null];

// ---- the report -------------------------------------------------------------------------------------------------

const sorted = [...tally.latenciesMs].sort((a, b) => a - b);
const percentile = (p: number) => (sorted.length ? sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!.toFixed(0) : '-');
const mib = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(1)} MiB`;
const growth = (rssEnd - rssStart) / rssStart;
const criteria: Array<[string, string, boolean]> = [
  ['gateway 5xx', String(tally.gateway5xx), tally.gateway5xx === 0],
  ['answers missing data without a coded error', String(tally.missingWithoutCode), tally.missingWithoutCode === 0],
  ['errors without extensions.code', String(tally.uncodedErrors), tally.uncodedErrors === 0],
  // The soak is about clouds failing: answers the gateway refused for the caller's sake would mean it soaked nothing.
  ['answers refused for the caller (auth, limits, input)', String(refusedForCaller()), refusedForCaller() === 0],
  ['process restarts', String(restarts), restarts === 0],
  ['RSS growth (peak of the last third over peak of the first, after warm-up)', `${(growth * 100).toFixed(1)}%`, growth <= 0.2],
  ['exit code on SIGTERM', String(exitCode), exitCode === 0],
];
const failed = criteria.filter(([, , ok]) => !ok);

function refusedForCaller(): number {
  const callerCodes = ['UNAUTHENTICATED', 'FORBIDDEN', 'RATE_LIMITED', 'BAD_USER_INPUT', 'OPERATION_LIMIT_EXCEEDED', 'BAD_REQUEST'];
  return callerCodes.reduce((sum, code) => sum + (tally.errorCodes.get(code) ?? 0), 0);
}

console.log(`# Soak report

\`npm run soak -- --duration ${durationS} --concurrency ${concurrency} --fault-rate ${faultRate}\`: ${elapsedS.toFixed(0)} s at concurrency ${concurrency},
${(faultRate * 100).toFixed(0)}% of upstream calls faulted (5xx, throttling, resets, truncated, malformed and stalled bodies, evenly).

| criterion | value | |
|---|---|---|
${criteria.map(([name, value, ok]) => `| ${name} | ${value} | ${ok ? 'pass' : '**FAIL**'} |`).join('\n')}

| figure | value |
|---|---|
| requests | ${tally.requests} (${(tally.requests / elapsedS).toFixed(1)}/s) |
| answers with a coded error (partial or failed) | ${tally.withErrors} |
| error codes | ${[...tally.errorCodes].sort(([, a], [, b]) => b - a).map(([code, n]) => `${code} ${n}`).join(', ') || '-'} |
| requests the driver could not complete | ${tally.transportFailures} |
| latency p50 / p95 / p99 / max | ${percentile(50)} / ${percentile(95)} / ${percentile(99)} / ${sorted.length ? sorted[sorted.length - 1]!.toFixed(0) : '-'} ms |
| answers later than the request deadline + 100 ms, as the driver saw them | ${sorted.filter((ms) => ms > Number(GATEWAY_ENV.GATEWAY_REQUEST_TIMEOUT_MS) + 100).length} |
| upstream calls (gateway metrics) | ${sumOf('gateway_upstream_calls_total')} |
| upstream retries | ${sumOf('gateway_upstream_retries_total')} |
| breaker openings | ${sumOf('gateway_breaker_transitions_total', 'state="open"')} |
| RSS idle, before load | ${mib(rssIdle)} |
| RSS peak of the first / last third after the ${warmupS} s warm-up | ${mib(rssStart)} / ${mib(rssEnd)} |
| RSS over the run (s: MiB) | ${timeline.map((s) => `${s.atS.toFixed(0)}: ${(s.bytes / 1024 / 1024).toFixed(0)}`).join(', ')} |
`);
if (failed.length > 0) {
  console.log(`Failed: ${failed.map(([name]) => name).join(', ')}`);
  process.exit(1);
}
