/**
 * Huawei error answers -> coded upstream errors. `error_msg` is not passed on: it may describe the signature;
 * `error_code` and the request ID only when they look like the cloud's (see upstream-fields.ts).
 */
import { UpstreamError, type ErrorCode, type UpstreamErrorDetails } from '../../errors.js';
import { providerCodeOf, requestIdOf } from '../upstream-fields.js';
import type { WireError } from './wire.js';

export const NOT_FOUND_CODE = 'ModelArts.6404';
/** A name the region already has (e.g. of a hyper cluster). */
export const DUPLICATE_NAME_CODE = 'ModelArts.6409';
/** A server action its current status does not allow (stopping a stopped server, starting a running one). */
export const SERVER_STATUS_CONFLICT = 'ModelArts.6411';
const AUTH_CODES = new Set(['APIG.0301', 'APIG.0302', 'APIG.0303', 'APIG.0305', 'APIG.0306']);
const THROTTLED_CODES = new Set(['APIG.0308', 'APIG.0309']);

export function huaweiError(
  status: number,
  body: WireError | null,
  headers: Record<string, string | undefined>,
  target: Pick<UpstreamErrorDetails, 'provider' | 'region' | 'operation'>,
  sent: readonly string[] = [],
): UpstreamError {
  const providerCode = providerCodeOf(body?.error_code, status, sent);
  const retryAfter = Number(headers['retry-after']);
  const details: UpstreamErrorDetails = {
    ...target,
    providerCode,
    requestId: requestIdOf([headers['x-request-id']], sent),
    status,
    retryAfterMs: Number.isFinite(retryAfter) && retryAfter > 0 ? retryAfter * 1000 : undefined,
  };
  const [code, message] = classify(providerCode, status, `Huawei Cloud ${target.region}`, target.operation ?? 'the call');
  return new UpstreamError(code, message, details);
}

function classify(providerCode: string, status: number, where: string, operation: string): [ErrorCode, string] {
  if (providerCode === NOT_FOUND_CODE || status === 404) return ['NOT_FOUND', `${where} has no such resource (${providerCode}).`];
  if (providerCode === DUPLICATE_NAME_CODE) return ['CONFLICT', `${where} already has one by that name (${providerCode}).`];
  if (AUTH_CODES.has(providerCode) || status === 401) {
    return ['UPSTREAM_AUTH', `${where} rejected the gateway's credentials or signature (${providerCode}).`];
  }
  if (THROTTLED_CODES.has(providerCode) || status === 429) {
    return ['UPSTREAM_THROTTLED', `${where} is throttling ${operation}; try again shortly.`];
  }
  if (status >= 500) return ['UPSTREAM_UNAVAILABLE', `${where} failed to serve ${operation} (${providerCode}).`];
  if (status === 409 || providerCode === SERVER_STATUS_CONFLICT) {
    return ['CONFLICT', `${where} refused ${operation}: the server's status does not allow it now (${providerCode}).`];
  }
  return ['UPSTREAM_ERROR', `${where} refused ${operation} (${providerCode}).`];
}
