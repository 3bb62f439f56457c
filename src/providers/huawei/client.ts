/**
 * A ModelArts client: signs every request with SDK-HMAC-SHA256, sends X-Project-Id, X-Sdk-Date and, with
 * temporary credentials, X-Security-Token, and sends through the shared transport. Answers come back as the
 * cloud's JSON checked against the request's wire schema (undefined for a 204); failures as coded upstream errors.
 */
import type { z } from 'zod';
import { UpstreamError } from '../../errors.js';
import type { HttpTransport } from '../http.js';
import { readJsonAnswer } from '../json.js';
import type { CallOptions } from '../provider.js';
import { percentEncode, sha256Hex } from '../signing.js';
import { credentialsSent } from '../upstream-fields.js';
import { huaweiError } from './errors.js';
import { sdkDate, sdkHmacAuthorization } from './sign.js';
import type { WireError } from './wire.js';

export interface HuaweiCredentials {
  ak: string;
  sk: string;
  securityToken?: string | undefined;
}

export interface HuaweiClientConfig {
  credentials: HuaweiCredentials;
  /** The project of each region (Huawei projects are per region). */
  projectIds: Readonly<Record<string, string>>;
  /** Used instead of `https://modelarts.<region>.myhuaweicloud.com` for every region when set. */
  endpoint?: URL | undefined;
}

export interface HuaweiRequest<S extends z.ZodType = z.ZodType> {
  method: 'GET' | 'POST' | 'PUT' | 'DELETE';
  /** The path after `/v1/{project_id}`, e.g. `/dev-servers/hyperinstance`; IDs in it already encoded. */
  path: string;
  query?: Record<string, string | number | undefined>;
  body?: unknown;
  /** The operation's name, for errors and counters, e.g. `ListHyperCluster`. */
  operation: string;
  /** Whether repeating the request is harmless (a read); only such requests are retried. */
  idempotent: boolean;
  /** The wire schema a 2xx answer must match. */
  answer: S;
}

export class HuaweiClient {
  constructor(
    private readonly config: HuaweiClientConfig,
    private readonly http: HttpTransport,
  ) {}

  endpointFor(region: string): URL {
    if (this.config.endpoint) return this.config.endpoint;
    const domain = region === 'ap-southeast-1' ? 'myhuaweicloud.cn' : 'myhuaweicloud.com';
    return new URL(`https://modelarts.${region}.${domain}`);
  }

  async call<S extends z.ZodType>(region: string, request: HuaweiRequest<S>, options: CallOptions): Promise<z.output<S>> {
    const target = { provider: 'HUAWEI' as const, region, operation: request.operation };
    const attempt = async (signal: AbortSignal): Promise<z.output<S>> => {
      const projectId = this.config.projectIds[region];
      if (!projectId) throw new UpstreamError('UPSTREAM_ERROR', `No Huawei project is configured for ${region}.`, target);
      const url = new URL(this.endpointFor(region));
      url.pathname = `/v1/${percentEncode(projectId)}${request.path}`;
      const query = Object.entries(request.query ?? {}).flatMap(([k, v]) => (v === undefined ? [] : [[k, String(v)] as [string, string]]));
      url.search = query.map(([k, v]) => `${percentEncode(k)}=${percentEncode(v)}`).join('&');
      const body = request.body === undefined ? '' : JSON.stringify(request.body);
      const headers = this.signedHeaders(request.method, url, query, body, projectId);
      const answer = await this.http.send({ url, method: request.method, headers, body: body || undefined, signal, target });
      const { ak, securityToken } = this.config.credentials;
      const sent = credentialsSent(ak, headers.authorization!, securityToken);
      return readJsonAnswer(answer, {
        target,
        schema: request.answer,
        requestIdHeader: 'x-request-id',
        sent,
        emptyOk: true,
        refusal: (status, body) => huaweiError(status, body as WireError | null, answer.headers, target, sent),
      });
    };
    // Only reads (GET) are shared with identical ones in flight; a PUT or DELETE may be idempotent, yet it acts.
    const readKey =
      request.method === 'GET' && request.idempotent ? `${request.path}\n${JSON.stringify(request.query ?? {})}\n${JSON.stringify(request.body ?? null)}` : undefined;
    return this.http.run({ target, idempotent: request.idempotent, readKey }, options, attempt);
  }

  private signedHeaders(
    method: string,
    url: URL,
    query: Array<[string, string]>,
    body: string,
    projectId: string,
  ): Record<string, string> {
    const { ak, sk, securityToken } = this.config.credentials;
    const date = sdkDate(new Date());
    const headers: Record<string, string> = {
      host: url.host,
      'content-type': 'application/json',
      'x-project-id': projectId,
      'x-sdk-date': date,
    };
    if (securityToken) headers['x-security-token'] = securityToken;
    headers.authorization = sdkHmacAuthorization(ak, sk, date, {
      method,
      path: url.pathname,
      query,
      headers: Object.entries(headers),
      bodyHash: sha256Hex(body),
    });
    headers.accept = 'application/json';
    return headers;
  }
}
