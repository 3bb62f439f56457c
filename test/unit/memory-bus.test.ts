/** The in-memory event bus: every subscriber of an object hears its changes, and many of them are no warning. */
import { afterEach, describe, expect, it } from 'vitest';
import type { NodeModel } from '../../src/model.js';
import { createMemoryEventBus } from '../../src/subscriptions/bus.js';

const NODE = { id: 'huawei:cn-north-4:node:s1', status: 'RUNNING' } as NodeModel;

describe('the in-memory event bus', () => {
  const warnings: Error[] = [];
  const onWarning = (warning: Error) => warnings.push(warning);
  afterEach(() => void process.off('warning', onWarning));

  it('delivers a node to each of 50 subscribers of it, with no listener warning', async () => {
    process.on('warning', onWarning);
    const bus = createMemoryEventBus();
    const subscribers = Array.from({ length: 50 }, () => bus.nodes(NODE.id));
    const next = subscribers.map((s) => s.next());
    await new Promise((resolve) => setImmediate(resolve));
    bus.publishNode(NODE);
    expect((await Promise.all(next)).map((r) => r.value)).toEqual(subscribers.map(() => NODE));
    await Promise.all(subscribers.map((s) => s.return?.()));
    await new Promise((resolve) => setImmediate(resolve));
    expect(warnings.filter((w) => w.name === 'MaxListenersExceededWarning')).toEqual([]);
  });
});
