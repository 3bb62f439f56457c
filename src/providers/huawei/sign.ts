/** Huawei Cloud SDK-HMAC-SHA256 (AK/SK), the request signature of every Huawei SDK and API Gateway. */
import { canonicalRequest, hmacSha256Hex, parseSignedAuthorization, percentEncode, sha256Hex, type SignableRequest, type SignedAuthorization } from '../signing.js';

export const SDK_HMAC = 'SDK-HMAC-SHA256';

/**
 * What SDK-HMAC signs: `path` as sent (e.g. `/v1/p/vpcs`; the canonical form appends `/`), the headers to sign
 * (`x-sdk-date` among them), `bodyHash` the hex SHA-256 of the body or the literal `UNSIGNED-PAYLOAD`.
 */
export type SdkHmacRequest = SignableRequest;

/** Each segment percent-encoded, always ending with `/` (`/v1/p/vpcs` signs as `/v1/p/vpcs/`, `` as `/`). */
export function canonicalUri(path: string): string {
  const encoded = path.split('/').map((segment) => percentEncode(decodeURIComponent(segment))).join('/');
  const withSlash = encoded.endsWith('/') ? encoded : `${encoded}/`;
  return withSlash.startsWith('/') ? withSlash : `/${withSlash}`;
}

/** Every header given is signed. */
export function sdkHmacCanonicalRequest(request: SdkHmacRequest): { canonical: string; signedHeaders: string } {
  return canonicalRequest(request, () => true, canonicalUri);
}

export function sdkHmacStringToSign(sdkDate: string, canonical: string): string {
  return `${SDK_HMAC}\n${sdkDate}\n${sha256Hex(canonical)}`;
}

/** The `Authorization` header value for `request` signed at `sdkDate` (`YYYYMMDDTHHMMSSZ`). */
export function sdkHmacAuthorization(ak: string, sk: string, sdkDate: string, request: SdkHmacRequest): string {
  const { canonical, signedHeaders } = sdkHmacCanonicalRequest(request);
  const signature = hmacSha256Hex(sk, sdkHmacStringToSign(sdkDate, canonical));
  return `${SDK_HMAC} Access=${ak}, SignedHeaders=${signedHeaders}, Signature=${signature}`;
}

/** Reads `SDK-HMAC-SHA256 Access=.., SignedHeaders=.., Signature=..`; null when it is not one. */
export const parseSdkHmacAuthorization = (header: string): SignedAuthorization | null => parseSignedAuthorization(header, SDK_HMAC, 'Access');

/** `YYYYMMDDTHHMMSSZ` in UTC. */
export function sdkDate(at: Date): string {
  return at.toISOString().replace(/[-:]/g, '').replace(/\.\d{3}/, '');
}
