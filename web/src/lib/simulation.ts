/**
 * The Simulation view's data: fan bands (P5–P95 around the median) of Monte Carlo distributions
 * over time (per week) and across demands and stockpiles, the representative run's fill rate and stockpile levels by period, and job progress in runs;
 * a stockpile sizing's request from its form and its outcome.
 * Pure: shaped from a MonteCarloResult (src/simulate/metrics.ts) or a StockpileSizing (src/simulate/stockpile.ts) as the API returns it.
 */
import type { StockpileSizing, StockpileSizingRequest } from '../api/types.js';

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
export function toFan(
  items: readonly { id: string; value: DistributionShape }[],
  limit = Number.POSITIVE_INFINITY,
): Fan {
  const sorted = [...items]
    .sort((a, b) => a.value.p50 - b.value.p50 || a.id.localeCompare(b.id))
    .slice(0, limit);
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
export function periodFillRate(
  deliveries: readonly { period: string; required: number; served: number }[],
  periods: readonly string[],
): number[] {
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
export function stockpileLevels(
  rows: readonly { stockpile: string; period: string; level: number }[],
  periods: readonly string[],
): { stockpile: string; levels: (number | null)[] }[] {
  const byStockpile = new Map<string, Map<string, number>>();
  for (const row of rows) {
    const levels = byStockpile.get(row.stockpile) ?? new Map<string, number>();
    levels.set(row.period, row.level);
    byStockpile.set(row.stockpile, levels);
  }
  return [...byStockpile].map(([stockpile, levels]) => ({
    stockpile,
    levels: periods.map((period) => levels.get(period) ?? null),
  }));
}

/** Runs done of the total from a progress detail like "37/100 runs"; undefined for other details. */
export function runsDone(detail: string | undefined): { done: number; total: number } | undefined {
  const match = /^(\d+)\/(\d+) runs$/.exec(detail ?? '');
  if (!match) return undefined;
  return { done: Number(match[1]), total: Number(match[2]) };
}

/** The stockpile sizing form as typed: percentages for the target and the confidence, empty optional fields. */
export interface SizingForm {
  material: string;
  holder: string;
  /** Empty: the existing stockpile's node, else the holder's first consumer. */
  node: string;
  /** Fill rate to hold, %. */
  target: string;
  /** Share of runs that must reach it, %. */
  confidence: string;
  runs: string;
  days: string;
  seed: string;
  /** Unplanned outages per producing facility a year; empty: the scenario's. */
  outageRate: string;
  /** Largest level tried, t; empty: the server's (10 million t). */
  maxLevel: string;
}

/**
 * The body of POST /v1/stockpile-sizing (without model and scenario) from the form, percentages as
 * fractions (95 → 0.95), empty optional fields left out; or what to fix, in words.
 *
 * @example toSizingRequest({ ...form, target: '99', outageRate: '4' }) // { request: { target: 0.99, options: { outages: { rate: 4 } }, … } }
 */
export function toSizingRequest(
  form: SizingForm,
): { request: Omit<StockpileSizingRequest, 'model' | 'scenario'> } | { problem: string } {
  const number = (text: string): number | undefined => (text.trim() === '' ? undefined : Number(text));
  const whole = (value: number | undefined, min: number, max: number): value is number =>
    value !== undefined && Number.isInteger(value) && value >= min && value <= max;
  const [target, confidence, runs, days, seed, outageRate, maxLevel] = [
    form.target,
    form.confidence,
    form.runs,
    form.days,
    form.seed,
    form.outageRate,
    form.maxLevel,
  ].map(number);
  if (form.material === '' || form.holder === '')
    return { problem: 'Choose the material held and its holder.' };
  if (!(target !== undefined && target >= 0 && target <= 100))
    return { problem: 'The target fill rate is a percentage from 0 to 100.' };
  if (!(confidence !== undefined && confidence > 0 && confidence < 100))
    return { problem: 'The share of runs that must reach the target is a percentage above 0 and below 100.' };
  if (!whole(runs, 1, 100_000) || !whole(days, 1, 3650) || !whole(seed, 0, 0xffffffff))
    return {
      problem:
        'Runs must be a whole number from 1 to 100,000, days from 1 to 3,650, and the seed a whole number 0 or more.',
    };
  if (outageRate !== undefined && !(outageRate >= 0))
    return {
      problem:
        'The outage rate is a number of outages per facility a year, 0 or more (empty: the scenario’s).',
    };
  if (maxLevel !== undefined && !(maxLevel > 0))
    return { problem: 'The largest level is a number of tonnes above 0 (empty: up to 10 million t).' };
  return {
    request: {
      material: form.material,
      holder: form.holder,
      ...(form.node === '' ? {} : { node: form.node }),
      target: target / 100,
      confidence: confidence / 100,
      runs,
      days,
      seed,
      ...(maxLevel === undefined ? {} : { maxLevel }),
      ...(outageRate === undefined ? {} : { options: { outages: { rate: outageRate } } }),
    },
  };
}

export interface SizingOutcome {
  /** The percentile of runs whose fill rate is held to the target: 5 for 95% confidence. */
  percentile: number;
  /** The level found, t, or (when even the largest level tried misses the target) that largest level. */
  level: number;
  found: boolean;
  /** Fill rate at the percentile at that level. */
  fillRate: number;
  /** Every level tried, smallest first, with the fill rate at the percentile there. */
  steps: { level: number; fillRate: number }[];
}

/** What a stockpile sizing found: the level, the fill rate it reaches, and the levels tried in order of size. */
export function toSizingOutcome(
  sizing: Pick<StockpileSizing, 'level' | 'confidence' | 'steps'>,
): SizingOutcome {
  const steps = [...sizing.steps].sort((a, b) => a.level - b.level);
  const level = sizing.level ?? steps[steps.length - 1]?.level ?? 0;
  return {
    percentile: Math.round((1 - sizing.confidence) * 100),
    level,
    found: sizing.level !== undefined,
    fillRate: steps.find((step) => step.level === level)?.fillRate ?? 0,
    steps,
  };
}
