/**
 * `npm run bench`: the gateway against its simulators, each query shape measured for upstream calls, latency and
 * throughput at fixed concurrency, next to two references: the same gateway with loaders off (a naive resolver per
 * field) and a bare graphql-yoga server on static in-memory data. Prints Markdown, writes JSON to bench/results/.
 *
 *   npm run bench -- --hypernodes 1667 --duration 5 --concurrency 10 --latency 20
 *   npm run bench -- --shapes fleet --duration 3     (only the fleet shapes; `calls` only the others)
 *   npm run bench -- --only subscriptions --interval 2000 --subscribers 1000   (the subscription shape alone)
 *   npm run bench -- --only workers --duration 3   (req/s with GATEWAY_WORKERS=1 and 2, over a redis-server of its own)
 *   npm run bench -- --profile --only queries      (also a CPU profile of the gateway per shape, in bench/results/)
 *   npm run bench -- --warmup 0                    (no warm-up load before the measured runs; default 3 s a target)
 *   npm run bench -- --pin --only queries          (the measured servers on CPU 0, the simulators and load on the rest)
 */
import autocannon from 'autocannon';
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { readFileSync, mkdirSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { cpus, totalmem } from 'node:os';
import { parseArgs } from 'node:util';
import { FLEET_SHAPES, fleetReport, measureFleet } from './fleet.js';
import { BENCH_API_KEY as API_KEY, benchGatewayEnv, nodeFlagsOfStart, root, spawnUntilReady } from './processes.js';
import { shapes, type Shape } from './shapes.js';
import { percentiles } from './percentiles.js';
import { benchSubscriptions, subscriptionReport } from './subscriptions.js';

const { values: flags } = parseArgs({
  options: {
    hypernodes: { type: 'string', default: '1667' },
    supernodes: { type: 'string', default: '8' },
    duration: { type: 'string', default: '5' },
    concurrency: { type: 'string', default: '10' },
    latency: { type: 'string', default: '20' },
    shapes: { type: 'string', default: 'all' },
    // The subscription shape: `--only subscriptions` runs it alone, `--only queries` leaves it out.
    only: { type: 'string', default: '' },
    interval: { type: 'string', default: '2000' },
    subscribers: { type: 'string', default: '1000' },
    // A CPU profile (node --cpu-prof) of a gateway of its own per shape, under --duration of load at 0 ms latency.
    profile: { type: 'boolean', default: false },
    // Seconds of unmeasured load on each target before its measured runs: once per shape when the processes have
    // started, then per shape again at the measured latency. The figures are of warm processes (V8 has optimised the
    // hot path, graphql-jit compiled the documents), not of their first seconds; cold costs have columns of their own.
    warmup: { type: 'string', default: '3' },
    // The measured servers (gateways, bare yoga) on CPU 0 and everything else (simulators, autocannon in this
    // process) on the other CPUs (Linux `taskset`), so the time a server adds is not time it waited for a core the
    // load generator held. Off by default: `npm start` shares its machine's cores.
    pin: { type: 'boolean', default: false },
  },
});
if (!['all', 'calls', 'fleet'].includes(flags.shapes!)) throw new Error('--shapes: all, calls or fleet');
const duration = Number(flags.duration);
const concurrency = Number(flags.concurrency);
const latencyMs = Number(flags.latency);
const warmupSeconds = Number(flags.warmup);

interface Running {
  child: ChildProcess;
  line: Record<string, unknown> | string;
}

/**
 * Starts an entry point in its own process and waits for the first stdout line matching `ready`. The gateway runs
 * compiled (`npm run build`, as `npm start` runs it); the bench's helpers run through tsx.
 */
async function start(script: string, args: string[], env: Record<string, string>, ready: RegExp, nodeFlags: string[] = []): Promise<Running> {
  const runner = script.endsWith('.js') ? [...nodeFlagsOfStart(), ...nodeFlags, script] : ['--import', 'tsx', script];
  const { child, line } = await spawnUntilReady([...runner, ...args], env, ready);
  if (flags.pin) pin(child.pid!, MEASURED.has(script) ? MEASURED_CPUS : OTHER_CPUS);
  return { child, line: line.startsWith('{') ? (JSON.parse(line) as Record<string, unknown>) : line };
}

/** The servers whose time is measured; with `--pin` they have CPU 0 to themselves. */
const MEASURED = new Set(['dist/main.js', 'bench/bare-yoga-process.ts']);
const MEASURED_CPUS = '0';
const OTHER_CPUS = cpus().length > 2 ? `1-${cpus().length - 1}` : '1';
/** Every thread of a process (and those it starts later) on `list` (Linux `taskset`, util-linux). */
function pin(pid: number, list: string): void {
  execFileSync('taskset', ['-a', '-c', '-p', list, String(pid)], { stdio: 'ignore' });
}
if (flags.pin) {
  if (cpus().length < 2) throw new Error('--pin needs at least 2 CPUs');
  pin(process.pid, OTHER_CPUS);
}

const profileDir = new URL(`bench/results/profiles-${new Date().toISOString().replace(/[:.]/g, '-')}/`, root);
const profiles: string[] = [];
/** Node flags that make a gateway write its CPU profile as `<name>.cpuprofile` when it exits (SIGTERM exits it cleanly). */
function cpuProfile(name: string): string[] {
  const file = `${name.toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-|-$/g, '')}.cpuprofile`;
  profiles.push(new URL(file, profileDir).pathname);
  return ['--cpu-prof', `--cpu-prof-dir=${profileDir.pathname}`, `--cpu-prof-name=${file}`];
}

/** Stops a gateway and waits until it has exited (and so written its profile). */
async function stopped(running: Running): Promise<void> {
  if (running.child.exitCode !== null || running.child.signalCode !== null) return;
  const exited = once(running.child, 'exit');
  running.child.kill('SIGTERM');
  await exited;
}

const urlIn = (line: string) => /(http:\/\/[^\s/]+)/.exec(line)![1]!;

/** Peak resident set size of a process, in MB (Linux VmHWM). */
function peakRssMb(pid: number): number {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  return Number(/VmHWM:\s+(\d+) kB/.exec(status)![1]) / 1024;
}

async function post(url: string, query: string): Promise<{ ms: number; body: { data?: unknown; errors?: unknown[] } }> {
  const started = performance.now();
  const response = await fetch(`${url}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${API_KEY}` },
    body: JSON.stringify({ query }),
  });
  const body = (await response.json()) as { data?: unknown; errors?: unknown[] };
  return { ms: performance.now() - started, body };
}

