/** Cloud time values -> ISO 8601 UTC strings. */

/** An ISO-like string; without a zone designator it is read as UTC (Alibaba's `ExpireTime: 2026-05-14T00:00:00`). */
export function isoFromCloudString(value: string | undefined | null): string | null {
  if (!value) return null;
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
