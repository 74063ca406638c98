/**
 * The indexed view of a model the `define*` functions share: periods, resolved processes, which
 * materials can be where, route lead times, and the registries of variables and rows they add.
 */
import {
  activePeriods,
  createJurisdictionTree,
  fromDaysToPeriods,
  materialContents,
  monthsPerPeriod,
  periodIndex,
  periodLabels,
  resolveProcess,
  resolveProcesses,
  sumElements,
  type ElementVector,
  type Model,
  type ResolvedProcess,
} from '../../model/index.js';
import { createProblemBuilder } from '../../solver/problem-builder.js';
import type { Term } from '../../solver/problem.js';
import type { PlanOptions } from '../options.js';
import { createNodeMaterials, propagateAlongRoutes } from './route-propagation.js';
import {
  COST_CATEGORIES,
  type RowInfo,
  type FlowVar,
  type CostCategory,
  type PlanContext,
} from './context-types.js';

export { ROW_KINDS, COST_CATEGORIES } from './context-types.js';
export type {
  RowKind,
  RowInfo,
  ProjectPlan,
  FlowVar,
  FlowLane,
  CostCategory,
  CostLedger,
  ActivityVar,
  PlanContext,
} from './context-types.js';

const CATEGORY_INDEX = new Map(COST_CATEGORIES.map((c, i) => [c, i]));

/** Key of a balance row. */
export function toBalanceKey(node: string, material: string, period: number): string {
  return `${node}|${material}|${period}`;
}

/**
 * The balance terms of `node, material` by period (created when first asked for), so a caller
 * adding many terms to one balance looks it up once; add to it with {@link addTermAt}.
 */
export function balanceTermsOf(context: PlanContext, node: string, material: string): number[][] {
  let byMaterial = context.balance.get(node);
  if (!byMaterial) {
    byMaterial = new Map();
    context.balance.set(node, byMaterial);
  }
  let byPeriod = byMaterial.get(material);
  if (!byPeriod) {
    byPeriod = [];
    byMaterial.set(material, byPeriod);
  }
  return byPeriod;
}

/** Adds `coefficient × column` to period `period` of one balance's terms (see {@link balanceTermsOf}). */
export function addTermAt(byPeriod: number[][], period: number, column: number, coefficient: number): void {
  const terms = byPeriod[period];
  if (terms) terms.push(column, coefficient);
  else byPeriod[period] = [column, coefficient];
}

/** Adds `coefficient × column` to the balance of `node, material, period` (production positive). */
export function addBalanceTerm(
  context: PlanContext,
  node: string,
  material: string,
  period: number,
  column: number,
  coefficient: number,
): void {
  if (period < 0 || period >= context.periods.length || coefficient === 0) return;
  addTermAt(balanceTermsOf(context, node, material), period, column, coefficient);
}

/** Records a cost coefficient of a column in a category; the objective is assembled from these. */
export function addCostTerm(
  context: PlanContext,
  column: number,
  category: CostCategory,
  coefficient: number,
): void {
  if (coefficient === 0) return;
  const ledger = context.costTerms;
  if (ledger.size === ledger.columns.length) {
    const grow = <T extends Int32Array | Uint8Array | Float64Array>(a: T, make: (n: number) => T): T => {
      const next = make(a.length * 2);
      next.set(a);
      return next;
    };
    ledger.columns = grow(ledger.columns, (n) => new Int32Array(n));
    ledger.categories = grow(ledger.categories, (n) => new Uint8Array(n));
    ledger.coefficients = grow(ledger.coefficients, (n) => new Float64Array(n));
  }
  ledger.columns[ledger.size] = column;
  ledger.categories[ledger.size] = CATEGORY_INDEX.get(category) ?? 0;
  ledger.coefficients[ledger.size] = coefficient;
  ledger.size += 1;
}

/** Records tCO2e per unit of a column. */
export function addEmissions(context: PlanContext, column: number, tco2e: number): void {
  if (tco2e !== 0) context.emissions.set(column, (context.emissions.get(column) ?? 0) + tco2e);
}

/**
 * Adds a row and records what it constrains; the one place rows get their names (`kind[id,period]`).
 * Terms are `[column, coefficient]` pairs, or `{ packed: [column, coefficient, …] }` as the
 * balances collect them, which spares a tuple per term.
 */
export function addNamedRow(
  context: PlanContext,
  info: RowInfo,
  terms: readonly Term[] | { readonly packed: readonly number[] },
  bounds: { lower?: number; upper?: number },
): number {
  const name = `${info.kind}[${info.id}${info.period === undefined ? '' : `,${info.period}`}]`;
  const index =
    'packed' in terms
      ? context.builder.addPackedRow(name, terms.packed, bounds)
      : context.builder.addRow(name, terms, bounds);
  context.rows[index] = info;
  return index;
}

/**
 * Which materials can be at each facility: those its processes make, those a stockpile holds,
 * and, to a fixed point, those a route can bring from where they can be.
 */
