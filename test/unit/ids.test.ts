import { describe, expect, it } from 'vitest';
import { GatewayError } from '../../src/errors.js';
import { globalId, parseId } from '../../src/ids.js';

describe('global IDs', () => {
  it('round-trips <provider>:<region>:<kind>:<nativeId>', () => {
    const id = globalId('ALIBABA', 'cn-wulanchabu', 'hypernode', 'e01-cn-zvp2tgykr08');
    expect(id).toBe('alibaba:cn-wulanchabu:hypernode:e01-cn-zvp2tgykr08');
    expect(parseId(id, 'hypernode')).toEqual({
      provider: 'ALIBABA',
      region: 'cn-wulanchabu',
      kind: 'hypernode',
      nativeId: 'e01-cn-zvp2tgykr08',
    });
    expect(parseId('huawei:cn-north-4:hypercluster:74437437-6810-43b8-ba20-8f8e5bc034da', 'hypercluster').provider).toBe('HUAWEI');
  });

  it.each([
    ['', 'is not a global ID'],
    ['alibaba:cn-wulanchabu:hypernode', 'is not a global ID'],
    ['alibaba:cn-wulanchabu:hypernode:a:b', 'is not a global ID'],
    ['ALIBABA:cn-wulanchabu:hypernode:e01', 'unknown provider'],
    ['alibaba:Cn_Wulanchabu:hypernode:e01', 'is not a region name'],
    ['alibaba:cn-wulanchabu:server:e01', 'unknown kind'],
    ['alibaba:cn-wulanchabu:node:e01', 'names a node, not a hypernode'],
    ['alibaba:cn-wulanchabu:hypernode:../x', 'is not a valid cloud ID'],
    ['alibaba:cn-wulanchabu:hypernode:a%2Fb', 'is not a valid cloud ID'],
    [`alibaba:cn-wulanchabu:hypernode:${'a'.repeat(200)}`, 'is not a valid cloud ID'],
  ])('refuses %j with BAD_USER_INPUT (%s)', (id, reason) => {
    let caught: unknown;
    try {
      parseId(id, 'hypernode');
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(GatewayError);
    expect((caught as GatewayError).code).toBe('BAD_USER_INPUT');
    expect((caught as GatewayError).message).toContain(reason);
    expect((caught as GatewayError).extensions.field).toBe('id');
  });
});
