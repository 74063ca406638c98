import { addCostTerm, toPeriodIndex, type PlanContext } from './context.js';

const DAYS_PER_MONTH = 365 / 12;

/** Annuity factor: the yearly payment that repays 1 USD over `years` at `rate`. */
export function annuityFactor(rate: number, years: number): number {
  if (rate === 0) return 1 / years;
  return rate / (1 - (1 + rate) ** -years);
}

/**
 * Build decisions of projects (the MIP part): `b[j] ∈ {0,1}`, fixed to 1 when committed.
 * A project starts construction in its earliest start period and is online `buildTime` later:
 * `online[j] = start[j] + ⌈buildTime / period length⌉`. Its cost while online, per period, is the
 * capital annuity plus fixed opex: `(capex · r / (1 − (1+r)^−n) + opex) · months/12 · b[j]`.
 * Projects that cannot be online inside the horizon are left out (they cannot change the plan).
 */
export function defineProjects(context: PlanContext): void {
  const { model, builder, periods, monthsPerPeriod, yearFraction } = context;
  const rate = model.settings.discountRate;
  for (const project of model.projects) {
    if (project.decision === 'excluded') continue;
    const startPeriod = Math.max(
      0,
      project.earliestStart === undefined ? 0 : toPeriodIndex(context, project.earliestStart),
    );
    const onlinePeriod =
      startPeriod + Math.ceil(project.buildTime / (DAYS_PER_MONTH * monthsPerPeriod) - 1e-9);
    if (onlinePeriod >= periods.length) continue;
    const committed = project.decision === 'committed';
    const periodsOnline = periods.length - onlinePeriod;
    const column = builder.addColumn(`build[${project.id}]`, {
      lower: committed ? 1 : 0,
      upper: 1,
      integer: !committed,
    });
    addCostTerm(
      context,
      column,
      'capital',
      project.capex * annuityFactor(rate, project.lifetimeYears) * yearFraction * periodsOnline,
    );
    addCostTerm(context, column, 'fixed-opex', project.opex * yearFraction * periodsOnline);
    context.projects.set(project.id, {
      project,
      column,
      ...(committed ? { fixed: 1 as const } : {}),
      onlinePeriod,
      startPeriod,
    });
  }
}
