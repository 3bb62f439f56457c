/** Alibaba Cloud ACS3-HMAC-SHA256, the V3 request signature of every Alibaba SDK. */
import { canonicalRequest, hmacSha256Hex, parseSignedAuthorization, sha256Hex, type SignableRequest, type SignedAuthorization } from '../signing.js';

export const ACS3 = 'ACS3-HMAC-SHA256';

/** What ACS3 signs; `path` is always `/` for RPC-style APIs, `bodyHash` the hex SHA-256 sent in `x-acs-content-sha256`. */
export type Acs3Request = SignableRequest;

/** The headers ACS3 signs: host, content-type and every x-acs-* header. */
export const isAcs3SignedHeader = (name: string): boolean =>
  name === 'host' || name === 'content-type' || name.startsWith('x-acs-');

export function acs3CanonicalRequest(request: Acs3Request): { canonical: string; signedHeaders: string } {
  return canonicalRequest(request, isAcs3SignedHeader);
}

export function acs3Signature(secret: string, canonical: string): string {
  return hmacSha256Hex(secret, `${ACS3}\n${sha256Hex(canonical)}`);
}

/** The `Authorization` header value for `request`. */
export function acs3Authorization(accessKeyId: string, secret: string, request: Acs3Request): string {
  const { canonical, signedHeaders } = acs3CanonicalRequest(request);
  return `${ACS3} Credential=${accessKeyId},SignedHeaders=${signedHeaders},Signature=${acs3Signature(secret, canonical)}`;
}

/** Reads `ACS3-HMAC-SHA256 Credential=..,SignedHeaders=..,Signature=..`; null when it is not one. */
export const parseAcs3Authorization = (header: string): SignedAuthorization | null => parseSignedAuthorization(header, ACS3, 'Credential');
