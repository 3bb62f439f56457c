/**
 * The subscription shape of `npm run bench`: 1,000 open `nodesChanged` subscriptions over 100 Alibaba nodes
 * (10 per node, over Server-Sent Events). It reports upstream calls per watch interval next to those of 100
 * subscriptions (one per node), the delivery latency of the event a reboot causes (from the mutation's answer to each
 * subscriber's event), and the gateway's peak RSS.
 */

export interface SubscriptionBenchOptions {
  gatewayUrl: string;
  apiKey: string;
  /** The simulators' control API (`GET /calls`, `POST /reset`). */
  simControl: string;
  intervalMs: number;
  subscribers: number;
  nodes: number;
}

export interface SubscriptionBenchResult {
  nodes: number;
  subscribers: number;
  intervalMs: number;
  callsPerIntervalOnePerNode: number;
  callsPerInterval: number;
  deliveredEvents: number;
  latencyP50Ms: number;
  latencyP99Ms: number;
  latencyMaxMs: number;
}

interface Subscriber {
  firstEventAt: Promise<number>;
  close(): void;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

async function gql<T>(options: SubscriptionBenchOptions, query: string, variables: Record<string, unknown> = {}): Promise<T> {
  const response = await fetch(`${options.gatewayUrl}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${options.apiKey}` },
    body: JSON.stringify({ query, variables }),
  });
  const body = (await response.json()) as { data?: T; errors?: unknown[] };
  if (body.errors || !body.data) throw new Error(`bench query failed: ${JSON.stringify(body.errors)}`);
  return body.data;
}

/** One SSE subscription; resolves `firstEventAt` with the time its first event arrived. */
async function subscribe(options: SubscriptionBenchOptions, nodeId: string): Promise<Subscriber> {
  const controller = new AbortController();
  const response = await fetch(`${options.gatewayUrl}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', accept: 'text/event-stream', authorization: `Bearer ${options.apiKey}` },
    body: JSON.stringify({ query: 'subscription ($ids: [ID!]!) { nodesChanged(ids: $ids) { id status state } }', variables: { ids: [nodeId] } }),
    signal: controller.signal,
  });
  if (!response.ok || !response.body) throw new Error(`subscription refused: ${response.status}`);
  const firstEventAt = (async () => {
    const decoder = new TextDecoder();
    let text = '';
    for await (const chunk of response.body as unknown as AsyncIterable<Uint8Array>) {
      text += decoder.decode(chunk, { stream: true });
      if (/event: next\ndata: .*"nodesChanged"/.test(text)) return performance.now();
      if (/event: next\ndata: .*"errors"/.test(text)) throw new Error(`subscription error: ${text.slice(0, 300)}`);
    }
    throw new Error('subscription ended without an event');
  })();
  firstEventAt.catch(() => {});
  return { firstEventAt, close: () => controller.abort() };
}

async function callsPerInterval(options: SubscriptionBenchOptions, intervals: number): Promise<number> {
  await sleep(options.intervalMs * 2); // watchers started and past their first reads
  await fetch(`${options.simControl}/reset`, { method: 'POST' });
  await sleep(options.intervalMs * intervals);
  const { total } = (await (await fetch(`${options.simControl}/calls`)).json()) as { total: number };
  return total / intervals;
}

const percentile = (sorted: readonly number[], p: number) => sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!;

export async function benchSubscriptions(options: SubscriptionBenchOptions): Promise<SubscriptionBenchResult> {
  const page = await gql<{ hyperNodes: { nodes: Array<{ nodes: Array<{ id: string; status: string | null }> }> } }>(
    options,
    '{ hyperNodes(provider: ALIBABA, first: 100) { nodes { nodes { id status } } } }',
  );
  const nodeIds = page.hyperNodes.nodes.flatMap((h) => h.nodes).filter((n) => n.status === 'Using').map((n) => n.id).slice(0, options.nodes);
  if (nodeIds.length < options.nodes) throw new Error(`only ${nodeIds.length} rebootable nodes found`);

  const onePerNode = await Promise.all(nodeIds.map((id) => subscribe(options, id)));
  const baseline = await callsPerInterval(options, 5);
  for (const s of onePerNode) s.close();
  await sleep(options.intervalMs);

  const all: Subscriber[] = [];
  for (let i = 0; i < options.subscribers; i += 100) {
    all.push(...(await Promise.all(Array.from({ length: Math.min(100, options.subscribers - i) }, (_, j) => subscribe(options, nodeIds[(i + j) % nodeIds.length]!)))));
  }
  const shared = await callsPerInterval(options, 5);

  // The steps above are whole intervals from the watchers' start: without an offset the change would always land just
  // after a round's read, the worst case, rather than anywhere in an interval as changes do.
  await sleep(options.intervalMs / 2);
  await gql(options, 'mutation ($ids: [ID!]!) { rebootNodes(input: { ids: $ids }) { failures { code } } }', { ids: nodeIds });
  const changedAt = performance.now();
  const arrivals = await Promise.allSettled(all.map((s) => s.firstEventAt));
  for (const s of all) s.close();
  const latencies = arrivals.flatMap((a) => (a.status === 'fulfilled' ? [a.value - changedAt] : [])).sort((a, b) => a - b);
  return {
    nodes: nodeIds.length,
    subscribers: all.length,
    intervalMs: options.intervalMs,
    callsPerIntervalOnePerNode: baseline,
    callsPerInterval: shared,
    deliveredEvents: latencies.length,
    latencyP50Ms: Math.round(percentile(latencies, 50)),
    latencyP99Ms: Math.round(percentile(latencies, 99)),
    latencyMaxMs: Math.round(latencies.at(-1) ?? Number.NaN),
  };
}

export function subscriptionReport(result: SubscriptionBenchResult, peakRssMb: number): string[] {
  const withinTarget = result.latencyP99Ms <= result.intervalMs + 100;
  return [
    `## Subscriptions: ${result.subscribers} nodesChanged over ${result.nodes} nodes (SSE, ${result.intervalMs} ms watch interval)`,
    '',
    '| upstream calls per interval, 1 subscriber per node | with 10 per node | events delivered | latency p50 ms | p99 ms (target ≤ interval + 100) | max ms | gateway peak RSS MB (target ≤ 250) |',
    '|---|---|---|---|---|---|---|',
    `| ${result.callsPerIntervalOnePerNode.toFixed(1)} | ${result.callsPerInterval.toFixed(1)} | ${result.deliveredEvents} / ${result.subscribers} | ${result.latencyP50Ms} | ${result.latencyP99Ms}${withinTarget ? '' : ' (missed)'} | ${result.latencyMaxMs} | ${peakRssMb.toFixed(0)} |`,
    '',
  ];
}
