/** Builds the enabled clouds' providers from the config, over one shared transport. */
import { AlibabaClient } from './alibaba/client.js';
import { AlibabaProvider, type HyperNodeApi } from './alibaba/provider.js';
import type { HttpTransport } from './http.js';
import { HuaweiClient } from './huawei/client.js';
import { HuaweiProvider } from './huawei/provider.js';
import type { CloudProvider } from './provider.js';
import { ProviderRegistry } from './registry.js';

export interface AlibabaConfig {
  regions: string[];
  /** Null when no credentials are set: the provider is off in live mode. */
  credentials: { accessKeyId: string; accessKeySecret: string; securityToken?: string | undefined } | null;
  /** Used instead of `https://eflo-controller.<region>.aliyuncs.com` for every region. */
  endpoint: URL | null;
  hyperNodeApi: HyperNodeApi;
}

export interface HuaweiConfig {
  regions: string[];
  /** Null when no credentials are set: the provider is off in live mode. */
  credentials: { ak: string; sk: string; securityToken?: string | undefined } | null;
  /** The project of each region; Huawei projects belong to one region. */
  projectIds: Record<string, string>;
  /** Used instead of `https://modelarts.<region>.myhuaweicloud.com` for every region. */
  endpoint: URL | null;
}

/** The settings of the clouds the providers are built from. */
export interface CloudsConfig {
  alibaba: AlibabaConfig;
  huawei: HuaweiConfig;
}

export function createProviders(config: CloudsConfig, http: HttpTransport): ProviderRegistry {
  const enabled: CloudProvider[] = [];
  const { alibaba, huawei } = config;
  if (alibaba.credentials) {
    const client = new AlibabaClient({ credentials: alibaba.credentials, endpoint: alibaba.endpoint ?? undefined }, http);
    enabled.push(new AlibabaProvider(client, alibaba.regions, alibaba.hyperNodeApi));
  }
  if (huawei.credentials) {
    const client = new HuaweiClient(
      { credentials: huawei.credentials, projectIds: huawei.projectIds, endpoint: huawei.endpoint ?? undefined },
      http,
    );
    enabled.push(new HuaweiProvider(client, huawei.regions));
  }
  return new ProviderRegistry(enabled);
}

/** One line per cloud for the start-up banner: on which endpoint, or why it is off. */
export function describeProviders(config: CloudsConfig): string[] {
  const { alibaba, huawei } = config;
  return [
    alibaba.credentials
      ? `Alibaba Cloud Lingjun: regions ${alibaba.regions.join(', ')} at ${alibaba.endpoint?.origin ?? 'https://eflo-controller.<region>.aliyuncs.com'}`
      : 'Alibaba Cloud Lingjun: off (set ALIBABA_CLOUD_ACCESS_KEY_ID and ALIBABA_CLOUD_ACCESS_KEY_SECRET)',
    huawei.credentials
      ? `Huawei Cloud ModelArts: regions ${huawei.regions.join(', ')} at ${huawei.endpoint?.origin ?? 'https://modelarts.<region>.myhuaweicloud.com'}`
      : 'Huawei Cloud ModelArts: off (set HUAWEICLOUD_SDK_AK, HUAWEICLOUD_SDK_SK and HUAWEICLOUD_SDK_PROJECT_ID)',
  ];
}
