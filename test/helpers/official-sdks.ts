/**
 * The clouds' official SDK cores (development dependencies only), set up as a team building on them would: the
 * Alibaba `@alicloud/openapi-client` with `endpoint` and `protocol: 'http'`, the Huawei `huaweicloud-sdk-core`
 * client with an endpoint and a project. Each call has a timeout and no retry.
 */
import * as OpenApiModule from '@alicloud/openapi-client';
import { RuntimeOptions } from '@alicloud/tea-util';
import { BasicCredentials } from '@huaweicloud/huaweicloud-sdk-core';
import { ClientBuilder } from '@huaweicloud/huaweicloud-sdk-core/ClientBuilder.js';
import type { HcClient } from '@huaweicloud/huaweicloud-sdk-core/HcClient.js';
import { Logger4jInstance } from '@huaweicloud/huaweicloud-sdk-core/logger/log4jLogger.js';
import { API_VERSION } from '../../src/providers/alibaba/wire.js';
import type { ParamMap } from '../fixtures/operations.js';

const TIMEOUT_MS = 15_000;

// The Huawei core logs every refusal, config and headers included, to stdout; the tests read refusals themselves.
Logger4jInstance.level = 'off';

// A CommonJS module: its default export is the module object under Node's ESM loader, the class under others.
type OpenApiClientClass = typeof OpenApiModule.default.default;
const loaded = OpenApiModule as unknown as { default: OpenApiClientClass | { default: OpenApiClientClass } };
const OpenApiClient: OpenApiClientClass = 'default' in loaded.default ? loaded.default.default : loaded.default;

export interface AlibabaSdkCredentials {
  accessKeyId: string;
  accessKeySecret: string;
  securityToken?: string;
}

export interface AlibabaSdkAnswer {
  statusCode: number;
  body: Record<string, unknown>;
  headers: Record<string, string>;
}

/** Calls RPC actions of eflo-controller at `endpoint` (`http://host:port`) with ACS3-HMAC-SHA256. */
export function alibabaSdk(endpoint: string, credentials: AlibabaSdkCredentials) {
  const client = new OpenApiClient(
    new OpenApiModule.Config({
      ...credentials,
      endpoint: new URL(endpoint).host,
      protocol: 'http',
      signatureAlgorithm: 'ACS3-HMAC-SHA256',
      readTimeout: TIMEOUT_MS,
      connectTimeout: TIMEOUT_MS,
    }),
  );
  return async (action: string, request: { query?: ParamMap; body?: ParamMap }): Promise<AlibabaSdkAnswer> => {
    const params = new OpenApiModule.Params({
      action,
      version: API_VERSION,
      protocol: 'HTTP',
      pathname: '/',
      method: 'POST',
      authType: 'AK',
      style: 'RPC',
      reqBodyType: 'formData',
      bodyType: 'json',
    });
    const query = Object.fromEntries(Object.entries(request.query ?? {}).map(([k, v]) => [k, String(v)]));
    const answer: unknown = await client.callApi(
      params,
      new OpenApiModule.OpenApiRequest({ query, body: request.body ?? {} }),
      new RuntimeOptions({ autoretry: false, readTimeout: TIMEOUT_MS, connectTimeout: TIMEOUT_MS }),
    );
    return answer as AlibabaSdkAnswer;
  };
}

/** What the Alibaba SDK throws for a refusal: the cloud's `Code`, and the status in `data`. */
export function alibabaRefusal(error: unknown): { code: string; status: number } {
  const e = error as { code?: string; data?: { statusCode?: number } };
  return { code: String(e.code), status: Number(e.data?.statusCode) };
}

export interface HuaweiSdkCredentials {
  ak: string;
  sk: string;
  securityToken?: string;
}

export interface HuaweiSdkAnswer extends Record<string, unknown> {
  httpStatusCode: number;
}

/** Sends ModelArts requests to `endpoint` in the project, signed with SDK-HMAC-SHA256 (AK/SK). */
export function huaweiSdk(endpoint: string, projectId: string, credentials: HuaweiSdkCredentials) {
  const credential = new BasicCredentials().withAk(credentials.ak).withSk(credentials.sk).withProjectId(projectId);
  if (credentials.securityToken) credential.withSecurityToken(credentials.securityToken);
  const client = new ClientBuilder((hcClient: HcClient) => hcClient)
    .withCredential(credential)
    .withEndpoint(endpoint)
    .withOptions({ axiosRequestConfig: { timeout: TIMEOUT_MS } })
    .build();
  return async (method: string, request: { path: string; query?: ParamMap; body?: unknown }): Promise<HuaweiSdkAnswer> => {
    const answer: unknown = await client.sendRequest({
      method,
      url: `/v1/{project_id}${request.path}`,
      contentType: 'application/json',
      queryParams: request.query ?? {},
      pathParams: {},
      headers: {},
      ...(request.body === undefined ? {} : { data: request.body as Record<string, unknown> }),
    });
    return answer as HuaweiSdkAnswer;
  };
}

/** What the Huawei SDK throws for a refusal: the status, the cloud's `error_code` and `error_msg`. */
export function huaweiRefusal(error: unknown): { status: number; code: string; message: string } {
  const e = error as { httpStatusCode?: number; errorCode?: string; errorMsg?: string };
  return { status: Number(e.httpStatusCode), code: String(e.errorCode), message: String(e.errorMsg) };
}
