/**
 * The cost-of-diversification curve of one consumer (POST /v1/risk/diversification): each step
 * re-plans with at most a share of the consumer's supply of the elements coming directly from one
 * jurisdiction. Pure: the chart's points, the table's cells and the caption from the job.
 */
import type { DiversificationMetric, DiversificationRequest } from '../api/types.js';
import { formatTonnes, formatUsd } from './format.js';

/** Caps the server tries when the request names none (largest first). */
export const DEFAULT_CAPS = [1, 0.8, 0.6, 0.4, 0.2, 0] as const;

/** Elements the panel offers for the cap; the first is the default (the magnet metals). */
export const CURVE_ELEMENTS = ['NdPr', 'DyTb', 'HREE', 'LREE'] as const;

/** Below this many tonnes a shortfall is solver noise, not unmet demand. */
const SHORT_TOLERANCE = 1e-6;

export interface CurvePoint {
  /** Cap on the share of the consumer's supply coming directly from the jurisdiction, 0–1. */
  cap: number;
  /** USD over the horizon, unmet-demand value excluded. */
  supplyCost: number;
  /** USD over the first (loosest) cap. */
  costIncrease: number;
  /** t of demand unmet under this cap. */
  shortfall: number;
  /** Whether the cap changed the plan (has a shadow price). */
  binds: boolean;
}

export interface CurveRow {
  cap: string;
  supplyCost: string;
  increase: string;
  short: string;
  binds: 'yes' | 'no';
}

/** A cap as a whole percentage: 0.8 → "80%". */
export function formatCap(cap: number): string {
  return `${Math.round(cap * 100)}%`;
}

/** The curve's points, in the order the caps were tried. */
export function toCurvePoints(metric: DiversificationMetric): CurvePoint[] {
  return metric.values.map((row) => ({
    cap: row.maxShare,
    supplyCost: row.supplyCost,
    costIncrease: row.costIncrease,
    shortfall: row.shortfall > SHORT_TOLERANCE ? row.shortfall : 0,
    binds: row.binds,
  }));
}

/** One table row per point: cap, supply cost, increase (signed), tonnes short, whether the cap binds. */
export function toCurveRow(point: CurvePoint): CurveRow {
  const increase = Math.abs(point.costIncrease) < 0.5 ? 0 : point.costIncrease;
  return {
    cap: formatCap(point.cap),
    supplyCost: formatUsd(point.supplyCost),
    increase: increase > 0 ? `+${formatUsd(increase)}` : formatUsd(increase),
    short: point.shortfall > 0 ? formatTonnes(point.shortfall) : '–',
    binds: point.binds ? 'yes' : 'no',
  };
}

/**
 * What each point is, from the request the job ran with.
 *
 * @example curveCaption({ consumer: 'JP', through: 'CN', elements: ['NdPr'], steps: [1, 0.5, 0] }) → "Each point re-plans with at most X% of JP's NdPr supply coming directly from CN (X = 100%, 50%, 0%)…"
 */
export function curveCaption(
  input: Pick<DiversificationRequest, 'consumer' | 'through' | 'elements' | 'steps'>,
): string {
  const caps = (input.steps ?? DEFAULT_CAPS).map(formatCap).join(', ');
  return (
    `Each point re-plans with at most X% of ${input.consumer}'s ${input.elements.join(', ')} supply coming directly ` +
    `from ${input.through} (X = ${caps}), without new projects. The cap counts ${input.consumer}'s direct ` +
    `suppliers only; supply cost leaves out the value of demand left unmet.`
  );
}
