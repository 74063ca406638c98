/**
 * What a lower-emission plan changes against the least-cost plan of the same model: the
 * indicators of both, the extra cost per tonne of CO2e avoided, and the plants it shifts between.
 */
import { toProcessKey, type Model, type Process } from '../model/index.js';
import type { Indicators, LeastCostComparison, ProcessShift } from './environment.js';

/** The parts of a plan result the comparison reads (structural: this module does not import result.ts, which imports environment.ts). */
interface PlanSide {
  activity: readonly {
    process: string;
    facility: string;
    country: string;
    stage: string;
    activity: number;
    throughput: number;
  }[];
  costs: Readonly<Record<string, number>> & { total: number };
  environment: { total: Indicators };
}

function processFactors(model: Model): Map<string, Process> {
  const out = new Map<string, Process>();
  for (const f of model.facilities) for (const p of f.processes ?? []) out.set(toProcessKey(f.id, p.id), p);
  for (const project of model.projects)
    if (project.process) out.set(toProcessKey(project.facility, project.process.id), project.process);
  return out;
}

type ShiftSide = Omit<ProcessShift, 'emissionsChange'> & { activity: { leastCost: number; planned: number } };

/**
 * Compares a plan (usually `--objective emissions`) with the least-cost plan of the same model.
 *
 * @example compareWithLeastCost(model, costPlan, emissionsPlan).costPerTonneAvoided → 85.2
 */
export function compareWithLeastCost(
  model: Model,
  leastCost: PlanSide,
  planned: PlanSide,
): LeastCostComparison {
  const factors = processFactors(model);
  const byProcess = new Map<string, ShiftSide>();
  for (const [side, result] of [
    ['leastCost', leastCost],
    ['planned', planned],
  ] as const) {
    for (const row of result.activity) {
      const entry = byProcess.get(row.process) ?? {
        process: row.process,
        facility: row.facility,
        country: row.country,
        stage: row.stage,
        leastCost: 0,
        planned: 0,
        activity: { leastCost: 0, planned: 0 },
      };
      entry[side] += row.throughput;
      entry.activity[side] += row.activity;
      byProcess.set(row.process, entry);
    }
  }
  const shifts = [...byProcess.values()]
    .map(({ activity, ...shift }) => ({
      ...shift,
      // `+ 0` turns a −0 (no change at a process without emissions) into 0.
      emissionsChange:
        (activity.planned - activity.leastCost) * (factors.get(shift.process)?.emissions ?? 0) + 0,
    }))
    // Changes under half a tonne are solver noise, not shifts.
    .filter((s) => Math.abs(s.planned - s.leastCost) > Math.max(0.5, 1e-6 * s.leastCost))
    .sort(
      (a, b) =>
        Math.abs(b.emissionsChange) - Math.abs(a.emissionsChange) ||
        Math.abs(b.planned - b.leastCost) - Math.abs(a.planned - a.leastCost),
    );
  const emissionsAvoided = leastCost.environment.total.emissions - planned.environment.total.emissions;
  const extraCost = planned.costs.total - leastCost.costs.total;
  const costChange: Record<string, number> = {};
  for (const [category, amount] of Object.entries(planned.costs)) {
    const change = amount - (leastCost.costs[category] ?? 0);
    if (category !== 'total' && Math.abs(change) > 0.5) costChange[category] = change;
  }
  return {
    leastCost: { ...leastCost.environment.total },
    emissionsAvoided,
    extraCost,
    ...(emissionsAvoided > 1e-6 ? { costPerTonneAvoided: extraCost / emissionsAvoided } : {}),
    costChange,
    shifts,
  };
}
