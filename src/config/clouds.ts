/** Which clouds the gateway serves, in which regions, with which credentials and endpoints. */
import { z } from 'zod';
import { isRegionName } from '../ids.js';
import type { AlibabaConfig, HuaweiConfig } from '../providers/index.js';
import { endpoint, optionalText, regionList, type EnvOf } from './env.js';

export type { AlibabaConfig, HuaweiConfig } from '../providers/index.js';

/** `simulated`: embedded simulators of both clouds; `live`: the clouds themselves. */
export type GatewayMode = 'simulated' | 'live';

export const modeEnv = {
  GATEWAY_MODE: optionalText.pipe(z.enum(['simulated', 'live'], 'must be simulated or live').default('simulated')),
};

/** The regions of each cloud; `npm run simulators` reads them too. */
export const regionsEnv = {
  ALIBABA_CLOUD_REGIONS: regionList('cn-wulanchabu'),
  HUAWEICLOUD_REGIONS: regionList('cn-north-4'),
};

export const cloudsEnv = {
  ...regionsEnv,
  ALIBABA_CLOUD_ACCESS_KEY_ID: optionalText,
  ALIBABA_CLOUD_ACCESS_KEY_SECRET: optionalText,
  ALIBABA_CLOUD_SECURITY_TOKEN: optionalText,
  ALIBABA_EFLO_ENDPOINT: endpoint,
  ALIBABA_EFLO_HYPERNODE_API: optionalText.pipe(
    z.enum(['auto', 'DescribeHyperNode', 'GetHyperNode'], 'must be auto, DescribeHyperNode or GetHyperNode').default('auto'),
  ),
  HUAWEICLOUD_SDK_AK: optionalText,
  HUAWEICLOUD_SDK_SK: optionalText,
  HUAWEICLOUD_SDK_SECURITY_TOKEN: optionalText,
  HUAWEICLOUD_SDK_PROJECT_ID: optionalText,
  HUAWEI_MODELARTS_ENDPOINT: endpoint,
};

export function cloudsConfig(
  e: EnvOf<typeof cloudsEnv & typeof modeEnv>,
  problems: string[],
): { alibaba: AlibabaConfig; huawei: HuaweiConfig } {
  const pair = (idName: string, id: string | undefined, secretName: string, secret: string | undefined) => {
    if (id && !secret) problems.push(`${secretName}: must be set when ${idName} is set`);
    if (secret && !id) problems.push(`${idName}: must be set when ${secretName} is set`);
    return Boolean(id && secret);
  };
  const alibabaHasKeys = pair(
    'ALIBABA_CLOUD_ACCESS_KEY_ID',
    e.ALIBABA_CLOUD_ACCESS_KEY_ID,
    'ALIBABA_CLOUD_ACCESS_KEY_SECRET',
    e.ALIBABA_CLOUD_ACCESS_KEY_SECRET,
  );
  const huaweiHasKeys = pair('HUAWEICLOUD_SDK_AK', e.HUAWEICLOUD_SDK_AK, 'HUAWEICLOUD_SDK_SK', e.HUAWEICLOUD_SDK_SK);
  const huaweiProjects = projectIds(e.HUAWEICLOUD_SDK_PROJECT_ID, e.HUAWEICLOUD_REGIONS, problems);
  if (e.GATEWAY_MODE === 'live' && huaweiHasKeys && e.HUAWEICLOUD_SDK_PROJECT_ID === undefined) {
    problems.push('HUAWEICLOUD_SDK_PROJECT_ID: must be set when HUAWEICLOUD_SDK_AK is set');
  }
  if (e.GATEWAY_MODE === 'live' && !alibabaHasKeys && !huaweiHasKeys && problems.length === 0) {
    problems.push(
      'GATEWAY_MODE: live mode needs credentials for at least one cloud (ALIBABA_CLOUD_ACCESS_KEY_ID and ALIBABA_CLOUD_ACCESS_KEY_SECRET, or HUAWEICLOUD_SDK_AK and HUAWEICLOUD_SDK_SK)',
    );
  }
  return {
    alibaba: {
      regions: e.ALIBABA_CLOUD_REGIONS,
      credentials: alibabaHasKeys
        ? {
            accessKeyId: e.ALIBABA_CLOUD_ACCESS_KEY_ID!,
            accessKeySecret: e.ALIBABA_CLOUD_ACCESS_KEY_SECRET!,
            securityToken: e.ALIBABA_CLOUD_SECURITY_TOKEN,
          }
        : null,
      endpoint: e.ALIBABA_EFLO_ENDPOINT,
      hyperNodeApi: e.ALIBABA_EFLO_HYPERNODE_API,
    },
    huawei: {
      regions: e.HUAWEICLOUD_REGIONS,
      credentials: huaweiHasKeys
        ? { ak: e.HUAWEICLOUD_SDK_AK!, sk: e.HUAWEICLOUD_SDK_SK!, securityToken: e.HUAWEICLOUD_SDK_SECURITY_TOKEN }
        : null,
      projectIds: huaweiProjects,
      endpoint: e.HUAWEI_MODELARTS_ENDPOINT,
    },
  };
}

const PROJECT_ID = /^[A-Za-z0-9-]{1,64}$/;

/** `HUAWEICLOUD_SDK_PROJECT_ID`: one ID (for a single region) or `region=id,region=id` covering every region. */
function projectIds(value: string | undefined, regions: string[], problems: string[]): Record<string, string> {
  if (value === undefined) return {};
  const name = 'HUAWEICLOUD_SDK_PROJECT_ID';
  if (!value.includes('=')) {
    if (!PROJECT_ID.test(value)) problems.push(`${name}: "${value}" is not a project ID (1 to 64 letters, digits and hyphens)`);
    else if (regions.length > 1) problems.push(`${name}: give one project per region as region=id,... when HUAWEICLOUD_REGIONS names several`);
    return Object.fromEntries(regions.map((region) => [region, value]));
  }
  const ids: Record<string, string> = {};
  for (const entry of value.split(',').map((e) => e.trim()).filter(Boolean)) {
    const [region, id] = entry.split('=').map((part) => part.trim());
    if (!region || !id || !isRegionName(region) || !PROJECT_ID.test(id)) {
      problems.push(`${name}: "${entry}" is not region=projectId`);
      continue;
    }
    ids[region] = id;
  }
  const missing = regions.filter((region) => !ids[region]);
  if (missing.length > 0 && problems.length === 0) problems.push(`${name}: no project for ${missing.join(', ')}`);
  return ids;
}
