import { afterEach, describe, expect, it, vi } from 'vitest';
import { systemComponent } from '../helpers/system-component.js';

describe('systemComponent', () => {
  afterEach(() => vi.restoreAllMocks());

  it('is available when the program is there, without a line', () => {
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => {});
    expect(systemComponent('/bin/sh', 'x', {})).toEqual({ path: '/bin/sh', available: true });
    expect(warn).not.toHaveBeenCalled();
  });

  it('outside CI, skips with one loud line saying how to install it', () => {
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => {});
    expect(systemComponent('/nonexistent/redis-server', 'apt-get install -y redis-server', {}).available).toBe(false);
    expect(warn).toHaveBeenCalledTimes(1);
    expect(warn.mock.calls[0]?.[0]).toMatch(/SKIPPED.*\/nonexistent\/redis-server is missing: apt-get install -y redis-server/);
  });

  it('under CI=true, a missing program fails', () => {
    expect(() => systemComponent('/nonexistent/chromium', 'apt-get install -y chromium', { CI: 'true' })).toThrow(/CI=true requires it/);
  });
});
