/**
 * The fleet shapes of `npm run bench`: each measured on a fresh gateway (snapshot on, the default TTL), first cold
 * (the request that walks the fleet, at the bench's upstream latency), then warm (from the snapshot) under load.
 * Targets (README, Performance): a cold walk of the 10,000-node fleet within 2 s at 20 ms upstream latency; warm
 * nodeCounts at least 1,000 req/s at concurrency 10 with p99 within 20 ms; peak RSS within 200 MB.
 */

export interface FleetShape {
  name: string;
  query: string;
}

export const FLEET_SHAPES: readonly FleetShape[] = [
  { name: 'nodeCounts by provider and state', query: '{ nodeCounts(groupBy: [PROVIDER, STATE]) { provider state count asOf } }' },
  { name: 'allNodes in ERROR, first 100', query: '{ allNodes(filter: { state: [ERROR] }, first: 100) { totalCount nodes { id state } } }' },
];

export const FLEET_TARGETS = { coldMs: 2_000, warmRps: 1_000, warmP99Ms: 20, peakRssMb: 200 };

export interface FleetTools {
  /** A fresh gateway (snapshot on): its URL, its peak RSS so far, and how to stop it. */
  startGateway(): Promise<{ url: string; peakRssMb(): number; stop(): void }>;
  post(url: string, query: string): Promise<{ ms: number; body: { data?: unknown; errors?: unknown[] } }>;
  load(url: string, query: string): Promise<{ p50: number; p99: number; rps: number; non2xx: number; errors: number }>;
  /** Unmeasured load first, so the warm figures are of a settled process, not of the seconds after the walk. */
  warm(url: string, query: string): Promise<void>;
  setLatency(ms: number): Promise<void>;
  resetCalls(): Promise<void>;
  calls(): Promise<number>;
}

export async function measureFleet(tools: FleetTools, latencyMs: number) {
  const rows = [];
  for (const shape of FLEET_SHAPES) {
    const gateway = await tools.startGateway();
    try {
      await tools.setLatency(latencyMs);
      await tools.resetCalls();
      const cold = await tools.post(gateway.url, shape.query);
      if (cold.body.errors) throw new Error(`${shape.name} answered errors: ${JSON.stringify(cold.body.errors)}`);
      const coldCalls = await tools.calls();
      await tools.resetCalls();
      const warmOnce = await tools.post(gateway.url, shape.query);
      const warmCalls = await tools.calls();
      await tools.warm(gateway.url, shape.query);
      const warm = await tools.load(gateway.url, shape.query);
      rows.push({ shape: shape.name, coldMs: cold.ms, coldCalls, warmOnceMs: warmOnce.ms, warmCalls, warm, peakRssMb: gateway.peakRssMb() });
      console.error(`measured: ${shape.name} (fleet)`);
    } finally {
      gateway.stop();
      await tools.setLatency(0);
    }
  }
  return rows;
}

export function fleetReport(rows: Awaited<ReturnType<typeof measureFleet>>, latencyMs: number): string[] {
  const t = FLEET_TARGETS;
  const mark = (ok: boolean) => (ok ? 'met' : '**missed**');
  return [
    `## Fleet views on the snapshot (cold: the walking request at ${latencyMs} ms upstream latency; warm: from the snapshot)`,
    '',
    `| shape | cold ms (≤ ${t.coldMs}) | cold calls | warm calls | warm req/s (≥ ${t.warmRps}) | warm p50 | warm p99 (≤ ${t.warmP99Ms}) | peak RSS MB (≤ ${t.peakRssMb}) | targets |`,
    '|---|---|---|---|---|---|---|---|---|',
    ...rows.map((r) => {
      const counts = r.shape.startsWith('nodeCounts');
      const ok = r.coldMs <= t.coldMs && r.peakRssMb <= t.peakRssMb && (!counts || (r.warm.rps >= t.warmRps && r.warm.p99 <= t.warmP99Ms));
      return `| ${r.shape} | ${r.coldMs.toFixed(0)} | ${r.coldCalls} | ${r.warmCalls} | ${r.warm.rps} | ${r.warm.p50} | ${r.warm.p99} | ${r.peakRssMb.toFixed(0)} | ${mark(ok)} |`;
    }),
    '',
  ];
}
