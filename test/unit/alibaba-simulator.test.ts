import { z } from 'zod';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { request } from 'undici';
import { UpstreamError } from '../../src/errors.js';
import { AlibabaClient } from '../../src/providers/alibaba/client.js';
import { acs3Authorization } from '../../src/providers/alibaba/sign.js';
import { HttpTransport } from '../../src/providers/http.js';
import { sha256Hex } from '../../src/providers/signing.js';
import { AlibabaSimulator } from '../../src/simulators/alibaba.js';
import { seedGetHyperNodeAnswer } from '../fixtures/alibaba-seed.js';
import { ALIBABA_SEED } from '../../src/simulators/seed-ids.js';
import { alibabaWithClient } from '../helpers/simulator-clients.js';

/** The raw answer, unchecked: these tests read what the simulator sends. */
const ANY = z.any();

const key = { accessKeyId: 'sim-id', accessKeySecret: 'sim-secret' };
const signal = () => AbortSignal.timeout(5_000);

describe('the Alibaba simulator', () => {
  let simulator: AlibabaSimulator;
  let transport: HttpTransport;
  let client: AlibabaClient;
  let close: () => Promise<void>;
  beforeAll(async () => {
    ({ simulator, client, transport, close } = await alibabaWithClient({ credentials: [key], fleet: { regions: ['cn-wulanchabu', 'cn-beijing'], hyperNodesPerRegion: 50 } }));
  });
  afterAll(() => close());

  /** A signed request built by hand, so a test can change one thing about it. */
  async function rawCall(options: { action?: string; date?: string; nonce?: string; secret?: string; body?: string; tamperBody?: string } = {}) {
    const url = new URL(simulator.url);
    url.search = 'RegionId=cn-wulanchabu';
    const body = options.body ?? `HyperNodeId=${ALIBABA_SEED.hyperNodeId}`;
    const headers: Record<string, string> = {
      host: url.host,
      'content-type': 'application/x-www-form-urlencoded',
      'x-acs-action': options.action ?? 'GetHyperNode',
      'x-acs-version': '2022-12-15',
      'x-acs-date': options.date ?? new Date().toISOString().replace(/\.\d{3}Z$/, 'Z'),
      'x-acs-signature-nonce': options.nonce ?? `n-${Math.random()}`,
      'x-acs-content-sha256': sha256Hex(body),
    };
    headers.authorization = acs3Authorization(key.accessKeyId, options.secret ?? key.accessKeySecret, {
      method: 'POST',
      path: '/',
      query: [['RegionId', 'cn-wulanchabu']],
      headers: Object.entries(headers),
      bodyHash: headers['x-acs-content-sha256']!,
    });
    const answer = await request(url, { method: 'POST', headers, body: options.tamperBody ?? body });
    return { status: answer.statusCode, body: (await answer.body.json()) as Record<string, unknown> };
  }

  it("answers GetHyperNode for the seed's hypernode exactly as the seed document shows it", async () => {
    const answer = await client.call('cn-wulanchabu', 'GetHyperNode', { idempotent: true, answer: ANY, body: { HyperNodeId: ALIBABA_SEED.hyperNodeId } }, { signal: signal() });
    const { RequestId: _ours, ...rest } = answer;
    const { RequestId: _theirs, ...seed } = seedGetHyperNodeAnswer;
    expect(rest).toEqual(seed);
  });

  it('adds OperatingState at the top and per node in DescribeHyperNode', async () => {
    const answer = await client.call(
      'cn-wulanchabu', 'DescribeHyperNode', { idempotent: true, answer: ANY, body: { HyperNodeId: ALIBABA_SEED.hyperNodeId } }, { signal: signal() },
    );
    expect(answer.OperatingState).toBe('Using');
    expect(answer.Nodes[0]!.OperatingState).toBe('Using');
  });

  it('pages with MaxResults (20..100) and NextToken to the end', async () => {
    const ids: string[] = [];
    const sizes: number[] = [];
    let token: string | undefined;
    do {
      const page: { HyperNodes: Array<{ HyperNodeId: string }>; NextToken?: string } = await client.call(
        'cn-beijing', 'ListHyperNodes', { idempotent: true, answer: ANY, body: { MaxResults: 5, NextToken: token } }, { signal: signal() },
      );
      ids.push(...page.HyperNodes.map((h) => h.HyperNodeId));
      sizes.push(page.HyperNodes.length);
      token = page.NextToken;
    } while (token);
    expect(sizes).toEqual([20, 20, 10]);
    expect(new Set(ids).size).toBe(50);
  });

  it('looks hypernodes up by a JSON list of IDs', async () => {
    const wanted = simulator.fleet.get('cn-beijing')!.hyperNodes.slice(3, 6).map((h) => h.HyperNodeId);
    const page: { HyperNodes: Array<{ HyperNodeId: string }> } = await client.call(
      'cn-beijing', 'ListHyperNodes', { idempotent: true, answer: ANY, query: { HyperNodeIds: JSON.stringify([...wanted, 'e01-nope']) } }, { signal: signal() },
    );
    expect(page.HyperNodes.map((h) => h.HyperNodeId)).toEqual(wanted);
  });

  it('gives every hypernode 4 to 8 nodes (the seed excepted), each with a system disk', () => {
    for (const [region, fleet] of simulator.fleet) {
      for (const hyperNode of fleet.hyperNodes) {
        if (hyperNode.HyperNodeId === ALIBABA_SEED.hyperNodeId) continue;
        expect(hyperNode.Nodes.length, region).toBeGreaterThanOrEqual(4);
        expect(hyperNode.Nodes.length, region).toBeLessThanOrEqual(8);
        for (const node of hyperNode.Nodes) expect(node.Disks.some((d) => d.Type === 'system')).toBe(true);
      }
    }
  });

  it('generates the same fleet for the same seed', () => {
    const again = new AlibabaSimulator({ credentials: [key], fleet: { regions: ['cn-wulanchabu', 'cn-beijing'], hyperNodesPerRegion: 50 } });
    expect(again.fleet).toEqual(simulator.fleet);
  });

  it.each([
    ['a wrong secret', { secret: 'wrong' }, 400, 'SignatureDoesNotMatch'],
    ['a body that is not the one signed', { tamperBody: 'HyperNodeId=e01-other' }, 400, 'SignatureDoesNotMatch'],
    ['a date 16 minutes old', { date: new Date(Date.now() - 16 * 60_000).toISOString().replace(/\.\d{3}Z$/, 'Z') }, 400, 'InvalidTimeStamp.Expired'],
    ['an unknown action', { action: 'LaunchRockets' }, 404, 'InvalidApi.NotFound'],
    ['a missing HyperNodeId', { body: '' }, 400, 'MissingHyperNodeId'],
    ['an unknown hypernode', { body: 'HyperNodeId=e01-none' }, 404, 'InvalidHyperNodeId.NotFound'],
  ])('answers %s with the cloud error JSON', async (_, options, status, code) => {
    const answer = await rawCall(options);
    expect(answer.status).toBe(status);
    expect(answer.body).toMatchObject({ Code: code, RequestId: expect.any(String), HostId: expect.any(String), Message: expect.any(String) });
  });

  it('refuses a nonce it has seen', async () => {
    expect((await rawCall({ nonce: 'once' })).status).toBe(200);
    expect((await rawCall({ nonce: 'once' })).body.Code).toBe('SignatureNonceUsed');
  });

  it('refuses an unknown access key, and an unsigned request', async () => {
    const stranger = new AlibabaClient({ credentials: { accessKeyId: 'who', accessKeySecret: 'x' }, endpoint: new URL(simulator.url) }, transport);
    const error = await stranger.call('cn-beijing', 'ListClusters', { idempotent: true, answer: ANY }, { signal: signal() }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(UpstreamError);
    expect((error as UpstreamError).upstream.providerCode).toBe('InvalidAccessKeyId.NotFound');
    const unsigned = await request(simulator.url, { method: 'POST', headers: { 'x-acs-action': 'ListClusters' } });
    expect(((await unsigned.body.json()) as { Code: string }).Code).toBe('IncompleteSignature');
  });

  it('counts calls per action', async () => {
    simulator.calls.reset();
    await client.call('cn-beijing', 'ListClusters', { idempotent: true, answer: ANY }, { signal: signal() });
    await client.call('cn-beijing', 'ListClusters', { idempotent: true, answer: ANY }, { signal: signal() });
    expect(simulator.calls.snapshot()).toEqual({ ListClusters: 2 });
  });
});
