import { describe, expect, it } from 'vitest';
import { isoFromCloudString, isoFromEpochMs } from '../../src/time.js';

describe('cloud times', () => {
  it.each([
    ['2022-11-30T02:00:00.852Z', '2022-11-30T02:00:00.852Z'],
    ['2026-05-14T00:00:00', '2026-05-14T00:00:00.000Z'],
    ['2026-05-14T00:00:00Z', '2026-05-14T00:00:00.000Z'],
    ['2026-05-14T00:00:00.123', '2026-05-14T00:00:00.123Z'],
    ['2026-05-31T23:59:59', '2026-05-31T23:59:59.000Z'],
    ['2026-05-14 00:00:00', '2026-05-14T00:00:00.000Z'],
    ['2026-05-14T00:00:00+08:00', '2026-05-13T16:00:00.000Z'],
    ['2026-02-30T00:00:00', '2026-03-02T00:00:00.000Z'],
    ['2026-13-01T00:00:00', null],
    ['garbage', null],
    ['', null],
  ])('reads %j as %j, zone-less times as UTC', (raw, iso) => {
    expect(isoFromCloudString(raw)).toBe(iso);
  });

  it('reads epoch milliseconds', () => {
    expect(isoFromEpochMs(1735689600000)).toBe('2025-01-01T00:00:00.000Z');
    expect(isoFromEpochMs(0)).toBeNull();
    expect(isoFromEpochMs('x')).toBeNull();
  });
});
