/** Nearest-rank p50 and p99 of times in ms (0 when there are none), to the precision they were measured with. */
export function percentiles(times: number[]): { count: number; p50: number; p99: number } {
  times.sort((a, b) => a - b);
  const at = (share: number) => times[Math.max(0, Math.ceil(share * times.length) - 1)] ?? 0;
  return { count: times.length, p50: at(0.5), p99: at(0.99) };
}
