/**
 * Project finance: the blended cost of capital of a project's sources, its yearly cash flows from
 * prices and the volumes a plan gives it, NPV, IRR and payback, and their sensitivity to price and
 * delay.
 *
 * Conventions (stated because spreadsheets differ): cash flows are yearly, `flows[t]` falls at the
 * end of year t and `flows[0]` is today (the start of construction), undiscounted. So
 * `npv(r, flows) = flows[0] + NPV_excel(r, flows[1..])`: Excel's `NPV(rate, v1, …, vn)` discounts
 * its FIRST value by one period (`Σ v_i / (1+r)^i`, i from 1), which is why the initial outlay is
 * added outside it. `irr(flows)` is the rate where `npv` is 0, the same root Excel's `IRR(flows)`
 * finds for conventional flows (one sign change). Flows at fractional times (a delay of 6 months)
 * are discounted with fractional exponents, as Excel's XNPV does with dates.
 */
import type { Issue, Model, Project } from '../model/index.js';
import { materialContents, resolveProcess } from '../model/index.js';
import type { PlanResult } from '../plan/index.js';
import { CoordinateError } from './errors.js';
import { definedFields } from '../defined-fields.js';
import type {
  Appraisal,
  CapitalSource,
  CashFlow,
  CostOfCapital,
  ProjectCashFlows,
  ProjectReportRow,
} from './result.js';

export type {
  Appraisal,
  CapitalSource,
  CashFlow,
  CostOfCapital,
  ProjectCashFlows,
  ProjectReportRow,
} from './result.js';

/** Highest rate a financing source may carry before it is an input error (50 %/yr). */
export const MAX_FINANCING_RATE = 0.5;
const DAYS_PER_YEAR = 365;

function toFlows(flows: readonly number[] | readonly CashFlow[]): CashFlow[] {
  return flows.map((f, t) => (typeof f === 'number' ? { year: t, amount: f } : f));
}

function checkRate(rate: number, what: string): void {
  if (!Number.isFinite(rate) || rate <= -1)
    throw new CoordinateError(
      'FINANCE_RATE_OUT_OF_BOUNDS',
      `${what} must be a number above -100%; got ${rate}`,
    );
}

/**
 * Net present value at `rate` of flows at years 0, 1, … (or at given years): `Σ CF_t / (1+r)^t`.
 *
 * @example npv(0.1, [-100, 60, 60]) // 4.13…
 */
export function npv(rate: number, flows: readonly number[] | readonly CashFlow[]): number {
  checkRate(rate, 'the discount rate');
  return toFlows(flows).reduce((sum, f) => sum + f.amount / (1 + rate) ** f.year, 0);
}

/**
 * Excel's `NPV(rate, values…)`: `Σ v_i / (1+r)^i` for i = 1…n — the first value is discounted one
 * period. Provided to show agreement: `npv(r, [c0, …rest]) === c0 + excelNpv(r, rest)`.
 */
export function excelNpv(rate: number, values: readonly number[]): number {
  checkRate(rate, 'the discount rate');
  return values.reduce((sum, v, i) => sum + v / (1 + rate) ** (i + 1), 0);
}

/**
 * Internal rate of return: the rate where `npv(rate, flows) = 0`, found by bisection between -99 %
 * and 1000 %. Undefined when the flows never change sign or NPV does not cross zero in that range.
 * With several sign changes there may be several roots; the lowest in the range is returned.
 *
 * @example irr([-100, 60, 60]) // 0.1306623…
 */
export function irr(flows: readonly number[] | readonly CashFlow[]): number | undefined {
  const list = toFlows(flows);
  if (!list.some((f) => f.amount > 0) || !list.some((f) => f.amount < 0)) return undefined;
  const f = (r: number): number => list.reduce((sum, c) => sum + c.amount / (1 + r) ** c.year, 0);
  // Scan for the first bracket, then bisect it to machine precision.
  const grid = [
    -0.99, -0.9, -0.75, -0.5, -0.3, -0.2, -0.1, -0.05, 0, 0.02, 0.05, 0.1, 0.15, 0.2, 0.3, 0.5, 0.75, 1, 1.5,
    2, 3, 5, 10,
  ];
  for (let k = 0; k + 1 < grid.length; k++) {
    let lo = grid[k] as number;
    let hi = grid[k + 1] as number;
    let flo = f(lo);
    const fhi = f(hi);
    if (flo === 0) return lo;
    if (Math.sign(flo) === Math.sign(fhi)) continue;
    for (let i = 0; i < 200 && hi - lo > 1e-15; i++) {
      const mid = (lo + hi) / 2;
      const fmid = f(mid);
      if (fmid === 0) return mid;
      if (Math.sign(fmid) === Math.sign(flo)) {
        lo = mid;
        flo = fmid;
      } else hi = mid;
    }
    return (lo + hi) / 2;
  }
  return undefined;
}

