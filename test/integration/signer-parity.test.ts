/**
 * The gateway's signers equal the clouds' official ones. Each operation of test/fixtures/operations.ts is sent by
 * the gateway's own client (over its real transport) to a loopback server that records the request; the official
 * signer (`@alicloud/openapi-util` getAuthorization, `huaweicloud-sdk-core` AKSKSigner) then signs the same method,
 * path, query, headers, body, date and nonce, and the two Authorization headers must be equal. fast-check varies the
 * parameter maps and the kind of credentials. Last, the official clients' own requests show that the gateway signs
 * the headers they sign, but for the two STS headers Alibaba's documents do not list (see AlibabaClient).
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import * as OpenApiUtilModule from '@alicloud/openapi-util';
import { BasicCredentials } from '@huaweicloud/huaweicloud-sdk-core';
import { AKSKSigner } from '@huaweicloud/huaweicloud-sdk-core/auth/AKSKSigner.js';
import type { IHttpRequest } from '@huaweicloud/huaweicloud-sdk-core/http/IHttpRequest.js';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AlibabaClient, type AlibabaCredentials } from '../../src/providers/alibaba/client.js';
import { HttpTransport } from '../../src/providers/http.js';
import { HuaweiClient, type HuaweiCredentials } from '../../src/providers/huawei/client.js';
import { sha256Hex } from '../../src/providers/signing.js';
import { AlibabaSimulator } from '../../src/simulators/alibaba.js';
import { HuaweiSimulator } from '../../src/simulators/huawei.js';
import { alibabaOperations, fleetSample, huaweiOperations, oddParameters, type FleetSample, type ParamMap } from '../fixtures/operations.js';
import { alibabaSdk, huaweiSdk } from '../helpers/official-sdks.js';
import { z } from 'zod';

/** The recording server's answers are not the clouds': any JSON passes. */
const ANY = z.any();

type OpenApiUtilClass = typeof OpenApiUtilModule.default.default;
const loaded = OpenApiUtilModule as unknown as { default: OpenApiUtilClass | { default: OpenApiUtilClass } };
const OpenApiUtil: OpenApiUtilClass = 'default' in loaded.default ? loaded.default.default : loaded.default;

interface Recorded {
  method: string;
  url: URL;
  headers: Record<string, string>;
  body: string;
}

const alibabaKeys: Record<'key' | 'sts', AlibabaCredentials> = {
  key: { accessKeyId: 'LTAI5tParity', accessKeySecret: 'parity-secret' },
  sts: { accessKeyId: 'STS.NParity', accessKeySecret: 'sts-parity-secret', securityToken: 'CAIS+parity/token==' },
};
const huaweiKeys: Record<'key' | 'sts', HuaweiCredentials> = {
  key: { ak: 'HPUAPARITY', sk: 'parity-sk' },
  sts: { ak: 'HSTPARITY', sk: 'sts-parity-sk', securityToken: 'gQpjbi1ub3J0aC00+parity/token==' },
};

/**
 * Parameter names as the clouds spell theirs (letters, digits, dots of flattened lists). Values are anything. The
 * official Alibaba signer writes names unencoded, so a name needing encoding would sign differently by design.
 */
const parameterMaps = fc.dictionary(
  fc.stringMatching(/^[A-Za-z][A-Za-z0-9.]{0,15}$/),
  fc.oneof(fc.string({ unit: 'grapheme', maxLength: 24 }), fc.constantFrom(...Object.values(oddParameters).map(String)), fc.nat().map(String)),
  { maxKeys: 6 },
);

