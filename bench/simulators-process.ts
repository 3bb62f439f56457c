/**
 * Both simulators in a process of their own, for the benchmark: prints one JSON line saying how to reach them, and
 * serves a control API: `GET /calls` (calls per operation), `GET /served` (p50 and p99 of the time the simulators took
 * to answer, latency included), `POST /reset` (both), `POST /latency?ms=`.
 */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { parseArgs } from 'node:util';
import { AlibabaSimulator } from '../src/simulators/alibaba.js';
import { HuaweiSimulator } from '../src/simulators/huawei.js';
import { percentiles } from './percentiles.js';

const { values } = parseArgs({
  options: {
    hypernodes: { type: 'string', default: '24' },
    supernodes: { type: 'string', default: '8' },
    latency: { type: 'string', default: '0' },
  },
});

const alibabaKey = { accessKeyId: 'BENCHALIBABA', accessKeySecret: 'bench-alibaba-secret' };
const huaweiKey = { ak: 'BENCHHUAWEI', sk: 'bench-huawei-secret' };
const alibaba = await new AlibabaSimulator({
  credentials: [alibabaKey],
  fleet: { regions: ['cn-wulanchabu'], hyperNodesPerRegion: Number(values.hypernodes) },
}).start();
const huawei = await new HuaweiSimulator({ credentials: [huaweiKey], fleet: { regions: ['cn-north-4'], supernodesPerRegion: Number(values.supernodes) } }).start();

const setLatency = (ms: number) => {
  alibaba.faults.set({ latencyMs: ms });
  huawei.faults.set({ latencyMs: ms });
};
setLatency(Number(values.latency));


const control = createServer((req, res) => {
  const url = new URL(req.url ?? '/', 'http://control');
  if (req.method === 'GET' && url.pathname === '/calls') {
    res.end(JSON.stringify({ alibaba: alibaba.calls.snapshot(), huawei: huawei.calls.snapshot(), total: alibaba.calls.total() + huawei.calls.total() }));
  } else if (req.method === 'GET' && url.pathname === '/served') {
    res.end(JSON.stringify(percentiles([...alibaba.served.values(), ...huawei.served.values()])));
  } else if (req.method === 'POST' && url.pathname === '/reset') {
    alibaba.calls.reset();
    huawei.calls.reset();
    alibaba.served.reset();
    huawei.served.reset();
    res.end('{}');
  } else if (req.method === 'POST' && url.pathname === '/latency') {
    setLatency(Number(url.searchParams.get('ms') ?? 0));
    res.end('{}');
  } else {
    res.statusCode = 404;
    res.end('{}');
  }
});
await new Promise<void>((resolve) => control.listen(0, '127.0.0.1', resolve));

const nodeCount = [...alibaba.fleet.values()].reduce((sum, f) => sum + f.nodeCount(), 0);
const firstHyperNodes = alibaba.fleet.get('cn-wulanchabu')!.hyperNodes.slice(3, 6).map((h) => `alibaba:cn-wulanchabu:hypernode:${h.HyperNodeId}`);
console.log(
  JSON.stringify({
    control: `http://127.0.0.1:${(control.address() as AddressInfo).port}`,
    env: {
      ALIBABA_CLOUD_ACCESS_KEY_ID: alibabaKey.accessKeyId,
      ALIBABA_CLOUD_ACCESS_KEY_SECRET: alibabaKey.accessKeySecret,
      ALIBABA_CLOUD_REGIONS: 'cn-wulanchabu',
      ALIBABA_EFLO_ENDPOINT: alibaba.url,
      HUAWEICLOUD_SDK_AK: huaweiKey.ak,
      HUAWEICLOUD_SDK_SK: huaweiKey.sk,
      HUAWEICLOUD_REGIONS: 'cn-north-4',
      HUAWEICLOUD_SDK_PROJECT_ID: huawei.projectIds['cn-north-4'],
      HUAWEI_MODELARTS_ENDPOINT: huawei.url,
    },
    alibabaNodes: nodeCount,
    threeHyperNodes: firstHyperNodes,
  }),
);

process.on('SIGTERM', () => {
  control.close();
  void Promise.all([alibaba.stop(), huawei.stop()]).then(() => process.exit(0));
});
