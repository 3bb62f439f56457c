/**
 * Global IDs: `<provider>:<region>:<kind>:<nativeId>`, e.g. `alibaba:cn-wulanchabu:hypernode:e01-cn-zvp2tgykr08`.
 * Parsing is strict because the parts end up in upstream URLs and host names.
 */
import { BadUserInputError } from './errors.js';
import type { ResourceKind, ProviderName } from './model.js';

export interface ParsedId {
  provider: ProviderName;
  region: string;
  kind: ResourceKind;
  nativeId: string;
}

const KINDS: readonly ResourceKind[] = ['hypercluster', 'hypernode', 'node', 'disk', 'task'];
const REGION = /^[a-z]{2}(-[a-z0-9]+){1,4}$/;
/** What a cloud's own ID may look like: it goes into global IDs, URLs and host names. */
export const NATIVE_ID = /^[A-Za-z0-9][A-Za-z0-9._-]{0,127}$/;

/** `<provider>:<region>:<kind>:` by cloud, region and kind, so an ID is one concatenation; bounded, as the regions served are few. */
const prefixes: Record<ProviderName, Map<string, Record<ResourceKind, string>>> = { ALIBABA: new Map(), HUAWEI: new Map() };
const MAX_PREFIXED_REGIONS = 1_000;

function prefixesOf(provider: ProviderName, region: string): Record<ResourceKind, string> {
  let byKind = prefixes[provider].get(region);
  if (byKind === undefined) {
    const lower = provider.toLowerCase();
    byKind = Object.fromEntries(KINDS.map((kind) => [kind, `${lower}:${region}:${kind}:`])) as Record<ResourceKind, string>;
    if (prefixes[provider].size < MAX_PREFIXED_REGIONS) prefixes[provider].set(region, byKind);
  }
  return byKind;
}

export function globalId(provider: ProviderName, region: string, kind: ResourceKind, nativeId: string): string {
  return prefixesOf(provider, region)[kind] + nativeId;
}

export function isRegionName(region: string): boolean {
  return REGION.test(region);
}

/** Parses a global ID of the `expected` kind, or throws BAD_USER_INPUT naming `field`. */
export function parseId(id: string, expected: ResourceKind, field = 'id'): ParsedId {
  const parts = id.split(':');
  const [provider, region, kind, nativeId] = parts;
  const example = globalId('ALIBABA', 'cn-wulanchabu', expected, '<nativeId>');
  if (parts.length !== 4 || provider === undefined || region === undefined || kind === undefined || nativeId === undefined) {
    throw new BadUserInputError(`${field}: "${clip(id)}" is not a global ID; expected ${example}.`, field);
  }
  if (provider !== 'alibaba' && provider !== 'huawei') {
    throw new BadUserInputError(`${field}: unknown provider "${clip(provider)}" in "${clip(id)}"; expected alibaba or huawei.`, field);
  }
  if (!REGION.test(region)) {
    throw new BadUserInputError(`${field}: "${clip(region)}" in "${clip(id)}" is not a region name.`, field);
  }
  if (!(KINDS as readonly string[]).includes(kind)) {
    throw new BadUserInputError(`${field}: unknown kind "${clip(kind)}" in "${clip(id)}".`, field);
  }
  if (kind !== expected) {
    throw new BadUserInputError(`${field}: "${clip(id)}" names a ${kind}, not a ${expected}.`, field);
  }
  if (!NATIVE_ID.test(nativeId)) {
    throw new BadUserInputError(`${field}: "${clip(nativeId)}" in "${clip(id)}" is not a valid cloud ID.`, field);
  }
  return { provider: provider === 'alibaba' ? 'ALIBABA' : 'HUAWEI', region, kind, nativeId };
}

function clip(value: string): string {
  return value.length > 80 ? `${value.slice(0, 77)}...` : value;
}