describe('the gateway signs as the official signers do', () => {
  let server: Server;
  let origin: URL;
  const recorded: Recorded[] = [];
  const transport = new HttpTransport({ connectTimeoutMs: 5_000, callTimeoutMs: 10_000 });
  const options = () => ({ signal: AbortSignal.timeout(10_000) });
  let sample: FleetSample;

  beforeAll(async () => {
    server = createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (chunk: Buffer) => chunks.push(chunk));
      req.on('end', () => {
        const headers: Record<string, string> = {};
        for (let i = 0; i < req.rawHeaders.length; i += 2) headers[req.rawHeaders[i]!.toLowerCase()] = req.rawHeaders[i + 1]!;
        recorded.push({ method: req.method!, url: new URL(req.url!, 'http://recorder'), headers, body: Buffer.concat(chunks).toString('utf8') });
        res.writeHead(200, { 'content-type': 'application/json' }).end('{}');
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    origin = new URL(`http://127.0.0.1:${(server.address() as AddressInfo).port}`);
    // IDs only: these simulators are never started.
    sample = fleetSample(new AlibabaSimulator({ credentials: [] }), new HuaweiSimulator({ credentials: [] }));
  });
  afterAll(async () => {
    await transport.close();
    await new Promise((resolve) => server.close(resolve));
  });

  const lastRequest = (): Recorded => {
    const request = recorded.pop();
    if (!request) throw new Error('the gateway sent nothing');
    recorded.length = 0;
    return request;
  };

  it.each(alibabaOperations)('Alibaba $action', async (row) => {
    const clients = {
      key: new AlibabaClient({ credentials: alibabaKeys.key, endpoint: origin }, transport),
      sts: new AlibabaClient({ credentials: alibabaKeys.sts, endpoint: origin }, transport),
    };
    await fc.assert(
      fc.asyncProperty(fc.constantFrom('key' as const, 'sts' as const), parameterMaps, parameterMaps, async (kind, extraQuery, extraBody) => {
        const { query, body } = row.request(sample);
        await clients[kind].call(sample.alibaba.region, row.action, { query: { ...extraQuery, ...query }, body: { ...extraBody, ...body }, idempotent: row.idempotent, answer: ANY }, options());
        const sent = lastRequest();
        const { accessKeyId, accessKeySecret, securityToken } = alibabaKeys[kind];
        expect(sent.headers['x-acs-content-sha256']).toBe(sha256Hex(sent.body));
        expect(sent.headers['x-acs-security-token']).toBe(securityToken);
        const official = OpenApiUtil.getAuthorization(
          { method: sent.method, pathname: sent.url.pathname, query: Object.fromEntries(sent.url.searchParams), headers: sent.headers } as never,
          'ACS3-HMAC-SHA256',
          sha256Hex(sent.body),
          accessKeyId,
          accessKeySecret,
        );
        expect(sent.headers.authorization).toBe(official);
      }),
      { numRuns: 30 },
    );
  });

  it.each(huaweiOperations)('Huawei $operation', async (row) => {
    const projectIds = { [sample.huawei.region]: sample.huawei.projectId };
    const clients = {
      key: new HuaweiClient({ credentials: huaweiKeys.key, projectIds, endpoint: origin }, transport),
      sts: new HuaweiClient({ credentials: huaweiKeys.sts, projectIds, endpoint: origin }, transport),
    };
    await fc.assert(
      fc.asyncProperty(fc.constantFrom('key' as const, 'sts' as const), parameterMaps, async (kind, extraQuery) => {
        const { path, query, body } = row.request(sample);
        await clients[kind].call(
          sample.huawei.region,
          { method: row.method, path, query: { ...extraQuery, ...(query as ParamMap | undefined) }, body, operation: row.operation, idempotent: row.idempotent, answer: ANY },
          options(),
        );
        const sent = lastRequest();
        const { ak, sk, securityToken } = huaweiKeys[kind];
        // The headers the official client puts on the request before signing, with the gateway's values.
        const headers: Record<string, string> = {
          'content-type': sent.headers['content-type']!,
          'X-Project-Id': sent.headers['x-project-id']!,
          'X-Sdk-Date': sent.headers['x-sdk-date']!,
          host: sent.headers.host!,
          ...(securityToken ? { 'X-Security-Token': sent.headers['x-security-token']! } : {}),
        };
        expect(headers['X-Security-Token']).toBe(securityToken);
        const request = {
          endpoint: `${origin.origin}${sent.url.pathname}`,
          method: sent.method,
          headers,
          queryParams: Object.fromEntries(sent.url.searchParams),
          ...(sent.body ? { data: JSON.parse(sent.body) as unknown } : {}),
        } as unknown as IHttpRequest;
        const official = AKSKSigner.sign(request, new BasicCredentials().withAk(ak).withSk(sk)) as Record<string, string>;
        expect(sent.headers.authorization).toBe(official.Authorization);
      }),
      { numRuns: 30 },
    );
  });

  const signedHeaders = (authorization: string | undefined) => /SignedHeaders=([^,]+)/.exec(authorization ?? '')?.[1]?.split(';');

  it.each(['key', 'sts'] as const)('signs the headers the official clients sign (%s), but for the STS headers the documents do not list', async (kind) => {
    const gateway = new AlibabaClient({ credentials: alibabaKeys[kind], endpoint: origin }, transport);
    await gateway.call(sample.alibaba.region, 'ListClusters', { body: { MaxResults: 20 }, idempotent: true, answer: ANY }, options());
    const ours = signedHeaders(lastRequest().headers.authorization);
    await alibabaSdk(origin.origin, alibabaKeys[kind])('ListClusters', {
      query: { RegionId: sample.alibaba.region },
      body: { MaxResults: 20 },
    });
    const theirs = signedHeaders(lastRequest().headers.authorization);
    // See AlibabaClient: with STS the official client adds x-acs-accesskey-id and x-acs-credentials-provider.
    const undocumented = ['x-acs-accesskey-id', 'x-acs-credentials-provider'];
    expect(theirs?.filter((name) => !undocumented.includes(name))).toEqual(ours);
    if (kind === 'sts') expect(theirs).toContain('x-acs-accesskey-id');
    expect(ours).toContain('x-acs-signature-nonce');
    if (kind === 'sts') expect(ours).toContain('x-acs-security-token');

    const projectIds = { [sample.huawei.region]: sample.huawei.projectId };
    await new HuaweiClient({ credentials: huaweiKeys[kind], projectIds, endpoint: origin }, transport).call(
      sample.huawei.region,
      { method: 'GET', path: '/dev-servers', operation: 'ListDevServers', idempotent: true, answer: ANY },
      options(),
    );
    const oursHuawei = signedHeaders(lastRequest().headers.authorization);
    await huaweiSdk(origin.origin, sample.huawei.projectId, huaweiKeys[kind])('GET', { path: '/dev-servers' });
    expect(signedHeaders(lastRequest().headers.authorization)).toEqual(oursHuawei);
    expect(oursHuawei).toEqual(['content-type', 'host', 'x-project-id', 'x-sdk-date', ...(kind === 'sts' ? ['x-security-token'] : [])]);
  });
});