/**
 * Payback: years until the cumulative cash flow (discounted at `rate` when given) turns
 * non-negative, interpolated linearly within the year it turns; undefined if it never does.
 *
 * @example payback([-100, 60, 60]) // 1.667 (after year 1: -40; year 2 brings 60, so 40/60 of it)
 */
export function payback(flows: readonly number[] | readonly CashFlow[], rate?: number): number | undefined {
  const list = toFlows(flows).toSorted((a, b) => a.year - b.year);
  let cumulative = 0;
  let previousYear = 0;
  for (const f of list) {
    const amount = rate === undefined ? f.amount : f.amount / (1 + rate) ** f.year;
    const before = cumulative;
    cumulative += amount;
    if (before < 0 && cumulative >= 0) return previousYear + (f.year - previousYear) * (-before / amount);
    if (before >= 0 && cumulative >= 0 && f === list[0]) return f.year;
    previousYear = f.year;
  }
  return undefined;
}

/**
 * Blended cost of capital: `Σ amount_i · rate_i / Σ amount_i` over capital sources (loans, funds,
 * equity, grants at their rate or 0, prepayments at their rate or 0); price floors support revenue
 * and raise no capital. Capex not covered is assumed to cost `fallbackRate` (the model's discount
 * rate). A rate above 50 % or below 0 is a coded error.
 *
 * @example blendedCostOfCapital(project, 0.06).rate // 0.0511 for 40M at 3.5 % and 25.9M at 8 %
 */
export function blendedCostOfCapital(
  project: Pick<Project, 'id' | 'capex' | 'financing'>,
  fallbackRate: number,
): CostOfCapital {
  for (const issue of checkFinancing(project))
    if (issue.severity === 'error') throw new CoordinateError('FINANCE_RATE_OUT_OF_BOUNDS', issue.message);
  const issues: Issue[] = [];
  const capital = project.financing.filter((s) => s.kind !== 'price-floor');
  const raised = capital.reduce((a, s) => a + s.amount, 0);
  const gap = Math.max(0, project.capex - raised);
  const total = raised + gap;
  const sources: CapitalSource[] = capital.map((s) => {
    const rate = s.rate ?? (s.kind === 'grant' || s.kind === 'prepayment' ? 0 : fallbackRate);
    if (s.rate === undefined && s.kind !== 'grant' && s.kind !== 'prepayment') {
      issues.push({
        code: 'FINANCE_RATE_MISSING',
        severity: 'warning',
        path: ['projects', project.id, 'financing', s.source],
        message: `${s.kind} '${s.source}' of project '${project.id}' has no rate; ${fallbackRate} (the discount rate) is assumed`,
      });
    }
    return {
      source: s.source,
      kind: s.kind,
      amount: s.amount,
      share: total > 0 ? s.amount / total : 0,
      rate,
      bears: s.bears ?? [],
    };
  });
  if (gap > 0)
    issues.push({
      code: 'FINANCE_GAP',
      severity: 'warning',
      path: ['projects', project.id, 'financing'],
      message: `project '${project.id}' raises ${raised} of its ${project.capex} capex; the gap of ${gap} is costed at ${fallbackRate}`,
    });
  const rate =
    total > 0
      ? (sources.reduce((a, s) => a + s.amount * s.rate, 0) + gap * fallbackRate) / total
      : fallbackRate;
  return { rate, raised, gap, sources, issues };
}

