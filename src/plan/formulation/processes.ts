import { resolveProcess, type ResolvedProcess } from '../../model/index.js';
import type { Term } from '../../solver/problem.js';
import {
  addBalanceTerm,
  addCostTerm,
  addEmissions,
  addNamedRow,
  toPeriodIndex,
  type PlanContext,
} from './context.js';
import { definedFields } from '../../defined-fields.js';

/** Availability left by outages of a process in period t (1 when none applies). */
function outageFactor(context: PlanContext, p: ResolvedProcess, t: number): number {
  let factor = 1;
  for (const outage of context.model.outages) {
    if (outage.facility !== p.facility.id) continue;
    if (outage.process !== undefined && outage.process !== p.process.id) continue;
    const first = toPeriodIndex(context, outage.start);
    const last = outage.end === undefined ? context.periods.length - 1 : toPeriodIndex(context, outage.end);
    if (t >= first && t <= last) factor = Math.min(factor, outage.availability);
  }
  return factor;
}

/** Processes of the model plus the new processes projects would add, with the project that adds each. */
function plannedProcesses(
  context: PlanContext,
): { process: ResolvedProcess; project?: string; from: number }[] {
  const out: { process: ResolvedProcess; project?: string; from: number }[] = context.processes.map(
    (process) => ({ process, from: 0 }),
  );
  for (const { project, onlinePeriod } of context.projects.values()) {
    const facility = context.facilities.get(project.facility);
    if (!project.process || !facility) continue;
    out.push({
      process: resolveProcess(facility, project.process, context.contents),
      project: project.id,
      from: onlinePeriod,
    });
  }
  return out;
}

/**
 * Activity of every process in every period, `x[p,t] ≥ 0`, with its operating cost and emissions,
 * and its recipe in the balances: `+ outputs[p,m]·x[p,t]` and `− inputs[p,m]·x[p,t]` at its facility.
 * A project's new process has activity only from the period it comes online.
 */
export function defineProcessActivity(context: PlanContext): void {
  for (const { process: p, project, from } of plannedProcesses(context)) {
    if (!(p.capacityPerActivity > 0)) continue;
    const columns: number[] = [];
    for (let t = from; t < context.periods.length; t++) {
      const column = context.builder.addColumn(`activity[${p.key},${context.periods[t]}]`);
      columns[t] = column;
      addCostTerm(context, column, 'operating', p.process.cost);
      addEmissions(context, column, p.process.emissions);
      for (const [material, amount] of Object.entries(p.outputs))
        addBalanceTerm(context, p.facility.id, material, t, column, amount);
      for (const [material, amount] of Object.entries(p.inputs))
        addBalanceTerm(context, p.facility.id, material, t, column, -amount);
      context.activities.push({
        process: p,
        period: t,
        column,
        ...definedFields({ project }),
      });
    }
    context.activity.set(p.key, columns);
  }
}

/**
 * Process capacity on its reference flow, per period:
 * `ref[p]·x[p,t] ≤ (capacity[p] + Σ_j added[j,p]·b[j]) · availability[p] · outage[p,t] · months/12`,
 * with a project's added capacity counted from the period it comes online; a new process's whole
 * capacity is `capacity · b[j]`. The dual is the value of one more tonne of capacity in that period.
 */
export function defineProcessCapacity(context: PlanContext): void {
  const expansions = [...context.projects.values()].filter((j) => j.project.expands);
  for (const activity of context.activities) {
    const { process: p, period: t, column } = activity;
    const scale = p.process.availability * outageFactor(context, p, t) * context.yearFraction;
    const terms: Term[] = [[column, p.capacityPerActivity]];
    let rhs = 0;
    if (activity.project !== undefined) {
      const build = context.projects.get(activity.project);
      if (build?.column !== undefined) terms.push([build.column, -p.process.capacity * scale]);
    } else {
      rhs = p.process.capacity * scale;
      for (const j of expansions) {
        const target = j.project.expands?.process;
        if (j.project.facility !== p.facility.id || target !== p.process.id || t < j.onlinePeriod) continue;
        if (j.column !== undefined) terms.push([j.column, -(j.project.expands?.capacity ?? 0) * scale]);
      }
    }
    const row = addNamedRow(
      context,
      { kind: 'capacity', id: p.key, period: context.periods[t] ?? '', unit: 't' },
      terms,
      { upper: rhs },
    );
    context.capacityRow.set(column, row);
  }
}
