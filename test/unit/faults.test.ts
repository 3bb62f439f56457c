import { describe, expect, it } from 'vitest';
import { FaultInjector, evenFaults } from '../../src/simulators/faults.js';

const kindsOf = (faults: FaultInjector, operation: string, calls: number) =>
  Array.from({ length: calls }, () => faults.plan(operation).fault);

describe('simulator fault injection', () => {
  it('injects nothing by default and adds no latency', () => {
    const faults = new FaultInjector();
    expect(kindsOf(faults, 'ListHyperNodes', 50).every((fault) => fault === null)).toBe(true);
    expect(faults.plan('ListHyperNodes').latencyMs).toBe(0);
  });

  it('draws the same faults for the same seed, about as often as asked', () => {
    const settings = { seed: 7, errorRate: 0.1, throttleRate: 0.1, resetRate: 0.1 };
    const first = kindsOf(new FaultInjector(settings), 'X', 2000);
    expect(kindsOf(new FaultInjector(settings), 'X', 2000)).toEqual(first);
    for (const kind of ['error', 'throttle', 'reset'] as const) {
      const share = first.filter((fault) => fault === kind).length / first.length;
      expect(share).toBeGreaterThan(0.07);
      expect(share).toBeLessThan(0.13);
    }
    expect(first.filter((fault) => fault === null).length / first.length).toBeGreaterThan(0.6);
  });

  it('stops after maxFaults, counts what it injected, and starts afresh on reset', () => {
    const faults = new FaultInjector({ errorRate: 1, maxFaults: 2, latencyMs: 5 });
    expect(kindsOf(faults, 'X', 4)).toEqual(['error', 'error', null, null]);
    expect(faults.injected.snapshot()).toEqual({ error: 2 });
    faults.reset();
    expect(faults.plan('X')).toEqual({ latencyMs: 0, fault: null });
    expect(faults.injected.total()).toBe(0);
  });

  it('lets one operation have its own faults', () => {
    const faults = new FaultInjector({ operations: { ShowDevServer: { stallRate: 1, latencyMs: 20 } } });
    expect(faults.plan('ShowDevServer')).toEqual({ latencyMs: 20, fault: 'stall' });
    expect(faults.plan('ListDevServers')).toEqual({ latencyMs: 0, fault: null });
  });

  it('spreads SIMULATOR_FAULT_RATE evenly over the kinds named', () => {
    expect(evenFaults(0.2, ['error', 'throttle'], { latencyMs: 3 })).toEqual({ latencyMs: 3, errorRate: 0.1, throttleRate: 0.1 });
  });
});
