/** A started simulator and the gateway's own client signed for it, for tests that read the simulators' raw answers. */
import { AlibabaClient } from '../../src/providers/alibaba/client.js';
import { HttpTransport } from '../../src/providers/http.js';
import { HuaweiClient } from '../../src/providers/huawei/client.js';
import { AlibabaSimulator, type AlibabaSimulatorOptions } from '../../src/simulators/alibaba.js';
import { HuaweiSimulator, type HuaweiSimulatorOptions } from '../../src/simulators/huawei.js';

export interface SimulatorWithClient<S, C> {
  simulator: S;
  client: C;
  /** The client's transport, for more clients of the same simulator. */
  transport: HttpTransport;
  /** Closes the client's connections, then stops the simulator. */
  close(): Promise<void>;
}

const transportOptions = { connectTimeoutMs: 1_000, callTimeoutMs: 5_000 };

/** The simulator, signed for with its first credentials. */
export async function alibabaWithClient(options: AlibabaSimulatorOptions): Promise<SimulatorWithClient<AlibabaSimulator, AlibabaClient>> {
  const simulator = await new AlibabaSimulator(options).start();
  const transport = new HttpTransport(transportOptions);
  const client = new AlibabaClient({ credentials: options.credentials[0]!, endpoint: new URL(simulator.url) }, transport);
  return { simulator, client, transport, close: () => transport.close().finally(() => simulator.stop()) };
}

/** The simulator, signed for with its first credentials, every region's project ID known. */
export async function huaweiWithClient(options: HuaweiSimulatorOptions): Promise<SimulatorWithClient<HuaweiSimulator, HuaweiClient>> {
  const simulator = await new HuaweiSimulator(options).start();
  const transport = new HttpTransport(transportOptions);
  const client = new HuaweiClient({ credentials: options.credentials[0]!, projectIds: simulator.projectIds, endpoint: new URL(simulator.url) }, transport);
  return { simulator, client, transport, close: () => transport.close().finally(() => simulator.stop()) };
}
