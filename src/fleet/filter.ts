/**
 * NodeFilter and HyperNodeFilter, checked once: which (cloud, region) pairs a list reads, what each cloud is asked
 * to filter itself, and the predicate the gateway applies to whatever comes back (or to the shared snapshot). A
 * value that cannot match anything is BAD_USER_INPUT naming the field, before any call.
 */
import { BadUserInputError } from '../errors.js';
import type { HyperNodeFilter, NodeFilter } from '../generated/graphql.js';
import { parseId, type ParsedId } from '../ids.js';
import type { HyperNodeModel, LifecycleState, NodeModel, ProviderName } from '../model.js';
import type { ProviderRegistry, RegionSource } from '../providers/registry.js';
import type { WalkFilter } from '../providers/walk.js';

export interface FleetQuery<T> {
  /** The (cloud, region) pairs to read, in the lists' fixed order. */
  regions: RegionSource[];
  /** What a cloud may filter itself when a list goes to it (sharing off). */
  walk: WalkFilter;
  matches(item: T): boolean;
  /** The checked filter as text, so a cursor can tell it belongs to this list. */
  key: string;
}

const MAX_TEXT = 128;

function text(value: string | null | undefined, field: string): string | undefined {
  if (value === null || value === undefined) return undefined;
  if (value.length === 0 || value.length > MAX_TEXT) throw new BadUserInputError(`${field}: must be 1 to ${MAX_TEXT} characters.`, field);
  return value;
}

function states(value: readonly LifecycleState[] | null | undefined, field: string): LifecycleState[] | undefined {
  if (value === null || value === undefined) return undefined;
  if (value.length === 0) throw new BadUserInputError(`${field}: name at least one state, or leave it out.`, field);
  return [...new Set(value)];
}

/** A global ID of `kind` that this gateway serves and that agrees with the provider and region asked. */
function scopedId(value: string | null | undefined, kind: 'hypernode' | 'hypercluster', field: string, providers: ProviderRegistry, scope: Scope): ParsedId | undefined {
  if (value === null || value === undefined) return undefined;
  const parsed = parseId(value, kind, field);
  providers.forId(parsed, field);
  if (scope.provider && scope.provider !== parsed.provider) {
    throw new BadUserInputError(`${field}: a ${parsed.provider} ID cannot match filter.provider ${scope.provider}.`, field);
  }
  if (scope.region && scope.region !== parsed.region) {
    throw new BadUserInputError(`${field}: an ID of region ${parsed.region} cannot match filter.region ${scope.region}.`, field);
  }
  scope.provider = parsed.provider;
  scope.region = parsed.region;
  return parsed;
}

interface Scope {
  provider?: ProviderName | undefined;
  region?: string | undefined;
  /** The argument each came from, for errors: `filter.provider`, or a deprecated `provider` argument. */
  providerField?: string;
  regionField?: string;
}

function regionsOf(scope: Scope, providers: ProviderRegistry): RegionSource[] {
  const providerField = scope.providerField ?? 'filter.provider';
  const regionField = scope.regionField ?? 'filter.region';
  if (scope.provider && !providers.enabled().some((p) => p.name === scope.provider)) {
    throw new BadUserInputError(`${providerField}: ${scope.provider} is not enabled on this gateway.`, providerField);
  }
  const regions = providers
    .enabled()
    .filter((p) => !scope.provider || p.name === scope.provider)
    .flatMap((provider) => provider.regions.map((region) => ({ provider, region })))
    .filter((s) => !scope.region || s.region === scope.region);
  if (scope.region && regions.length === 0) {
    throw new BadUserInputError(`${regionField}: ${scope.region} is not served${scope.provider ? ` for ${scope.provider}` : ''}.`, regionField);
  }
  return regions;
}

/** `first` and `second` (e.g. a deprecated argument and its filter field) must agree; either may be absent. */
function agree<T>(first: T | null | undefined, second: T | null | undefined, field: string): T | undefined {
  if (first != null && second != null && first !== second) throw new BadUserInputError(`${field}: contradicts the argument of the same name.`, field);
  return (second ?? first) ?? undefined;
}

export function nodeQuery(filter: NodeFilter | null | undefined, providers: ProviderRegistry): FleetQuery<NodeModel> {
  const f = filter ?? {};
  const scope: Scope = { provider: f.provider ?? undefined, region: text(f.region, 'filter.region') };
  const state = states(f.state, 'filter.state');
  const machineType = text(f.machineType, 'filter.machineType');
  const zoneId = text(f.zoneId, 'filter.zoneId');
  const hyperNode = scopedId(f.hyperNodeId, 'hypernode', 'filter.hyperNodeId', providers, scope);
  const cluster = scopedId(f.hyperClusterId, 'hypercluster', 'filter.hyperClusterId', providers, scope);
  const standalone = f.standalone ?? undefined;
  if (standalone === true && hyperNode) throw new BadUserInputError('filter.standalone: true cannot match a filter.hyperNodeId.', 'filter.standalone');
  const regions = regionsOf(scope, providers);
  const hyperNodeId = f.hyperNodeId ?? undefined;
  const clusterId = f.hyperClusterId ?? undefined;
  return {
    regions,
    walk: { states: state, machineType, zoneId, hyperClusterNativeId: cluster?.nativeId },
    matches: (node) =>
      (!state || state.includes(node.state ?? 'UNKNOWN')) &&
      (machineType === undefined || node.machineType === machineType) &&
      (zoneId === undefined || node.zoneId === zoneId) &&
      (hyperNodeId === undefined || node.hyperNodeId === hyperNodeId) &&
      (clusterId === undefined || node.clusterId === clusterId) &&
      (standalone === undefined || (node.hyperNodeId == null) === standalone),
    key: JSON.stringify(['nodes', scope.provider, scope.region, state?.sort(), machineType, zoneId, hyperNodeId, clusterId, standalone]),
  };
}

export function hyperNodeQuery(
  filter: HyperNodeFilter | null | undefined,
  providers: ProviderRegistry,
  args: { provider?: ProviderName | null; region?: string | null } = {},
): FleetQuery<HyperNodeModel> {
  const f = filter ?? {};
  const regionField = f.region == null && args.region != null ? 'region' : 'filter.region';
  const scope: Scope = {
    provider: agree(args.provider, f.provider, 'filter.provider'),
    region: text(agree(args.region, f.region, 'filter.region'), regionField),
    providerField: f.provider == null && args.provider != null ? 'provider' : 'filter.provider',
    regionField,
  };
  const state = states(f.state, 'filter.state');
  const machineType = text(f.machineType, 'filter.machineType');
  const zoneId = text(f.zoneId, 'filter.zoneId');
  const hpnZone = text(f.hpnZone, 'filter.hpnZone');
  const cluster = scopedId(f.hyperClusterId, 'hypercluster', 'filter.hyperClusterId', providers, scope);
  const regions = regionsOf(scope, providers);
  const clusterId = f.hyperClusterId ?? undefined;
  return {
    regions,
    walk: { states: state, machineType, zoneId, hpnZone, hyperClusterNativeId: cluster?.nativeId },
    matches: (h) =>
      (!state || state.includes(h.state ?? 'UNKNOWN')) &&
      (machineType === undefined || h.machineType === machineType) &&
      (zoneId === undefined || h.zoneId === zoneId) &&
      (hpnZone === undefined || h.hpnZone === hpnZone) &&
      (clusterId === undefined || h.clusterId === clusterId),
    key: JSON.stringify(['hypernodes', scope.provider, scope.region, state?.sort(), machineType, zoneId, hpnZone, clusterId]),
  };
}
