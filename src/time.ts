/** Cloud time values -> ISO 8601 UTC strings. */

/** The clouds' usual forms: `2022-11-30T02:00:00.852Z`, and Alibaba's zone-less `2026-05-14T00:00:00`. */
const USUAL = /^\d{4}-(0[1-9]|1[0-2])-(0[1-9]|1\d|2[0-8])T([01]\d|2[0-3]):[0-5]\d:[0-5]\d(\.\d{3})?Z?$/;

/** An ISO-like string; without a zone designator it is read as UTC (Alibaba's `ExpireTime: 2026-05-14T00:00:00`). */
export function isoFromCloudString(value: string | undefined | null): string | null {
  if (!value) return null;
  // The usual forms need no date arithmetic (days past the 28th take the long way, which checks the month's length),
  // and one already in ISO form with milliseconds and Z is returned as it is: a page of nodes makes no new strings.
  if (USUAL.test(value)) {
    // 24 characters: milliseconds and Z; 23: milliseconds only; 19 or 20: neither, or Z only.
    if (value.length === 24) return value;
    return value.length === 23 ? `${value}Z` : `${value.slice(0, 19)}.000Z`;
  }
  const hasZone = /(Z|[+-]\d{2}:?\d{2})$/i.test(value);
  const date = new Date(hasZone ? value : `${value.replace(' ', 'T')}Z`);
  return Number.isNaN(date.getTime()) ? null : date.toISOString();
}

/** Epoch milliseconds (Huawei `create_at`). */
export function isoFromEpochMs(value: number | string | undefined | null): string | null {
  if (value === undefined || value === null || value === '') return null;
  const ms = Number(value);
  if (!Number.isFinite(ms) || ms <= 0) return null;
  return new Date(ms).toISOString();
}
