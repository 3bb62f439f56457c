import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config/index.js';
import { usePrettyLogs } from '../../src/log-output.js';

describe('log format', () => {
  it('is pretty in a terminal and JSON otherwise, unless LOG_FORMAT says', () => {
    expect(usePrettyLogs('auto', true)).toBe(true);
    expect(usePrettyLogs('auto', false)).toBe(false);
    expect(usePrettyLogs('pretty', false)).toBe(true);
    expect(usePrettyLogs('json', true)).toBe(false);
  });

  it('LOG_FORMAT takes pretty or json; anything else is one line naming it', () => {
    expect(loadConfig({}).log.format).toBe('auto');
    expect(loadConfig({ LOG_FORMAT: 'json' }).log.format).toBe('json');
    expect(() => loadConfig({ LOG_FORMAT: 'yaml' })).toThrow(/LOG_FORMAT: must be pretty or json/);
  });
});