/**
 * `seconds` of load at `--concurrency`. The percentiles are of each 2xx answer's time as autocannon measured it
 * (`process.hrtime`), to a microsecond: its own histogram keeps whole milliseconds, cut down, which would read up to
 * 1 ms low next to the simulators' exact times.
 */
async function load(url: string, query: string, seconds = duration) {
  const times: number[] = [];
  const options = {
    url: `${url}/graphql`,
    method: 'POST' as const,
    headers: { 'content-type': 'application/json', authorization: `Bearer ${API_KEY}` },
    body: JSON.stringify({ query }),
    connections: concurrency,
    duration: seconds,
  };
  const result = await new Promise<autocannon.Result>((resolve, reject) => {
    const running = autocannon(options, (error: unknown, done: autocannon.Result) => (error ? reject(error) : resolve(done)));
    running.on('response', (_client, status, _bytes, ms) => {
      if (status < 300) times.push(ms);
    });
  });
  const { p50, p99 } = percentiles(times);
  return {
    p50: round(p50),
    p99: round(p99),
    rps: Math.round(result.requests.average),
    non2xx: result.non2xx,
    errors: result.errors + result.timeouts,
  };
}

const round = (ms: number) => Math.round(ms * 10) / 10;

/** `--warmup` seconds of load whose figures are dropped. */
async function warm(url: string, query: string): Promise<void> {
  if (warmupSeconds > 0) await load(url, query, warmupSeconds);
}

const control = async (base: string, path: string, method = 'POST') => (await fetch(`${base}${path}`, { method })).json() as Promise<{ total: number }>;

