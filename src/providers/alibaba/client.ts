/**
 * An eflo-controller RPC client: builds the form body, signs with ACS3-HMAC-SHA256 and sends through the shared
 * transport. Answers come back as the cloud's JSON; failures as coded upstream errors.
 */
import { randomBytes } from 'node:crypto';
import type { z } from 'zod';
import type { HttpTransport } from '../http.js';
import { readJsonAnswer } from '../json.js';
import type { CallOptions } from '../provider.js';
import { percentEncode, sha256Hex } from '../signing.js';
import { credentialsSent } from '../upstream-fields.js';
import { alibabaError } from './errors.js';
import { acs3Authorization } from './sign.js';
import { API_VERSION, type WireError } from './wire.js';

export interface AlibabaCredentials {
  accessKeyId: string;
  accessKeySecret: string;
  securityToken?: string | undefined;
}

export interface AlibabaClientConfig {
  credentials: AlibabaCredentials;
  /** Used instead of `https://eflo-controller.<region>.aliyuncs.com` for every region when set. */
  endpoint?: URL | undefined;
}

/** RPC parameters: scalars as they are, arrays flattened to `Name.1`, `Name.2`. JSON parameters arrive pre-encoded. */
export type RpcParams = Record<string, string | number | boolean | readonly string[] | undefined>;

export class AlibabaClient {
  constructor(
    private readonly config: AlibabaClientConfig,
    private readonly http: HttpTransport,
  ) {}

  endpointFor(region: string): URL {
    return this.config.endpoint ?? new URL(`https://eflo-controller.${region}.aliyuncs.com`);
  }

  /**
   * Calls `action` in `region`; `query` goes in the URL, `body` in the form body, and the answer must match `answer`
   * (its wire schema). Every RPC action is a POST, so the caller says whether it is `idempotent` (a read), which
   * decides whether it may be retried.
   */
  async call<S extends z.ZodType>(
    region: string,
    action: string,
    params: { query?: RpcParams; body?: RpcParams; idempotent: boolean; answer: S },
    options: CallOptions,
  ): Promise<z.output<S>> {
    const target = { provider: 'ALIBABA' as const, region, operation: action };
    const query = flatten({ RegionId: region, ...params.query });
    const body = flatten(params.body ?? {})
      .map(([k, v]) => `${percentEncode(k)}=${percentEncode(v)}`)
      .join('&');
    const attempt = async (signal: AbortSignal): Promise<z.output<S>> => {
      const url = new URL(this.endpointFor(region));
      url.pathname = '/';
      url.search = query.map(([k, v]) => `${percentEncode(k)}=${percentEncode(v)}`).join('&');
      const headers = this.signedHeaders(url, action, query, body);
      const answer = await this.http.send({ url, method: 'POST', headers, body, signal, target });
      const { accessKeyId, securityToken } = this.config.credentials;
      const sent = credentialsSent(accessKeyId, headers.authorization!, securityToken);
      return readJsonAnswer(answer, {
        target,
        schema: params.answer,
        requestIdHeader: 'x-acs-request-id',
        sent,
        refusal: (status, body) => alibabaError(status, body as WireError | null, answer.headers, target, sent),
      });
    };
    // Every idempotent action is a read (List*, Describe*): identical ones in flight share one call.
    const readKey = params.idempotent ? `${JSON.stringify(query)}\n${body}` : undefined;
    return this.http.run({ target, idempotent: params.idempotent, readKey }, options, attempt);
  }

  private signedHeaders(url: URL, action: string, query: Array<[string, string]>, body: string): Record<string, string> {
    const { accessKeyId, accessKeySecret, securityToken } = this.config.credentials;
    const bodyHash = sha256Hex(body);
    const headers: Record<string, string> = {
      host: url.host,
      'content-type': 'application/x-www-form-urlencoded',
      'x-acs-action': action,
      'x-acs-version': API_VERSION,
      'x-acs-date': new Date().toISOString().replace(/\.\d{3}Z$/, 'Z'),
      'x-acs-signature-nonce': randomBytes(16).toString('hex'),
      'x-acs-content-sha256': bodyHash,
    };
    // With STS the official client also sends and signs `x-acs-accesskey-id` (and `x-acs-credentials-provider`). The
    // cloud's V3 signature document lists neither among the common request headers: STS needs only
    // `x-acs-security-token`, and the key ID is already the Authorization's Credential. So the gateway sends the
    // documented set; the simulator accepts both, and test/integration/signer-parity.test.ts compares over it.
    if (securityToken) headers['x-acs-security-token'] = securityToken;
    headers.authorization = acs3Authorization(accessKeyId, accessKeySecret, {
      method: 'POST',
      path: '/',
      query,
      headers: Object.entries(headers),
      bodyHash,
    });
    headers.accept = 'application/json';
    return headers;
  }
}

function flatten(params: RpcParams): Array<[string, string]> {
  const pairs: Array<[string, string]> = [];
  for (const [name, value] of Object.entries(params)) {
    if (value === undefined) continue;
    if (Array.isArray(value)) value.forEach((item, i) => pairs.push([`${name}.${i + 1}`, String(item)]));
    else pairs.push([name, String(value)]);
  }
  return pairs;
}
