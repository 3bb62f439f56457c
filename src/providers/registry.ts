/** The clouds this gateway serves, and the (cloud, region) pairs lists walk. */
import { BadUserInputError } from '../errors.js';
import type { ParsedId } from '../ids.js';
import type { ProviderName } from '../model.js';
import type { CloudProvider } from './provider.js';

export interface RegionSource {
  provider: CloudProvider;
  region: string;
}

const PROVIDER_ORDER: readonly ProviderName[] = ['ALIBABA', 'HUAWEI'];

export class ProviderRegistry {
  private readonly byName = new Map<ProviderName, CloudProvider>();

  constructor(providers: readonly CloudProvider[]) {
    for (const provider of providers) this.byName.set(provider.name, provider);
  }

  enabled(): CloudProvider[] {
    return PROVIDER_ORDER.flatMap((name) => this.byName.get(name) ?? []);
  }

  /** An enabled provider; BAD_USER_INPUT naming `field` when that cloud is not served here. */
  get(name: ProviderName, field = 'provider'): CloudProvider {
    const provider = this.byName.get(name);
    if (!provider) throw new BadUserInputError(`${field}: ${name} is not enabled on this gateway.`, field);
    return provider;
  }

  /** The provider serving a parsed ID; BAD_USER_INPUT when that cloud or region is not served here. */
  forId(parsed: Pick<ParsedId, 'provider' | 'region'>, field = 'id'): CloudProvider {
    const provider = this.get(parsed.provider, field);
    if (!provider.regions.includes(parsed.region)) {
      throw new BadUserInputError(
        `${field}: region ${parsed.region} is not served for ${parsed.provider}; served: ${provider.regions.join(', ')}.`,
        field,
      );
    }
    return provider;
  }

  /** Every (cloud, region) to list, in a fixed order, narrowed by the optional filters. */
  sources(filter: { provider?: ProviderName | null; region?: string | null }): RegionSource[] {
    if (filter.provider && !this.byName.has(filter.provider)) {
      throw new BadUserInputError(`provider: ${filter.provider} is not enabled on this gateway.`, 'provider');
    }
    const sources = this.enabled()
      .filter((p) => !filter.provider || p.name === filter.provider)
      .flatMap((provider) => provider.regions.map((region) => ({ provider, region })))
      .filter((s) => !filter.region || s.region === filter.region);
    if (filter.region && sources.length === 0) {
      throw new BadUserInputError(`region: ${filter.region} is not served${filter.provider ? ` for ${filter.provider}` : ''}.`, 'region');
    }
    return sources;
  }
}
