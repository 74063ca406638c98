/**
 * The Simulation view's data: fan bands (P5–P95 around the median) of Monte Carlo distributions
 * over time (per week) and across demands and stockpiles, the representative run's fill rate and stockpile levels by period, and job progress in runs.
 * Pure: shaped from a MonteCarloResult (src/simulate/metrics.ts) as the API returns it.
 */

export interface DistributionShape {
  mean: number;
  p5: number;
  p50: number;
  p95: number;
}

export interface Fan {
  categories: string[];
  /** P5, the band's floor. */
  lower: number[];
  /** P95 − P5, stacked on the floor. */
  band: number[];
  median: number[];
  mean: number[];
}

/**
 * A fan over items (demands, stockpiles): each item's P5–P95 band and median, worst (lowest
 * median) first, ties by id; at most `limit` items.
 */
export function toFan(items: readonly { id: string; value: DistributionShape }[], limit = Number.POSITIVE_INFINITY): Fan {
  const sorted = [...items].sort((a, b) => a.value.p50 - b.value.p50 || a.id.localeCompare(b.id)).slice(0, limit);
  return {
    categories: sorted.map((item) => item.id),
    lower: sorted.map((item) => item.value.p5),
    band: sorted.map((item) => item.value.p95 - item.value.p5),
    median: sorted.map((item) => item.value.p50),
    mean: sorted.map((item) => item.value.mean),
  };
}

/** A distribution per bucket of a time series, as MonteCarloResult.series carries it. */
export interface BandShape {
  mean: readonly number[];
  p5: readonly number[];
  p50: readonly number[];
  p95: readonly number[];
}

/**
 * A fan over time: one category per bucket (the day it ends, as text), the P5 floor, the P5–P95
 * band stacked on it, the median and the mean — the shape `toFan` gives for items.
 */
export function toTimeFan(ends: readonly number[], band: BandShape): Fan {
  return {
    categories: ends.map((day) => String(day)),
    lower: ends.map((_, b) => band.p5[b] ?? 0),
    band: ends.map((_, b) => (band.p95[b] ?? 0) - (band.p5[b] ?? 0)),
    median: ends.map((_, b) => band.p50[b] ?? 0),
    mean: ends.map((_, b) => band.mean[b] ?? 0),
  };
}

/** Served ÷ required over every demand in each period (1 when nothing was required). */
export function periodFillRate(deliveries: readonly { period: string; required: number; served: number }[], periods: readonly string[]): number[] {
  const required = new Map<string, number>();
  const served = new Map<string, number>();
  for (const row of deliveries) {
    required.set(row.period, (required.get(row.period) ?? 0) + row.required);
    served.set(row.period, (served.get(row.period) ?? 0) + row.served);
  }
  return periods.map((period) => {
    const r = required.get(period) ?? 0;
    return r > 0 ? (served.get(period) ?? 0) / r : 1;
  });
}

/** Each stockpile's level at the end of each period (t), stockpiles in order of first appearance; a missing period is null. */
export function stockpileLevels(rows: readonly { stockpile: string; period: string; level: number }[], periods: readonly string[]): { stockpile: string; levels: (number | null)[] }[] {
  const byStockpile = new Map<string, Map<string, number>>();
  for (const row of rows) {
    const levels = byStockpile.get(row.stockpile) ?? new Map<string, number>();
    levels.set(row.period, row.level);
    byStockpile.set(row.stockpile, levels);
  }
  return [...byStockpile].map(([stockpile, levels]) => ({ stockpile, levels: periods.map((period) => levels.get(period) ?? null) }));
}

/** Runs done of the total from a progress detail like "37/100 runs"; undefined for other details. */
export function runsDone(detail: string | undefined): { done: number; total: number } | undefined {
  const match = /^(\d+)\/(\d+) runs$/.exec(detail ?? '');
  if (!match) return undefined;
  return { done: Number(match[1]), total: Number(match[2]) };
}
