/**
 * The gateway's ID of each request: the caller's `x-request-id` when it looks like an ID, else a fresh UUID. It is
 * returned in the `x-request-id` response header, logged, and put in every error as `extensions.gatewayRequestId`
 * (`extensions.requestId` is the cloud's own ID on upstream errors).
 */
import { randomUUID } from 'node:crypto';

export const REQUEST_ID_HEADER = 'x-request-id';

const SANE_ID = /^[A-Za-z0-9][A-Za-z0-9._:-]{0,127}$/;
const ids = new WeakMap<Request, string>();

/** The request's ID, chosen on first ask and the same for the rest of the request. */
export function requestIdOf(request: Request): string {
  let id = ids.get(request);
  if (!id) {
    const offered = request.headers.get(REQUEST_ID_HEADER);
    id = offered && SANE_ID.test(offered) ? offered : randomUUID();
    ids.set(request, id);
  }
  return id;
}