/** Financing input errors: rates outside [0, 50 %]; a capex schedule that does not sum to 1. */
export function checkFinancing(
  project: Pick<Project, 'id' | 'financing'> & { capexSchedule?: number[] | undefined },
): Issue[] {
  const issues: Issue[] = [];
  project.financing.forEach((s, i) => {
    if (s.rate !== undefined && (!(s.rate >= 0) || s.rate > MAX_FINANCING_RATE)) {
      issues.push({
        code: 'FINANCE_RATE_OUT_OF_BOUNDS',
        severity: 'error',
        path: ['projects', project.id, 'financing', i, 'rate'],
        message: `financing '${s.source}' of project '${project.id}' has rate ${s.rate}; expected 0 to ${MAX_FINANCING_RATE} (a fraction a year: 0.035 is 3.5 %)`,
      });
    }
  });
  const schedule = project.capexSchedule;
  if (schedule && Math.abs(schedule.reduce((a, x) => a + x, 0) - 1) > 1e-6) {
    issues.push({
      code: 'FINANCE_BAD_CAPEX_SCHEDULE',
      severity: 'error',
      path: ['projects', project.id, 'capexSchedule'],
      message: `the capex schedule of project '${project.id}' sums to ${schedule.reduce((a, x) => a + x, 0)}; it must sum to 1`,
    });
  }
  return issues;
}

export interface CashFlowOptions {
  /** A plan whose utilisation of the project's process the added capacity shares; without it (or when the plan never runs the process) `utilisation`. */
  plan?: PlanResult;
  /** Share of added capacity used when there is no plan; default 1. */
  utilisation?: number;
  /** Multiplies every material price (1 = as in the model); price floors still hold. */
  priceFactor?: number;
  /** Months by which first output is late (capex stays on schedule). */
  delayMonths?: number;
  /** Years of cash flows after first output; default the project's lifetime. */
  years?: number;
}

/** The process a project runs and the capacity it adds (t/yr of the reference flow); undefined for route upgrades. */
function projectProcess(
  model: Model,
  project: Project,
): { key: string; process: NonNullable<Project['process']>; added: number } | undefined {
  const facility = model.facilities.find((f) => f.id === project.facility);
  if (!facility) return undefined;
  if (project.process)
    return {
      key: `${facility.id}/${project.process.id}`,
      process: project.process,
      added: project.process.capacity,
    };
  if (project.expands) {
    const process = facility.processes.find((p) => p.id === project.expands?.process);
    if (!process) return undefined;
    return { key: `${facility.id}/${process.id}`, process, added: project.expands.capacity };
  }
  return undefined;
}

/**
 * The plan's utilisation of a process (`Σ throughput / Σ capacity` over the periods it has capacity),
 * which the capacity a project adds is assumed to share; undefined when the plan never runs it.
 */
function plannedUtilisation(plan: PlanResult, key: string): number | undefined {
  let throughput = 0;
  let capacity = 0;
  for (const row of plan.activity) {
    if (row.process !== key || row.capacity <= 0) continue;
    throughput += row.throughput;
    capacity += row.capacity;
  }
  return capacity > 0 ? throughput / capacity : undefined;
}

/**
 * Yearly cash flows of a project: capex by its schedule from year 0 (default all in year 0), then
 * for each year of its lifetime after first output (build time + delay) `volume · margin − opex`,
 * where margin is `(Σ out·price − Σ in·price − cost) / reference per activity` at model prices
 * (× priceFactor, never below a price floor the project's financing sets). Volume is the added
 * capacity × availability × the plan's utilisation of the process (or `utilisation`, default 1).
 */
export function projectCashFlows(
  model: Model,
  project: Project,
  options: CashFlowOptions = {},
): ProjectCashFlows {
  for (const issue of checkFinancing(project))
    if (issue.severity === 'error') throw new CoordinateError('FINANCE_RATE_OUT_OF_BOUNDS', issue.message);
  const factor = options.priceFactor ?? 1;
  if (!(factor >= 0))
    throw new CoordinateError('FINANCE_BAD_CASH_FLOWS', `the price factor must be ≥ 0; got ${factor}`);
  const floors = new Map(
    project.financing
      .filter((s) => s.kind === 'price-floor' && s.material !== undefined && s.floorPrice !== undefined)
      .map((s) => [s.material as string, s.floorPrice as number]),
  );
  const price = (material: string): number => {
    const base = (model.materials.find((m) => m.id === material)?.price ?? 0) * factor;
    return Math.max(base, floors.get(material) ?? 0);
  };
  const run = projectProcess(model, project);
  let volume = 0;
  let margin = 0;
  let basis: ProjectCashFlows['basis'] = 'none';
  const facility = model.facilities.find((f) => f.id === project.facility);
  if (run && facility) {
    const resolved = resolveProcess(facility, run.process, materialContents(model));
    const value =
      Object.entries(resolved.outputs).reduce((a, [m, q]) => a + q * price(m), 0) -
      Object.entries(resolved.inputs).reduce((a, [m, q]) => a + q * price(m), 0) -
      (run.process.cost ?? 0);
    margin = resolved.capacityPerActivity > 0 ? value / resolved.capacityPerActivity : 0;
    const planned = options.plan ? plannedUtilisation(options.plan, run.key) : undefined;
    volume = run.added * run.process.availability * (planned ?? options.utilisation ?? 1);
    basis = planned === undefined ? 'capacity' : 'plan';
  }
  const schedule = project.capexSchedule ?? [1];
  const flows = new Map<number, number>();
  const add = (year: number, amount: number): void => void flows.set(year, (flows.get(year) ?? 0) + amount);
  schedule.forEach((share, t) => add(t, -project.capex * share));
  const online = project.buildTime / DAYS_PER_YEAR + (options.delayMonths ?? 0) / 12;
  const years = options.years ?? project.lifetimeYears;
  for (let k = 1; k <= years; k++) add(online + k, volume * margin - project.opex);
  return {
    flows: [...flows].map(([year, amount]) => ({ year, amount })).sort((a, b) => a.year - b.year),
    volume,
    margin,
    online,
    basis,
  };
}

