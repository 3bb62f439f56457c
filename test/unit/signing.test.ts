import { describe, expect, it } from 'vitest';
import { acs3Authorization, acs3CanonicalRequest, parseAcs3Authorization } from '../../src/providers/alibaba/sign.js';
import {
  canonicalUri,
  parseSdkHmacAuthorization,
  sdkDate,
  sdkHmacAuthorization,
  sdkHmacCanonicalRequest,
  sdkHmacStringToSign,
} from '../../src/providers/huawei/sign.js';
import { canonicalQueryString, sha256Hex } from '../../src/providers/signing.js';
import { alibabaVectors, huaweiQueryVector, huaweiVectors } from '../fixtures/signing-vectors.js';

describe('Alibaba ACS3-HMAC-SHA256', () => {
  for (const vector of alibabaVectors) {
    it(`reproduces ${vector.name}`, () => {
      const { canonical } = acs3CanonicalRequest(vector.request);
      expect(canonical).toBe(vector.canonical);
      if (vector.canonicalSha256) expect(sha256Hex(canonical)).toBe(vector.canonicalSha256);
      expect(acs3Authorization(vector.accessKeyId, vector.secret, vector.request)).toBe(vector.authorization);
    });
  }

  it('changes the signature when the secret is wrong', () => {
    const [vector] = alibabaVectors;
    expect(acs3Authorization(vector!.accessKeyId, 'not-the-secret', vector!.request)).not.toBe(vector!.authorization);
  });

  it('reads back the Authorization header it writes', () => {
    const parsed = parseAcs3Authorization(alibabaVectors[0]!.authorization);
    expect(parsed?.accessKeyId).toBe('YourAccessKeyId');
    expect(parsed?.signedHeaders).toContain('x-acs-signature-nonce');
    expect(parseAcs3Authorization('Bearer abc')).toBeNull();
  });
});

describe('Huawei SDK-HMAC-SHA256', () => {
  for (const vector of huaweiVectors) {
    it(`reproduces ${vector.name}`, () => {
      if ('body' in vector && vector.body) expect(sha256Hex(vector.body)).toBe(vector.request.bodyHash);
      const { canonical } = sdkHmacCanonicalRequest(vector.request);
      if (vector.canonical) expect(canonical).toBe(vector.canonical);
      if (vector.stringToSignEnd) expect(sdkHmacStringToSign(vector.sdkDate, canonical).endsWith(vector.stringToSignEnd)).toBe(true);
      expect(sdkHmacAuthorization(vector.ak, vector.sk, vector.sdkDate, vector.request)).toBe(vector.authorization);
    });
  }

  it('reproduces hw-4, the canonical query string', () => {
    expect(canonicalQueryString(huaweiQueryVector.params)).toBe(huaweiQueryVector.canonical);
  });

  it('signs the URI with a trailing slash that the request line does not carry', () => {
    expect(canonicalUri('/v1/p/vpcs')).toBe('/v1/p/vpcs/');
    expect(canonicalUri('')).toBe('/');
    expect(canonicalUri('/v1/p/dev-servers/a b')).toBe('/v1/p/dev-servers/a%20b/');
  });

  it('formats X-Sdk-Date in UTC and reads back the Authorization header', () => {
    expect(sdkDate(new Date('2020-06-08T02:39:00.123Z'))).toBe('20200608T023900Z');
    expect(parseSdkHmacAuthorization(huaweiVectors[2]!.authorization)).toEqual({
      accessKeyId: 'QTWAOYTTINDUT2QVKYUC',
      signedHeaders: ['content-type', 'host', 'x-sdk-date'],
      signature: '7be6668032f70418fcc22abc52071e57aff61b84a1d2381bb430d6870f4f6ebe',
    });
  });
});
