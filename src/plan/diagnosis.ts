/**
 * Sentences that explain a plan's shortfalls in a planner's words: what is short, in which periods,
 * and why — a lead time no shipment can beat, a material nothing makes, or the limits that bind.
 */
import { activePeriods, type Route } from '../model/index.js';
import type { PlanContext } from './formulation/context.js';
import { isCoveredByExportControl } from './formulation/export-controls.js';
import type { BindingConstraint, DemandRow, ShortfallRow } from './result.js';

const SHORT = 1e-6;

const tonnes = (t: number): string => `${Math.round(t).toLocaleString('en-US')} t`;

/** `2026-01 and 2026-02`, `2026-01, 2026-02 and 2026-03`. */
function listPeriods(periods: readonly string[]): string {
  if (periods.length <= 1) return periods[0] ?? '';
  return `${periods.slice(0, -1).join(', ')} and ${periods[periods.length - 1]}`;
}

/** `500 t in 2026-01, 500 t in 2026-02`, or a range when there are many. */
function describeShortPeriods(rows: readonly DemandRow[]): string {
  if (rows.length <= 6) return rows.map((r) => `${tonnes(r.unmet)} in ${r.period}`).join(', ');
  return `in ${rows.length} periods from ${rows[0]?.period} to ${rows[rows.length - 1]?.period}`;
}

/** The licence regimes that hold back `material` on `route` departing in period t, with their delay in days. */
function licences(
  context: PlanContext,
  route: Route,
  material: string,
  t: number,
): { id: string; days: number }[] {
  const out: { id: string; days: number }[] = [];
  for (const policy of context.model.policies) {
    if (policy.kind !== 'export-control' || policy.mode !== 'license' || policy.licenseDelay === undefined)
      continue;
    const [first, last] = activePeriods(context.model.horizon, policy);
    if (t < first || t > last || !isCoveredByExportControl(context, policy, route, material)) continue;
    out.push({ id: policy.id, days: policy.licenseDelay });
  }
  return out;
}

/**
 * When a demand is short in its first periods because nothing shipped from period 0 on can reach it
 * sooner (transit plus licence delay, rounded to periods as planned), the sentence that says so.
 * Undefined when the node makes the material itself or no early period is short.
 */
function leadTimeReason(
  context: PlanContext,
  short: ShortfallRow,
  rows: readonly DemandRow[],
): string | undefined {
  const makesItThere = context.processes.some(
    (p) => p.facility.id === short.node && (p.outputs[short.material] ?? 0) > 0,
  );
  if (makesItThere) return undefined;
  let fastest: { route: Route; periods: number; licences: { id: string; days: number }[] } | undefined;
  for (const route of context.model.routes) {
    if (
      route.to !== short.node ||
      (route.materials !== undefined && !route.materials.includes(short.material))
    )
      continue;
    const delay = licences(context, route, short.material, 0);
    const longest = delay.reduce((a, l) => Math.max(a, l.days), 0);
    const periods =
      (context.leadPeriods.get(route.id) ?? 0) +
      (longest > 0 ? Math.round(longest / ((365 / 12) * context.monthsPerPeriod)) : 0);
    if (!fastest || periods < fastest.periods) fastest = { route, periods, licences: delay };
  }
  if (!fastest || fastest.periods === 0) return undefined;
  const early = rows.filter((r) => context.periods.indexOf(r.period) < (fastest?.periods ?? 0));
  if (early.length === 0) return undefined;
  const { route, periods } = fastest;
  const longest = fastest.licences.reduce<{ id: string; days: number } | undefined>(
    (a, l) => (a === undefined || l.days > a.days ? l : a),
    undefined,
  );
  const arrival = context.periods[periods] ?? 'the end of the horizon';
  return (
    `short in ${listPeriods(early.map((r) => r.period))} because nothing shipped to ${short.node} can arrive before ${arrival}: ` +
    `the fastest route, ${route.from} → ${route.to}, takes ${route.leadTime} d` +
    (longest ? ` + licence delay ${longest.days} d under ${longest.id}` : '') +
    ` (${periods} period${periods === 1 ? '' : 's'} as planned)`
  );
}

/**
 * Sentences that explain the shortfalls: what is short, how much in which periods, and why.
 *
 * @example diagnoseShortfall(context, demand, shortfall, binding)[0] // 'demand tokyo:Nd-oxide is short 1,000 t of Nd-oxide (16.7% of its requirement): 500 t in 2026-01, 500 t in 2026-02'
 */
export function diagnoseShortfall(
  context: PlanContext,
  demand: readonly DemandRow[],
  shortfall: readonly ShortfallRow[],
  binding: readonly BindingConstraint[],
): string[] {
  const out: string[] = [];
  let unexplained = false;
  for (const s of shortfall) {
    const rows = demand.filter((r) => r.demand === s.demand && r.unmet > SHORT);
    out.push(
      `demand ${s.demand} is short ${tonnes(s.tonnes)} of ${s.material} (${(s.share * 100).toFixed(1)}% of its requirement): ${describeShortPeriods(rows)}`,
    );
    const producers = context.processes.filter((p) => (p.outputs[s.material] ?? 0) > 0);
    if (producers.length === 0) {
      out.push(
        `no process in the model makes ${s.material}, and no stockpile or route brings it to ${s.node}`,
      );
      continue;
    }
    const reason = leadTimeReason(context, s, rows);
    if (reason) out.push(reason);
    if (!reason || rows.some((r) => !reason.includes(r.period))) unexplained = true;
  }
  if (shortfall.length > 0) {
    for (const b of binding.slice(0, 8)) out.push(b.message);
    if (binding.length === 0 && unexplained)
      out.push(
        'no limit binds: demand is short because supply costs more than the value of unmet demand, or nothing can reach it',
      );
  }
  return out;
}
