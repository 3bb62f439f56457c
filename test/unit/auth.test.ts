import { describe, expect, it } from 'vitest';
import { apiKeyMatcher, parseApiKeys } from '../../src/auth/api-keys.js';
import { authenticator } from '../../src/auth/authenticate.js';
import { describeAuth } from '../../src/auth/banner.js';
import { withDevKey } from '../../src/auth/dev-key.js';
import { loadConfig } from '../../src/config/index.js';

describe('API keys', () => {
  const { keys } = parseApiKeys('frontend=k1-frontend-key-0000:read,tools=k2-tools-key-000000:read+write,ops=k:3-ops-key-0000000:read+write+secrets');

  it('takes the key up to the last colon, so a key may hold one', () => {
    expect(keys.map((k) => [k.name, k.key])).toEqual([
      ['frontend', 'k1-frontend-key-0000'],
      ['tools', 'k2-tools-key-000000'],
      ['ops', 'k:3-ops-key-0000000'],
    ]);
  });

  it('matches a token to its key exactly', () => {
    const match = apiKeyMatcher(keys);
    expect(match('k2-tools-key-000000')).toEqual({ name: 'tools', kind: 'api-key', scopes: new Set(['read', 'write']) });
    expect(match('k:3-ops-key-0000000')?.name).toBe('ops');
    for (const near of ['k', 'k22', 'K2', ' k2-tools-key-000000', 'k2-tools-key-000000 ', '', 'tools']) expect(match(near)).toBeNull();
  });
});

describe('the Authorization header', () => {
  const authenticate = authenticator(loadConfig({ GATEWAY_API_KEYS: 'tools=k2-tools-key-000000:read+write' }).auth);

  it.each([
    ['Bearer k2-tools-key-000000', 'tools'],
    ['bearer k2-tools-key-000000', 'tools'],
    ['Bearer   k2-tools-key-000000', 'tools'],
  ])('accepts %j', async (header, name) => {
    expect(await authenticate(header)).toMatchObject({ principal: { name } });
  });

  it.each([
    [null, 'no Authorization header'],
    ['', 'no Authorization header'],
    ['k2-tools-key-000000', 'not a Bearer token'],
    ['Bearer', 'not a Bearer token'],
    ['Bearer k2-tools-key-000000 k2-tools-key-000000', 'not a Bearer token'],
    [`Bearer ${'k'.repeat(10_000)}`, 'not a Bearer token'],
    ['Bearer a.b.c', 'unknown token'],
    ['Bearer k3-ops-key-00000000', 'unknown token'],
  ])('refuses %j: %s', async (header, reason) => {
    expect(await authenticate(header)).toEqual({ reason });
  });
});

describe('the development key', () => {
  it('is made in simulated mode when nothing else is configured, with every scope', async () => {
    const config = withDevKey(loadConfig({}));
    expect(config.auth.devKey).toMatch(/^dev-[\w-]{32}$/);
    expect(await authenticator(config.auth)(`Bearer ${config.auth.devKey}`)).toEqual({
      principal: { name: 'dev', kind: 'api-key', scopes: new Set(['read', 'write', 'secrets', 'explore']) },
    });
    expect(describeAuth(config)[0]).toBe(`development key (every scope): ${config.auth.devKey}`);
    expect(withDevKey(loadConfig({})).auth.devKey).not.toBe(config.auth.devKey);
  });

  it.each([
    ['configured keys', { GATEWAY_API_KEYS: 'a=k-just-long-enough:read' }],
    ['GATEWAY_AUTH=none', { GATEWAY_AUTH: 'none' }],
    ['live mode', { GATEWAY_MODE: 'live', GATEWAY_AUTH: 'none', ALIBABA_CLOUD_ACCESS_KEY_ID: 'i', ALIBABA_CLOUD_ACCESS_KEY_SECRET: 's' }],
  ])('is not made with %s', (_, env) => {
    expect(withDevKey(loadConfig(env)).auth.devKey).toBeNull();
  });

  it('is the only credential the banner prints', () => {
    const lines = describeAuth(loadConfig({ GATEWAY_API_KEYS: 'frontend=secret-one-0123456789:read,tools=secret-two-0123456789:write' }));
    expect(lines).toEqual(['auth: API keys frontend, tools']);
  });

  it('warns in the banner when GATEWAY_AUTH=none', () => {
    expect(describeAuth(loadConfig({ GATEWAY_AUTH: 'none' }))[0]).toMatch(/^WARNING: GATEWAY_AUTH=none/);
  });
});
