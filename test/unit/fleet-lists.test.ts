/** Pages by region and ID with keyset cursors, and counts in a stable order. */
import { describe, expect, it } from 'vitest';
import { listHash } from '../../src/cursor.js';
import { countNodes, pageOf } from '../../src/fleet/lists.js';
import type { NodeModel } from '../../src/model.js';

const node = (region: string, n: number, more: Partial<NodeModel> = {}): NodeModel => ({
  id: `alibaba:${region}:node:n${String(n).padStart(3, '0')}`,
  provider: 'ALIBABA',
  nativeId: `n${n}`,
  region,
  ...more,
});

const region = (index: number, items: NodeModel[], asOf = 1_000) => ({ index, inventory: { asOf, items }, matched: items });

describe('fleet pages', () => {
  const list = listHash('test');

  it('walks regions in order and IDs within each, and a cursor neither repeats nor skips after a refresh', () => {
    const a = [1, 2, 3].map((n) => node('cn-a', n));
    const b = [1, 2].map((n) => node('cn-b', n));
    const first = pageOf([region(0, a), region(1, b)], { first: 2 }, list, 2, 100);
    expect(first.nodes.map((n) => n.id)).toEqual([a[0]!.id, a[1]!.id]);
    expect(first.pageInfo.hasNextPage).toBe(true);
    // The refreshed snapshot lost a[1] (the last one read) and gained a node before it: the next page goes on after a[1].
    const refreshed = [node('cn-a', 0), a[0]!, a[2]!];
    const second = pageOf([region(0, refreshed), region(1, b)], { first: 2, after: first.pageInfo.endCursor }, list, 2, 100);
    expect(second.nodes.map((n) => n.id)).toEqual([a[2]!.id, b[0]!.id]);
    const third = pageOf([region(0, refreshed), region(1, b)], { first: 2, after: second.pageInfo.endCursor }, list, 2, 100);
    expect(third.nodes.map((n) => n.id)).toEqual([b[1]!.id]);
    expect(third.pageInfo.hasNextPage).toBe(false);
    // A region that failed is skipped; a cursor into it goes on with the next one.
    expect(pageOf([region(1, b)], { first: 5, after: first.pageInfo.endCursor }, list, 2, 100).nodes).toHaveLength(2);
  });

  it('refuses a cursor of another list, and one that is not a cursor', () => {
    const page = pageOf([region(0, [node('cn-a', 1), node('cn-a', 2)])], { first: 1 }, list, 1, 100);
    expect(() => pageOf([], { after: page.pageInfo.endCursor }, listHash('other'), 1, 100)).toThrow(/different list/);
    expect(() => pageOf([], { after: Buffer.from('{"l":"x","s":9,"a":"y"}').toString('base64url') }, list, 1, 100)).toThrow(/not a cursor/);
    expect(() => pageOf([], { after: 'x'.repeat(5_000) }, list, 1, 100)).toThrow(/not a cursor/);
  });
});

describe('fleet counts', () => {
  it('orders rows by each dimension as asked: regions as configured, states as the enum, names alphabetically, null last', () => {
    const rows = countNodes(
      [
        { ...region(0, [node('cn-z', 1, { state: 'ERROR', machineType: 'b' }), node('cn-z', 2, { state: 'RUNNING', machineType: null }), node('cn-z', 3, { state: 'RUNNING', machineType: 'a' })], 5_000), provider: 'ALIBABA', region: 'cn-z' },
        { ...region(1, [node('cn-a', 4, { state: 'RUNNING', machineType: 'a' })], 2_000), provider: 'ALIBABA', region: 'cn-a' },
      ],
      ['REGION', 'STATE', 'MACHINE_TYPE', 'STATE'],
      ['cn-z', 'cn-a'],
    );
    expect(rows.map((r) => [r.region, r.state, r.machineType, r.count, r.provider, r.hyperClusterId])).toEqual([
      ['cn-z', 'RUNNING', 'a', 1, null, null],
      ['cn-z', 'RUNNING', null, 1, null, null],
      ['cn-z', 'ERROR', 'b', 1, null, null],
      ['cn-a', 'RUNNING', 'a', 1, null, null],
    ]);
    const byType = countNodes(
      [
        { ...region(0, [node('cn-z', 1, { machineType: 'a' })], 5_000), provider: 'ALIBABA', region: 'cn-z' },
        { ...region(1, [node('cn-a', 2, { machineType: 'a' })], 2_000), provider: 'ALIBABA', region: 'cn-a' },
      ],
      ['MACHINE_TYPE'],
      ['cn-z', 'cn-a'],
    );
    // A row that spans regions takes the oldest snapshot.
    expect(byType).toEqual([{ provider: null, region: null, state: null, machineType: 'a', hyperClusterId: null, count: 2, asOf: new Date(2_000).toISOString() }]);
    expect(countNodes([{ ...region(0, [], 3_000), provider: 'ALIBABA', region: 'cn-z' }], [], ['cn-z'])).toMatchObject([{ count: 0 }]);
  });
});
