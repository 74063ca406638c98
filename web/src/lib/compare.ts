/**
 * One line per plan for the scenario comparison: cost, shortfall and who produces each stage's
 * output. Pure: computed from plan results the dashboard already holds.
 */
import { stageRank } from './sankey.js';

export interface PlanShape {
  status: string;
  costs: Readonly<Record<string, number>>;
  shortfall: readonly { tonnes: number; value: number }[];
  production: readonly { stage: string; country: string; reo: number }[];
}

export interface StageShares {
  stage: string;
  /** t REO of the stage's outputs over the horizon. */
  total: number;
  /** Countries by share of the stage's output, largest first; shares sum to 1. */
  shares: { country: string; share: number }[];
}

export interface RunSummary {
  status: string;
  /** USD, the plan's total cost (objective terms by category summed). */
  cost: number;
  /** t of unmet demand over the horizon. */
  shortfall: number;
  /** USD value of unmet demand. */
  shortfallValue: number;
  stages: StageShares[];
}

/** Country shares of each stage's REO output, stages in chain order. */
export function toStageShares(production: PlanShape['production']): StageShares[] {
  const byStage = new Map<string, Map<string, number>>();
  for (const row of production) {
    if (!(row.reo > 0)) continue;
    const countries = byStage.get(row.stage) ?? new Map<string, number>();
    countries.set(row.country, (countries.get(row.country) ?? 0) + row.reo);
    byStage.set(row.stage, countries);
  }
  return [...byStage.entries()]
    .sort(([a], [b]) => stageRank(a) - stageRank(b))
    .map(([stage, countries]) => {
      const total = [...countries.values()].reduce((a, b) => a + b, 0);
      const shares = [...countries.entries()]
        .map(([country, reo]) => ({ country, share: reo / total }))
        .sort((a, b) => b.share - a.share || a.country.localeCompare(b.country));
      return { stage, total, shares };
    });
}

/** The comparison line of one plan. */
export function summarizeRun(result: PlanShape): RunSummary {
  return {
    status: result.status,
    cost: result.costs['total'] ?? 0,
    shortfall: result.shortfall.reduce((sum, row) => sum + row.tonnes, 0),
    shortfallValue: result.shortfall.reduce((sum, row) => sum + row.value, 0),
    stages: toStageShares(result.production),
  };
}

/** Share of `country` in `stage` of a summary (0 when it produces nothing there). */
export function shareOf(summary: RunSummary, stage: string, country: string): number {
  return summary.stages.find((s) => s.stage === stage)?.shares.find((s) => s.country === country)?.share ?? 0;
}