function findPresentMaterials(
  model: Model,
  processes: readonly ResolvedProcess[],
  contents: ReadonlyMap<string, ElementVector>,
): Map<string, Set<string>> {
  const present = createNodeMaterials(model);
  const at = present.at;
  for (const p of processes) for (const m of Object.keys(p.outputs)) at(p.facility.id).add(m);
  for (const project of model.projects) {
    const facility = model.facilities.find((f) => f.id === project.facility);
    if (project.process && facility)
      for (const m of Object.keys(resolveProcess(facility, project.process, contents).outputs))
        at(facility.id).add(m);
  }
  for (const s of model.stockpiles) at(s.node).add(s.material);
  propagateAlongRoutes(model, present, 'downstream');
  return present.sets;
}

/** Indexes a (scenario-applied, checked) model for building its plan problem. */
export function createPlanContext(model: Model, options: PlanOptions): PlanContext {
  const contents = materialContents(model);
  const processes = resolveProcesses(model, contents);
  const months = monthsPerPeriod(model.horizon);
  let flows: FlowVar[] | undefined;
  return {
    model,
    options,
    // Names are unique by construction (kind[ids,period]); skipping the builder's check saves a set of every name.
    builder: createProblemBuilder({
      name: model.name.replace(/[^A-Za-z0-9_]/g, '_').slice(0, 40) || 'reeflow',
      sense: 'min',
      uniqueNames: false,
    }),
    periods: periodLabels(model.horizon),
    monthsPerPeriod: months,
    yearFraction: months / 12,
    contents,
    reo: new Map([...contents].map(([id, vector]) => [id, sumElements(vector)])),
    processes,
    facilities: new Map(model.facilities.map((f) => [f.id, f])),
    tree: createJurisdictionTree(model),
    present: findPresentMaterials(model, processes, contents),
    leadPeriods: new Map(model.routes.map((r) => [r.id, fromDaysToPeriods(r.leadTime, months)])),
    activity: new Map(),
    flowLanes: [],
    get flows(): readonly FlowVar[] {
      flows ??= this.flowLanes.flatMap(({ route, material, first, periods, arrivals }) =>
        periods.map((period, k) => ({
          route,
          material,
          period,
          arrival: arrivals[k] ?? period,
          column: first + k,
        })),
      );
      return flows;
    },
    inventory: new Map(),
    stockpileLevel: new Map(),
    stockpileReleases: [],
    served: new Map(),
    substituted: new Map(),
    unmet: new Map(),
    sinkUse: [],
    projects: new Map(),
    balance: new Map(),
    balanceConstant: new Map(),
    costTerms: {
      size: 0,
      columns: new Int32Array(1024),
      categories: new Uint8Array(1024),
      coefficients: new Float64Array(1024),
    },
    emissions: new Map(),
    activities: [],
    capacityRow: new Map(),
    rows: [],
  };
}

/** The jurisdiction a facility lies in. */
export function jurisdictionOf(context: PlanContext, facilityId: string): string {
  return context.facilities.get(facilityId)?.jurisdiction ?? '';
}

/** True when facility `facilityId` lies in jurisdiction `jurisdiction` (or inside it). */
export function isFacilityWithin(context: PlanContext, facilityId: string, jurisdiction: string): boolean {
  return context.tree.within(jurisdictionOf(context, facilityId), jurisdiction);
}

/** Consecutive blocks of at most 12 months over a validity window, for yearly limits (quotas, caps, budgets). */
export function yearlyBlocks(
  context: PlanContext,
  validity: { start?: string | undefined; end?: string | undefined },
): number[][] {
  const [first, last] = activePeriods(context.model.horizon, validity);
  const perYear = Math.max(1, Math.round(12 / context.monthsPerPeriod));
  const blocks: number[][] = [];
  for (let t = first; t <= last; t += perYear) {
    blocks.push(Array.from({ length: Math.min(perYear, last - t + 1) }, (_, k) => t + k));
  }
  return blocks;
}

/** Index of a `YYYY-MM` label in the horizon (may fall outside it). */
export function toPeriodIndex(context: PlanContext, label: string): number {
  return periodIndex(context.model.horizon, label);
}

/** Whether a process's facility matches a policy scope. */
export function isInScope(
  context: PlanContext,
  p: ResolvedProcess,
  scope: {
    jurisdiction?: string | undefined;
    operator?: string | undefined;
    stage?: string | undefined;
    facilities?: readonly string[] | undefined;
  },
): boolean {
  if (scope.jurisdiction !== undefined && !context.tree.within(p.facility.jurisdiction, scope.jurisdiction))
    return false;
  if (scope.operator !== undefined && p.facility.operator !== scope.operator) return false;
  if (scope.stage !== undefined && p.stage !== scope.stage) return false;
  if (scope.facilities !== undefined && !scope.facilities.includes(p.facility.id)) return false;
  return true;
}

/** Days-based lead time converted once, for policies that add delay. */
export function delayPeriods(context: PlanContext, days: number): number {
  return fromDaysToPeriods(days, context.monthsPerPeriod);
}
