/**
 * The allocation panel's data: one row per project, named as the project table names it (the id
 * kept for a tooltip), with its value beside the chosen projects and alone; and what the totals
 * are summed over. Pure: shaped from `AllocationResult` (src/coordinate/result.ts).
 */
import type { AllocationResult } from '../api/types.js';

export interface AllocationRow {
  project: string;
  /** The model's name, or the id when it gives none. */
  label: string;
  /** chosen, unfunded, or the fixed decision (committed, excluded). */
  decision: string;
  status: string;
  capex?: number;
  /** What it buys with the chosen projects (chosen: removed, others kept; unfunded: added on top). */
  withOthers?: number;
  /** What it buys built alone, against no optional project. */
  alone?: number;
  /** Standalone NPV (the projects table's), USD; with one scenario only. */
  npv?: number;
}

/** Chosen first, then unfunded (best first), then the projects the allocation does not decide. */
export function toAllocationRows(result: AllocationResult): AllocationRow[] {
  const label = (p: { project: string; name?: string }) => p.name ?? p.project;
  return [
    ...result.chosen.map((c) => ({
      project: c.project,
      label: label(c),
      decision: 'chosen',
      status: c.status,
      capex: c.capex,
      withOthers: c.buys,
      alone: c.alone,
      ...(c.npv === undefined ? {} : { npv: c.npv }),
    })),
    ...result.unfunded.map((u) => ({
      project: u.project,
      label: label(u),
      decision: 'unfunded',
      status: u.status,
      capex: u.capex,
      withOthers: u.wouldBuy,
      alone: u.alone,
      ...(u.npv === undefined ? {} : { npv: u.npv }),
    })),
    ...result.fixed.map((f) => ({
      project: f.project,
      label: label(f),
      decision: f.decision,
      status: f.status,
    })),
  ];
}

const STEPS = { month: 'months', quarter: 'quarters', year: 'years' } as const;

/** What the goal's totals are summed over, e.g. "total plan cost over 7 years from 2026-01 (not discounted, USD)". */
export function measuredOver(
  result: Pick<AllocationResult, 'goal' | 'unit' | 'currency' | 'horizons'>,
): string {
  const horizon = result.horizons
    .map((h) => `${h.periods} ${h.periods === 1 ? h.step : STEPS[h.step]} from ${h.start}`)
    .join(' or ');
  return result.unit === 'USD'
    ? `total plan cost over ${horizon} (not discounted, ${result.currency})`
    : `${result.unit}, in total over ${horizon}`;
}
