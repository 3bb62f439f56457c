/**
 * What a pause costs on this machine: the same piece of request-like work (parse a JSON body, sign it with
 * HMAC-SHA256, execute a GraphQL document with graphql-js, serialize the result) timed back to back, and each run
 * after a pause of `--pause` ms (the bench's upstream latency). On a machine whose cores keep their caches, the two
 * are alike; on a shared virtual machine, where the core runs someone else's work meanwhile, the run after a pause
 * can take twice as long. The gateway's work at the bench's latency comes after such pauses (its requests wait for
 * the upstream), so `npm run bench` prints this next to the latency it measures. Prints one JSON line.
 *
 *   npx tsx bench/pause-cost.ts --pause 20
 */
import { createHmac } from 'node:crypto';
import { parseArgs } from 'node:util';
import { buildSchema, graphql } from 'graphql';

const { values } = parseArgs({ options: { pause: { type: 'string', default: '20' }, runs: { type: 'string', default: '150' } } });
const pauseMs = Number(values.pause);
const runs = Number(values.runs);

const schema = buildSchema('type Query { nodes(first: Int!): [Node!]! } type Node { id: ID! name: String! status: String! tags: [String!]! hyperNode: Node }');
const rootValue = {
  nodes: ({ first }: { first: number }) =>
    Array.from({ length: first }, (_, i) => ({ id: `node-${i}`, name: `e01-cn-${i}`, status: 'Running', tags: ['gpu', 'rdma'], hyperNode: { id: `hn-${i % 4}`, name: 'hn', status: 'Running', tags: [] } })),
};
const body = JSON.stringify(Array.from({ length: 200 }, (_, i) => ({ NodeId: `e01-cn-${i}`, Status: 'Running', MachineType: 'efg2.C48cA3sNsAm', Tags: [{ Key: 'team', Value: 'ml' }] })));
const source = '{ nodes(first: 20) { id name status tags hyperNode { id name } } }';

async function work(): Promise<number> {
  JSON.parse(body);
  createHmac('sha256', 'secret').update(body).digest('hex');
  const result = await graphql({ schema, rootValue, source });
  return JSON.stringify(result).length;
}

const median = (times: number[]) => [...times].sort((a, b) => a - b)[Math.floor(times.length / 2)]!;
async function timed(before: () => Promise<void>): Promise<number> {
  const times: number[] = [];
  for (let i = 0; i < runs; i++) {
    await before();
    const started = performance.now();
    await work();
    times.push(performance.now() - started);
  }
  return median(times);
}

for (let i = 0; i < 2_000; i++) await work(); // V8 has optimised it
const backToBackMs = await timed(async () => undefined);
const afterPauseMs = await timed(() => new Promise((resolve) => setTimeout(resolve, pauseMs)));
const round = (ms: number) => Math.round(ms * 1000) / 1000;
console.log(JSON.stringify({ pauseMs, backToBackMs: round(backToBackMs), afterPauseMs: round(afterPauseMs), factor: Math.round((afterPauseMs / backToBackMs) * 100) / 100 }));
