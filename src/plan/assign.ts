/** Reads a solution back into result tables keyed by input ids. */
import { ELEMENT_SYMBOLS, type ElementSymbol } from '../model/index.js';
import type { Solution } from '../solver/solver.js';
import type { Problem } from '../solver/problem.js';
import { COST_CATEGORIES, type PlanContext } from './formulation/context.js';
import { requiredInPeriod } from './formulation/demand.js';
import type {
  ActivityRow,
  BindingConstraint,
  CostBreakdown,
  DemandRow,
  DualRow,
  ElementProductionRow,
  FlowRow,
  ProductionRow,
  ShortfallRow,
} from './result.js';
import { definedFields } from '../defined-fields.js';

/** Values below this are reported as zero (solver round-off). */
export const ZERO_TOLERANCE = 1e-7;

/** Kinds whose dual reads as "value of one more unit of the limit" (−∂cost/∂rhs). */
const LIMIT_KINDS = new Set([
  'capacity',
  'route-capacity',
  'storage',
  'sink-limit',
  'quota',
  'export-control',
  'share-cap',
  'emission-cap',
  'budget',
  'stockpile',
  'offtake',
]);

/** A solved value with round-off and non-finite values read as 0. */
export function clean(value: number | undefined): number {
  if (value === undefined || !Number.isFinite(value) || Math.abs(value) < ZERO_TOLERANCE) return 0;
  return value;
}

export function assignCosts(context: PlanContext, values: Float64Array): CostBreakdown {
  // Summed by category index in a typed array (string-keyed increments on the result object cost
  // more than the rest of the loop), in ledger order as before, then named.
  const byCategory = new Float64Array(COST_CATEGORIES.length);
  let total = 0;
  const ledger = context.costTerms;
  for (let k = 0; k < ledger.size; k++) {
    const amount = (ledger.coefficients[k] ?? 0) * clean(values[ledger.columns[k] ?? 0]);
    const category = ledger.categories[k] ?? 0;
    byCategory[category] = (byCategory[category] ?? 0) + amount;
    total += amount;
  }
  const costs = Object.fromEntries(COST_CATEGORIES.map((c, i) => [c, byCategory[i] ?? 0])) as CostBreakdown;
  costs.total = total;
  return costs;
}

export function assignEmissions(context: PlanContext, values: Float64Array): number {
  let total = 0;
  for (const [column, tco2e] of context.emissions) total += tco2e * clean(values[column]);
  return total;
}

export function assignActivity(
  context: PlanContext,
  values: Float64Array,
  problem: Problem,
  rowOfActivity: Map<number, number>,
): ActivityRow[] {
  const out: ActivityRow[] = [];
  for (const a of context.activities) {
    const activity = clean(values[a.column]);
    const row = rowOfActivity.get(a.column);
    const rhs = row === undefined ? 0 : (problem.rows.upper[row] ?? 0);
    const throughput = activity * a.process.capacityPerActivity;
    // For a project's new process the capacity sits on the build column: capacity = −coef · b.
    const capacity = a.project === undefined ? rhs : throughput > 0 ? throughput : 0;
    out.push({
      process: a.process.key,
      facility: a.process.facility.id,
      stage: a.process.stage,
      jurisdiction: a.process.facility.jurisdiction,
      country: context.tree.root(a.process.facility.jurisdiction),
      ...definedFields({ operator: a.process.facility.operator }),
      period: context.periods[a.period] ?? '',
      activity,
      throughput,
      capacity,
      utilisation: capacity > 0 ? throughput / capacity : 0,
      ...definedFields({ project: a.project }),
    });
  }
  return out;
}

export function assignProduction(context: PlanContext, values: Float64Array): ProductionRow[] {
  const out: ProductionRow[] = [];
  for (const a of context.activities) {
    const activity = clean(values[a.column]);
    if (activity === 0) continue;
    for (const [material, amount] of Object.entries(a.process.outputs)) {
      const tonnes = activity * amount;
      out.push({
        process: a.process.key,
        facility: a.process.facility.id,
        stage: a.process.stage,
        jurisdiction: a.process.facility.jurisdiction,
        country: context.tree.root(a.process.facility.jurisdiction),
        material,
        period: context.periods[a.period] ?? '',
        tonnes,
        reo: tonnes * (context.reo.get(material) ?? 0),
      });
    }
  }
  return out;
}

export function assignElementProduction(
  context: PlanContext,
  production: readonly ProductionRow[],
): ElementProductionRow[] {
  const totals = new Map<string, ElementProductionRow>();
  for (const row of production) {
    const content = context.contents.get(row.material) ?? {};
    for (const element of ELEMENT_SYMBOLS) {
      const perTonne = content[element] ?? 0;
      if (perTonne === 0) continue;
      const key = `${row.facility}|${row.stage}|${element}`;
      const entry = totals.get(key) ?? {
        stage: row.stage,
        jurisdiction: row.jurisdiction,
        facility: row.facility,
        element: element as ElementSymbol,
        tonnesReo: 0,
      };
      entry.tonnesReo += perTonne * row.tonnes;
      totals.set(key, entry);
    }
  }
  return [...totals.values()];
}