export interface AppraisalOptions extends Omit<CashFlowOptions, 'priceFactor' | 'delayMonths'> {
  /** Price multipliers to test; default 0.8, 0.9, 1, 1.1, 1.2. */
  priceFactors?: readonly number[];
  /** Delays to first output to test, months; default 0, 6, 12, 24. */
  delays?: readonly number[];
}

/**
 * NPV, IRR and payback of a project at its blended cost of capital, with sensitivity to price and
 * delay.
 *
 * @example appraiseProject(model, model.projects[0], { plan: result }).npv
 */
export function appraiseProject(model: Model, project: Project, options: AppraisalOptions = {}): Appraisal {
  const costOfCapital = blendedCostOfCapital(project, model.settings.discountRate);
  const rate = costOfCapital.rate;
  const base = {
    ...(options.plan ? { plan: options.plan } : {}),
    ...definedFields({ utilisation: options.utilisation, years: options.years }),
  };
  const cashFlows = projectCashFlows(model, project, base);
  const point = (flows: CashFlow[]): { npv: number; irr?: number } => {
    const r = irr(flows);
    return { npv: npv(rate, flows), ...definedFields({ irr: r }) };
  };
  const r = irr(cashFlows.flows);
  const simple = payback(cashFlows.flows);
  const discounted = payback(cashFlows.flows, rate);
  return {
    project: project.id,
    costOfCapital,
    cashFlows,
    npv: npv(rate, cashFlows.flows),
    ...definedFields({ irr: r, payback: simple, discountedPayback: discounted }),
    sensitivity: {
      price: (options.priceFactors ?? [0.8, 0.9, 1, 1.1, 1.2]).map((factor) => ({
        factor,
        ...point(projectCashFlows(model, project, { ...base, priceFactor: factor }).flows),
      })),
      delay: (options.delays ?? [0, 6, 12, 24]).map((months) => ({
        months,
        ...point(projectCashFlows(model, project, { ...base, delayMonths: months }).flows),
      })),
    },
  };
}

/** The report row of a project from its pipeline and appraisal. */
export function toProjectReportRow(
  project: Project,
  pipeline: {
    jurisdiction: string;
    operator?: string;
    constructionStart?: string;
    commissioning?: string;
    daysToCommissioning: number;
    overdueDays: number;
  },
  appraisal: Appraisal,
): ProjectReportRow {
  return {
    project: project.id,
    ...definedFields({ name: project.name }),
    facility: project.facility,
    jurisdiction: pipeline.jurisdiction,
    ...definedFields({ operator: pipeline.operator, sponsor: project.sponsor }),
    status: project.status,
    decision: project.decision,
    capex: project.capex,
    ...definedFields({
      constructionStart: pipeline.constructionStart,
      commissioning: pipeline.commissioning,
    }),
    daysToCommissioning: pipeline.daysToCommissioning,
    overdueDays: pipeline.overdueDays,
    costOfCapital: appraisal.costOfCapital.rate,
    npv: appraisal.npv,
    ...definedFields({ irr: appraisal.irr, payback: appraisal.payback }),
    volumeBasis: appraisal.cashFlows.basis,
  };
}
