/** The docs write the seed's IDs out; code and tests import them from src/simulators/seed-ids.ts. This keeps the two equal. */
import { readdirSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { HUAWEI_SEED } from '../../src/simulators/seed-ids.js';
import { SEED, SEED_HUAWEI } from '../helpers/stack.js';

const root = new URL('../../', import.meta.url);
const read = (path: string) => readFileSync(new URL(path, root), 'utf8');
const examples = readdirSync(new URL('examples/graphiql/', root)).filter((f) => f.endsWith('.graphql'));
const GLOBAL_ID = /\b(?:alibaba|huawei):[a-z0-9-]+:(?:hypercluster|hypernode|node|disk|task):[A-Za-z0-9_-]+/g;

describe("the seed's IDs in the docs", () => {
  it.each(['README.md', ...examples.map((f) => `examples/graphiql/${f}`)])('%s names only objects the simulators seed', (path) => {
    const seeded = [SEED.hyperNodeId, SEED.nodeId, SEED.clusterId, SEED_HUAWEI.clusterId];
    for (const id of read(path).match(GLOBAL_ID) ?? []) expect(seeded, `${path}: ${id}`).toContain(id);
  });

  it('the GraphiQL tabs explore the seed and create in its subnet', () => {
    const explore = read('examples/graphiql/explore-seed.graphql');
    expect(explore).toContain(SEED.hyperNodeId);
    expect(explore).toContain(SEED_HUAWEI.clusterId);
    expect(read('examples/graphiql/create-hyper-cluster.graphql')).toContain(HUAWEI_SEED.subnetId);
  });
});
