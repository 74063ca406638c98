/** What every control chart family shares: the model it builds and the checks on its data. */
import { SpcError } from './errors.js';
import type { ChartSeries, FrozenLimits } from './types.js';

/** A series before rules: its per-point sigma (for run-rule zones) and whether zone rules apply. */
export interface Drawn extends Omit<ChartSeries, 'violations'> {
  sigma: number[];
  zoneRules: boolean;
}

/** One chart family: how to estimate its parameters from reference points and draw every point. */
export interface ChartModel {
  points: number;
  estimate(indices: readonly number[]): FrozenLimits;
  draw(limits: FrozenLimits): Drawn[];
}

export const fill = (n: number, v: number): number[] => new Array<number>(n).fill(v);

export function requireFinite(values: readonly number[], what: string): void {
  for (let i = 0; i < values.length; i++) {
    if (!Number.isFinite(values[i]))
      throw new SpcError(
        'SPC_NON_FINITE',
        `${what} ${i + 1} is ${String(values[i])}; every value must be a finite number (remove or impute missing values first)`,
      );
  }
}

export function requireSpread(value: number, what: string): void {
  if (!(value > 0))
    throw new SpcError(
      'SPC_ZERO_VARIANCE',
      `${what} is ${value} in the reference points, so every limit would collapse onto the centre line; use more varied reference data or give sigma`,
    );
}

/** The mean moving range of consecutive reference points (pairs whose both ends are in `indices`). */
export function meanMovingRange(values: readonly number[], indices: readonly number[]): number {
  const inRef = new Set(indices);
  let sum = 0;
  let count = 0;
  for (const i of indices) {
    if (i === 0 || !inRef.has(i - 1)) continue;
    sum += Math.abs((values[i] as number) - (values[i - 1] as number));
    count++;
  }
  if (count === 0)
    throw new SpcError(
      'SPC_TOO_FEW_POINTS',
      'no two consecutive reference points, so no moving range to estimate sigma from',
    );
  return sum / count;
}

export function pick(values: readonly number[], indices: readonly number[]): number[] {
  return indices.map((i) => values[i] as number);
}