async function main() {
  const sims = await start('bench/simulators-process.ts', ['--hypernodes', flags.hypernodes!, '--supernodes', flags.supernodes!], {}, /^\{/);
  const simInfo = sims.line as { control: string; env: Record<string, string>; alibabaNodes: number; threeHyperNodes: string[] };
  const gatewayEnv = benchGatewayEnv(simInfo.env);
  if (flags.only === 'workers') {
    await workersShape(gatewayEnv);
    sims.child.kill('SIGTERM');
    return;
  }
  if (flags.only !== 'queries') await subscriptionShape(gatewayEnv, simInfo.control);
  if (flags.only === 'subscriptions') {
    sims.child.kill('SIGTERM');
    return;
  }
  // While only the simulators run: what a pause as long as the upstream latency costs this machine's cores.
  const pauseCost = (await start('bench/pause-cost.ts', ['--pause', String(latencyMs)], {}, /^\{/)).line as unknown as PauseCost;
  const running: Running[] = [sims];
  const peak: Record<string, number> = {};
  const rows = [];
  let fleetRows: Awaited<ReturnType<typeof measureFleet>> = [];
  try {
    if (flags.shapes !== 'fleet') {
      // The call shapes read the clouds for each request (snapshot off), so they show the calls the tests pin.
      const callsEnv = { ...gatewayEnv, GATEWAY_FLEET_TTL_MS: '0' };
      const [gateway, naive, bare, uncoalesced] = await Promise.all([
        start('dist/main.js', [], callsEnv, /ready/),
        start('dist/main.js', [], { ...callsEnv, GATEWAY_LOADERS: 'off' }, /ready/),
        start('bench/bare-yoga-process.ts', ['--hypernodes', flags.hypernodes!, '--supernodes', flags.supernodes!], {}, /^\{/),
        // The bench's connections all send the same document, so with coalescing their calls share one answer and
        // their requests finish in bursts; this one shows the latency each request adds on its own.
        start('dist/main.js', [], { ...callsEnv, GATEWAY_UPSTREAM_COALESCE: 'off' }, /ready/),
      ]);
      running.push(gateway, naive, bare, uncoalesced);
      const targets = {
        gateway: urlIn(gateway.line as string),
        naive: urlIn(naive.line as string),
        bare: (bare.line as { url: string }).url,
        uncoalesced: urlIn(uncoalesced.line as string),
      };
      try {
        await control(simInfo.control, '/latency?ms=0');
        for (const shape of shapes(simInfo.threeHyperNodes)) for (const url of Object.values(targets)) await warm(url, shape.query);
        for (const shape of shapes(simInfo.threeHyperNodes)) {
          rows.push(await measure(shape, targets, simInfo.control));
          console.error(`measured: ${shape.name}`);
        }
      } finally {
        Object.assign(peak, { gateway: peakRssMb(gateway.child.pid!), naive: peakRssMb(naive.child.pid!), bare: peakRssMb(bare.child.pid!) });
      }
      if (flags.profile) {
        // After the measured runs, so profiling never slows what they measure.
        await control(simInfo.control, '/latency?ms=0');
        for (const shape of shapes(simInfo.threeHyperNodes)) {
          const profiled = await start('dist/main.js', [], callsEnv, /ready/, cpuProfile(shape.name));
          try {
            await post(urlIn(profiled.line as string), shape.query);
            await load(urlIn(profiled.line as string), shape.query);
          } finally {
            await stopped(profiled);
          }
          console.error(`profiled: ${shape.name}`);
        }
      }
    }
    if (flags.shapes !== 'calls') {
      // measureFleet starts one gateway per fleet shape, in FLEET_SHAPES order; with --profile each writes its profile.
      let fleetShape = 0;
      const fleetExits: Promise<void>[] = [];
      fleetRows = await measureFleet(
        {
          startGateway: async () => {
            const name = `fleet ${FLEET_SHAPES[fleetShape++]?.name ?? fleetShape}`;
            const adminPort = await freePort();
            const fleetGateway = await start('dist/main.js', [], { ...gatewayEnv, GATEWAY_ADMIN_PORT: String(adminPort) }, /ready/, flags.profile ? cpuProfile(name) : []);
            // Its start-up probes of each region answered, so the cold call count is the walk's alone.
            await untilReady(`http://127.0.0.1:${adminPort}/readiness`);
            return { url: urlIn(fleetGateway.line as string), peakRssMb: () => peakRssMb(fleetGateway.child.pid!), stop: () => void fleetExits.push(stopped(fleetGateway)) };
          },
          post,
          load,
          warm,
          setLatency: async (ms) => void (await control(simInfo.control, `/latency?ms=${ms}`)),
          resetCalls: async () => void (await control(simInfo.control, '/reset')),
          calls: async () => (await control(simInfo.control, '/calls', 'GET')).total,
        },
        latencyMs,
      );
      await Promise.all(fleetExits);
    }
  } finally {
    for (const one of running) one.child.kill('SIGTERM');
    report(rows, peak, simInfo.alibabaNodes, fleetRows, pauseCost);
  }
}

/** 1,000 nodesChanged subscriptions over 100 nodes, on a gateway of its own (a key that may reboot, no subscription cap). */
async function subscriptionShape(gatewayEnv: Record<string, string>, simControl: string) {
  const intervalMs = Number(flags.interval);
  const gateway = await start(
    'dist/main.js',
    [],
    {
      ...benchGatewayEnv(gatewayEnv, 'read+write'),
      GATEWAY_MAX_SUBSCRIPTIONS: '100000',
      // Every SSE subscriber holds a connection, and the bench's own queries need some more.
      GATEWAY_MAX_CONNECTIONS: String(Number(flags.subscribers) + 100),
      GATEWAY_WATCH_INTERVAL_MS: String(intervalMs),
    },
    /ready/,
  );
  try {
    const result = await benchSubscriptions({ gatewayUrl: urlIn(gateway.line as string), apiKey: API_KEY, simControl, intervalMs, subscribers: Number(flags.subscribers), nodes: 100 });
    const peak = peakRssMb(gateway.child.pid!);
    console.log(subscriptionReport(result, peak).join('\n'));
    mkdirSync(new URL('bench/results/', root), { recursive: true });
    writeFileSync(new URL(`bench/results/subscriptions-${new Date().toISOString().replace(/[:.]/g, '-')}.json`, root), JSON.stringify({ ...result, peakRssMb: peak }, null, 2));
  } finally {
    gateway.child.kill('SIGTERM');
  }
}

/**
 * `--only workers`: req/s of one cheap read with GATEWAY_WORKERS=1 and =2, both over a redis-server of the bench's own
 * (loopback, no persistence). The gateway runs compiled, as `npm start` does.
 */
async function workersShape(gatewayEnv: Record<string, string>) {
  const redisPort = await freePort();
  const redis = spawn('/usr/bin/redis-server', ['--port', String(redisPort), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'], { stdio: 'ignore' });
  await new Promise((resolve) => setTimeout(resolve, 500));
  const query = '{ hyperClusters(first: 10) { nodes { id name } } }';
  const rows: string[] = ['| workers | req/s | p50 ms | p99 ms | non-2xx |', '|---|---|---|---|---|'];
  try {
    for (const workers of [1, 2]) {
      const port = await freePort();
      const env = { ...gatewayEnv, PORT: String(port), GATEWAY_ADMIN_PORT: String(await freePort()), GATEWAY_WORKERS: String(workers), GATEWAY_REDIS_URL: `redis://127.0.0.1:${redisPort}` };
      const gateway = await start('dist/main.js', [], env, /ready/);
      try {
        await new Promise((resolve) => setTimeout(resolve, workers > 1 ? 3_000 : 500)); // the other workers start too
        await post(`http://127.0.0.1:${port}`, query);
        const run = await load(`http://127.0.0.1:${port}`, query);
        rows.push(`| ${workers} | ${run.rps} | ${run.p50} | ${run.p99} | ${run.non2xx + run.errors} |`);
      } finally {
        gateway.child.kill('SIGTERM');
        await new Promise((resolve) => gateway.child.once('exit', resolve));
      }
    }
  } finally {
    redis.kill('SIGKILL');
  }
  console.log(['', `## Workers (${duration} s, ${concurrency} connections, \`${query}\`)`, '', ...rows, ''].join('\n'));
}

/**
 * Resets the simulators' call counts once they have had no call for 100 ms (up to 10 s): requests a load left
 * behind (autocannon drops its connections when it stops, and a gateway may finish what it had started) are
 * not counted as the next shape's.
 */
async function untilQuiet(simControl: string): Promise<void> {
  for (const until = Date.now() + 10_000; Date.now() < until; ) {
    await control(simControl, '/reset');
    await new Promise((resolve) => setTimeout(resolve, 100));
    if ((await control(simControl, '/calls', 'GET')).total === 0) return;
  }
  throw new Error('the simulators had calls for 10 s with no request made');
}

/** Waits (up to 10 s) for a gateway's `/readiness` to answer 200: every region has answered a call. */
async function untilReady(readiness: string): Promise<void> {
  for (const until = Date.now() + 10_000; Date.now() < until; await new Promise((resolve) => setTimeout(resolve, 50))) {
    if ((await fetch(readiness)).status === 200) return;
  }
  throw new Error(`not ready within 10 s: ${readiness}`);
}

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise((resolve) => server.close(resolve));
  return port;
}

async function measure(shape: Shape, targets: { gateway: string; naive: string; bare: string; uncoalesced: string }, simControl: string) {
  const calls: Record<string, number> = {};
  for (const mode of ['gateway', 'naive'] as const) {
    await control(simControl, '/latency?ms=0');
    await post(targets[mode], shape.query);
    await untilQuiet(simControl);
    const answer = await post(targets[mode], shape.query);
    if (answer.body.errors) throw new Error(`${shape.name} (${mode}) answered errors: ${JSON.stringify(answer.body.errors)}`);
    calls[mode] = (await control(simControl, '/calls', 'GET')).total;
  }
  // Sequential upstream rounds: the answer time with a long upstream latency, in units of that latency.
  await control(simControl, '/latency?ms=200');
  const rounds = Math.round((await post(targets.gateway, shape.query)).ms / 200);

  await control(simControl, `/latency?ms=${latencyMs}`);
  for (const url of [targets.gateway, targets.uncoalesced, targets.naive]) await warm(url, shape.query);
  // Each loaded run next to what the simulators took to answer its calls meanwhile (their latency included).
  const withServed = async (url: string) => {
    await control(simControl, '/reset');
    const run = await load(url, shape.query);
    return { run, served: (await control(simControl, '/served', 'GET')) as unknown as Served };
  };
  const [gatewayRun, uncoalescedRun] = [await withServed(targets.gateway), await withServed(targets.uncoalesced)];
  const slow = { gateway: gatewayRun.run, naive: await load(targets.naive, shape.query), uncoalesced: uncoalescedRun.run };
  await control(simControl, '/latency?ms=0');
  await warm(targets.bare, shape.query);
  const fast = { gateway: await load(targets.gateway, shape.query), naive: await load(targets.naive, shape.query), bare: await load(targets.bare, shape.query) };
  const criticalPath = rounds * latencyMs;
  return {
    shape: shape.name,
    expectedCalls: shape.expectedCalls,
    calls,
    rounds,
    withLatency: {
      latencyMs,
      criticalPathMs: criticalPath,
      addedP50: slow.gateway.p50 - criticalPath,
      addedP99: slow.gateway.p99 - criticalPath,
      uncoalescedAddedP50: slow.uncoalesced.p50 - criticalPath,
      uncoalescedAddedP99: slow.uncoalesced.p99 - criticalPath,
      // Over what the upstream took, measured at the simulators: the gateway's own share of the time.
      served: gatewayRun.served,
      overServedP50: slow.gateway.p50 - rounds * gatewayRun.served.p50,
      overServedP99: slow.gateway.p99 - rounds * gatewayRun.served.p99,
      uncoalescedServed: uncoalescedRun.served,
      uncoalescedOverServedP50: slow.uncoalesced.p50 - rounds * uncoalescedRun.served.p50,
      uncoalescedOverServedP99: slow.uncoalesced.p99 - rounds * uncoalescedRun.served.p99,
      ...slow,
    },
    noLatency: { ...fast, ofBare: fast.gateway.rps / fast.bare.rps },
  };
}

/** bench/pause-cost.ts: the same work back to back and after a pause of the upstream latency, median ms. */
interface PauseCost {
  pauseMs: number;
  backToBackMs: number;
  afterPauseMs: number;
  factor: number;
}

/** What the simulators took to answer calls, latency included (`GET /served`). */
interface Served {
  count: number;
  p50: number;
  p99: number;
}

function report(rows: Awaited<ReturnType<typeof measure>>[], peak: Record<string, number>, nodes: number, fleetRows: Awaited<ReturnType<typeof measureFleet>>, pauseCost: PauseCost) {
  const machine = `${cpus().length} × ${cpus()[0]?.model ?? 'cpu'}, ${Math.round(totalmem() / 2 ** 30)} GiB, Node ${process.version}`;
  const lines = [
    `# hypernode-gateway bench`,
    '',
    `${new Date().toISOString()} · ${machine} · fleet ${nodes} Alibaba nodes · concurrency ${concurrency} · ${duration} s per run${flags.pin ? ` · servers pinned to CPU ${MEASURED_CPUS}, the rest to ${OTHER_CPUS}` : ''}`,
    '',
    `A pause costs this machine ${pauseCost.factor}×: the same work (bench/pause-cost.ts) takes ${pauseCost.afterPauseMs} ms after a ${pauseCost.pauseMs} ms pause, ${pauseCost.backToBackMs} ms back to back. A request's work after its upstream answer comes after such a pause.`,
    '',
    `## Upstream calls per request, and latency with ${latencyMs} ms upstream latency`,
    '',
    'Added: the p50 and p99 above the critical path (rounds × upstream latency). Over upstream: above rounds × the',
    "p50 (p99) of the time the simulators took to answer the run's calls, measured at the simulators (latency, their",
    'own work and their share of these two cores): the time the gateway itself adds. "Each alone": the same with',
    '`GATEWAY_UPSTREAM_COALESCE=off`, where the identical requests of the bench do not finish in bursts.',
    '',
    '| shape | calls (pinned) | calls naive | naive/gateway | rounds | p50 ms | p99 ms | added p50 | added p99 | upstream p50 / p99 | over upstream p50 | p99 | each alone: over upstream p50 | p99 | naive p50 | req/s |',
    '|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|',
    ...rows.map((r) => {
      const slow = r.withLatency;
      return `| ${r.shape} | ${r.calls.gateway} (${r.expectedCalls ?? '—'}) | ${r.calls.naive} | ${(r.calls.naive! / r.calls.gateway!).toFixed(1)}× | ${r.rounds} | ${slow.gateway.p50} | ${slow.gateway.p99} | ${slow.addedP50.toFixed(1)} | ${slow.addedP99.toFixed(1)} | ${slow.served.p50.toFixed(1)} / ${slow.served.p99.toFixed(1)} | ${slow.overServedP50.toFixed(1)} | ${slow.overServedP99.toFixed(1)} | ${slow.uncoalescedOverServedP50.toFixed(1)} | ${slow.uncoalescedOverServedP99.toFixed(1)} | ${slow.naive.p50} | ${slow.gateway.rps} |`;
    }),
    '',
    '## Throughput with 0 ms upstream latency',
    '',
    '| shape | gateway req/s | p50 | p99 | naive req/s | bare yoga req/s | gateway / bare |',
    '|---|---|---|---|---|---|---|',
    ...rows.map(
      (r) =>
        `| ${r.shape} | ${r.noLatency.gateway.rps} | ${r.noLatency.gateway.p50} | ${r.noLatency.gateway.p99} | ${r.noLatency.naive.rps} | ${r.noLatency.bare.rps} | ${(r.noLatency.ofBare * 100).toFixed(0)}% |`,
    ),
    '',
    ...(peak.gateway !== undefined ? [`Peak RSS: gateway ${peak.gateway.toFixed(0)} MB, naive ${peak.naive!.toFixed(0)} MB, bare yoga ${peak.bare!.toFixed(0)} MB.`, ''] : []),
    ...(fleetRows.length > 0 ? fleetReport(fleetRows, latencyMs) : []),
  ];
  const failures = [...rows.flatMap((r) => [...Object.values(r.withLatency), ...Object.values(r.noLatency)] as unknown[]), ...fleetRows.map((r) => r.warm)]
    .filter(isRun)
    .filter((run) => run.non2xx || run.errors);
  if (failures.length) lines.push(`**${failures.length} runs saw non-2xx answers or errors.**`, '');
  console.log(lines.join('\n'));
  mkdirSync(new URL('bench/results/', root), { recursive: true });
  const file = new URL(`bench/results/bench-${new Date().toISOString().replace(/[:.]/g, '-')}.json`, root);
  writeFileSync(file, JSON.stringify({ machine, flags, nodes, pauseCost, peakRssMb: peak, rows, fleet: fleetRows }, null, 2));
  console.log(`JSON: ${file.pathname}`);
  if (profiles.length > 0) console.log(`CPU profiles (open in Chrome DevTools > Performance, or speedscope):\n${profiles.map((p) => `- ${p}`).join('\n')}`);
}

function isRun(value: unknown): value is { non2xx: number; errors: number } {
  return typeof value === 'object' && value !== null && 'non2xx' in value;
}

await main();
