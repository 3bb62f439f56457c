/** Builds the enabled clouds' providers from the config, over one shared transport. */
import type { GatewayConfig } from '../config.js';
import { AlibabaClient } from './alibaba/client.js';
import { AlibabaProvider } from './alibaba/provider.js';
import type { HttpTransport } from './http.js';
import type { CloudProvider } from './provider.js';
import { Providers } from './registry.js';

export function createProviders(config: Pick<GatewayConfig, 'alibaba'>, http: HttpTransport): Providers {
  const enabled: CloudProvider[] = [];
  const { alibaba } = config;
  if (alibaba.credentials) {
    const client = new AlibabaClient({ credentials: alibaba.credentials, endpoint: alibaba.endpoint ?? undefined }, http);
    enabled.push(new AlibabaProvider(client, alibaba.regions, alibaba.hyperNodeApi));
  }
  return new Providers(enabled);
}

/** One line per cloud for the start-up banner: on which endpoint, or why it is off. */
export function describeProviders(config: Pick<GatewayConfig, 'alibaba'>): string[] {
  const { alibaba } = config;
  return [
    alibaba.credentials
      ? `Alibaba Cloud Lingjun: regions ${alibaba.regions.join(', ')} at ${alibaba.endpoint?.origin ?? 'https://eflo-controller.<region>.aliyuncs.com'}`
      : 'Alibaba Cloud Lingjun: off (set ALIBABA_CLOUD_ACCESS_KEY_ID and ALIBABA_CLOUD_ACCESS_KEY_SECRET)',
  ];
}