export function assignFlows(context: PlanContext, values: Float64Array): FlowRow[] {
  const out: FlowRow[] = [];
  for (const { route, material, first, periods, arrivals } of context.flowLanes) {
    // Most lanes carry nothing: what a lane's rows share is worked out at its first shipment.
    let lane: { crossBorder: boolean; reo: number } | undefined;
    for (let k = 0; k < periods.length; k++) {
      const tonnes = clean(values[first + k]);
      if (tonnes === 0) continue;
      if (!lane) {
        const fromJ = context.facilities.get(route.from)?.jurisdiction ?? '';
        const toJ = context.facilities.get(route.to)?.jurisdiction ?? '';
        lane = {
          crossBorder: context.tree.root(fromJ) !== context.tree.root(toJ),
          reo: context.reo.get(material) ?? 0,
        };
      }
      out.push({
        route: route.id,
        from: route.from,
        to: route.to,
        material,
        period: context.periods[periods[k] ?? 0] ?? '',
        arrival: context.periods[arrivals[k] ?? 0] ?? '',
        tonnes,
        reo: tonnes * lane.reo,
        crossBorder: lane.crossBorder,
      });
    }
  }
  return out;
}

export function assignDemand(
  context: PlanContext,
  values: Float64Array,
): { demand: DemandRow[]; shortfall: ShortfallRow[] } {
  const demand: DemandRow[] = [];
  const shortfall: ShortfallRow[] = [];
  for (const d of context.model.demands) {
    const served = context.served.get(d.id) ?? [];
    const unmet = context.unmet.get(d.id) ?? [];
    let requiredTotal = 0;
    let unmetTotal = 0;
    for (let t = 0; t < context.periods.length; t++) {
      const required = requiredInPeriod(context, d, t);
      let substituted = 0;
      d.substitutes.forEach(
        (_, k) => (substituted += clean(values[context.substituted.get(`${d.id}|${k}`)?.[t] ?? -1])),
      );
      const short = clean(values[unmet[t] ?? -1]);
      requiredTotal += required;
      unmetTotal += short;
      demand.push({
        demand: d.id,
        node: d.node,
        material: d.material,
        period: context.periods[t] ?? '',
        required,
        served: clean(values[served[t] ?? -1]),
        substituted,
        unmet: short,
      });
    }
    if (unmetTotal > 1e-6) {
      shortfall.push({
        demand: d.id,
        node: d.node,
        material: d.material,
        tonnes: unmetTotal,
        share: requiredTotal > 0 ? unmetTotal / requiredTotal : 0,
        value: unmetTotal * d.unmetCost,
      });
    }
  }
  return { demand, shortfall };
}

/** Shadow prices of every limit row, with whether it binds. */
export function assignDuals(context: PlanContext, problem: Problem, solution: Solution): DualRow[] {
  const out: DualRow[] = [];
  const duals = solution.rowDuals;
  const activities = solution.rowActivities;
  if (!duals) return out;
  for (let i = 0; i < context.rows.length; i++) {
    const info = context.rows[i];
    if (!info) continue;
    const dual = clean(duals[i]);
    const isLimit = LIMIT_KINDS.has(info.kind);
    const value = isLimit ? -dual : dual;
    const upper = problem.rows.upper[i] ?? Infinity;
    const lower = problem.rows.lower[i] ?? -Infinity;
    const activity = activities?.[i] ?? NaN;
    const tol = 1e-6 * (1 + Math.abs(Number.isFinite(upper) ? upper : lower));
    const atBound = Math.abs(activity - upper) <= tol || Math.abs(activity - lower) <= tol;
    if (value === 0 && !isLimit) continue;
    if (value === 0 && !atBound) continue;
    out.push({
      kind: info.kind,
      id: info.id,
      ...definedFields({ period: info.period }),
      value,
      unit: `USD/${info.unit}`,
      binding: atBound && value !== 0,
    });
  }
  return out;
}

/** How a row kind reads in a sentence: 'capacity of bayan-obo/mine binds'. */
export const KIND_WORDS: Record<string, string> = {
  capacity: 'capacity of',
  'route-capacity': 'route capacity of',
  storage: 'storage at',
  'sink-limit': 'sink limit of',
  quota: 'quota',
  'export-control': 'export control',
  'share-cap': 'share cap',
  'emission-cap': 'emission cap',
  budget: 'budget',
  stockpile: 'stockpile release or rebuild rate of',
  offtake: 'offtake agreement',
};

/** 'in every period', 'in 2026-03', or a list of periods. */
export function describePeriods(periods: readonly string[], all: readonly string[]): string {
  if (periods.length === all.length && all.length > 1) return 'in every period';
  if (periods.length === 1) return `in ${periods[0]}`;
  return `in ${periods.length} periods (${periods[0]} … ${periods.at(-1)})`;
}

/** Groups binding limit rows by input id, largest shadow price first, each with a readable message. */
export function assignBinding(context: PlanContext, duals: readonly DualRow[]): BindingConstraint[] {
  const groups = new Map<string, BindingConstraint>();
  for (const d of duals) {
    if (!d.binding || !LIMIT_KINDS.has(d.kind)) continue;
    const key = `${d.kind}|${d.id}`;
    const group = groups.get(key) ?? { kind: d.kind, id: d.id, periods: [], value: 0, message: '' };
    if (d.period !== undefined) group.periods.push(d.period);
    group.value = Math.max(group.value, Math.abs(d.value));
    groups.set(key, group);
  }
  const out = [...groups.values()].sort((a, b) => b.value - a.value);
  for (const g of out) {
    const money = g.value >= 100 ? Math.round(g.value).toLocaleString('en-US') : g.value.toPrecision(3);
    const unit = context.rows.find((r) => r?.kind === g.kind && r.id === g.id)?.unit ?? 't';
    g.message = `${KIND_WORDS[g.kind] ?? g.kind} ${g.id} binds ${describePeriods(g.periods, context.periods)}; one more ${unit} is worth up to ${money} USD`;
  }
  return out;
}
