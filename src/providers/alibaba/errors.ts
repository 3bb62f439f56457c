/**
 * Alibaba error answers -> coded upstream errors. The cloud's `Message` is never passed on: it may echo the string it
 * signed; its `Code` and `RequestId` only when they look like the cloud's (see upstream-fields.ts).
 */
import { BadPageTokenError, UpstreamError, type ErrorCode, type UpstreamErrorDetails } from '../../errors.js';
import { providerCodeOf, requestIdOf } from '../upstream-fields.js';
import type { WireError } from './wire.js';

const AUTH_CODES = new Set([
  'InvalidAccessKeyId.NotFound',
  'InvalidAccessKeyId.Inactive',
  'InvalidAccessKeyId',
  'SignatureDoesNotMatch',
  'IncompleteSignature',
  'InvalidTimeStamp.Expired',
  'InvalidTimeStamp.Format',
  'SignatureNonceUsed',
  'InvalidSecurityToken.Expired',
  'InvalidSecurityToken.Malformed',
  'InvalidSecurityToken.MismatchWithAccessKey',
  'Forbidden.RAM',
  'NoPermission',
]);

/** An action the node's state does not allow (stopping a stopped node, acting on one under another operation). */
export const NODE_STATUS_CONFLICTS = new Set(['IncorrectNodeStatus', 'NodeOperationConflict']);

/** The operation this endpoint does not offer: the hypernode read falls back from DescribeHyperNode to GetHyperNode. */
export const API_NOT_FOUND = 'InvalidApi.NotFound';

/** The cloud's answer to a NextToken it does not accept (forged, or from another list or a list that changed). */
function isBadPageToken(providerCode: string): boolean {
  return /^Invalid(Parameter\.)?NextToken/i.test(providerCode);
}

export function isResourceNotFound(providerCode: string): boolean {
  if (providerCode === API_NOT_FOUND || AUTH_CODES.has(providerCode)) return false;
  return providerCode === 'RESOURCE_NOT_FOUND' || /NotFound$/i.test(providerCode) || /^NotFound\./.test(providerCode);
}

/** Milliseconds to wait from `x-ratelimit-user-api: Limit:1,Remain:0,TimeLeft:2000,Reset:1234`. */
export function rateLimitWaitMs(header: string | undefined): number | undefined {
  const match = header ? /TimeLeft:(\d+)/.exec(header) : null;
  return match ? Number(match[1]) : undefined;
}

export function alibabaError(
  status: number,
  body: WireError | null,
  headers: Record<string, string | undefined>,
  target: Pick<UpstreamErrorDetails, 'provider' | 'region' | 'operation'>,
  sent: readonly string[] = [],
): UpstreamError {
  const providerCode = providerCodeOf(body?.Code, status, sent);
  const details: UpstreamErrorDetails = {
    ...target,
    providerCode,
    requestId: requestIdOf([body?.RequestId, headers['x-acs-request-id']], sent),
    status,
    retryAfterMs: rateLimitWaitMs(headers['x-ratelimit-user-api']),
  };
  const where = `Alibaba Cloud ${target.region}`;
  if (status === 400 && isBadPageToken(providerCode)) {
    return new BadPageTokenError(`${where} refused the page token of ${target.operation ?? 'the list'} (${providerCode}).`, details);
  }
  const [code, message] = classify(providerCode, status, where, target.operation ?? 'the call');
  return new UpstreamError(code, message, details);
}

function classify(providerCode: string, status: number, where: string, operation: string): [ErrorCode, string] {
  if (isResourceNotFound(providerCode)) return ['NOT_FOUND', `${where} has no such resource (${providerCode}).`];
  if (AUTH_CODES.has(providerCode)) {
    return ['UPSTREAM_AUTH', `${where} rejected the gateway's credentials or signature (${providerCode}).`];
  }
  if (providerCode.startsWith('Throttling') || status === 429) {
    return ['UPSTREAM_THROTTLED', `${where} is throttling ${operation}; try again shortly.`];
  }
  if (status >= 500 || providerCode === 'ServiceUnavailable') {
    return ['UPSTREAM_UNAVAILABLE', `${where} failed to serve ${operation} (${providerCode}).`];
  }
  if (status === 409 || NODE_STATUS_CONFLICTS.has(providerCode)) {
    return ['CONFLICT', `${where} refused ${operation}: the node's state does not allow it now (${providerCode}).`];
  }
  return ['UPSTREAM_ERROR', `${where} refused ${operation} (${providerCode}).`];
}
