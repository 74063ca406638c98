/**
 * Plans and simulations side by side: the metrics both kinds of run have, in the same row shapes,
 * so `compareMetrics` can join any combination. A plan is one outcome, so its distribution has
 * mean = P5 = P50 = P95; a simulation reports its distribution over runs.
 */
import type { PlanResult } from '../plan/index.js';
import type { MonteCarloResult } from '../simulate/index.js';
import { compareMetrics, outputByJurisdiction, resultMetrics, type ComparisonRow } from './compare.js';
import { fromPlanResult } from './flows-view.js';
import { fromSimulation } from './from-simulation.js';
import { concentration } from './metrics/hhi.js';
import { importReliance } from './metrics/import-reliance.js';
import { facilityInfo, type RiskNetwork } from './network.js';
import type { FlowsView, Metric } from './types.js';

/** A saved run of either engine. */
export type ComparableRun =
  { kind: 'plan'; result: PlanResult } | { kind: 'simulation'; result: MonteCarloResult };

/** The statistics of a distribution, in the order they are reported. */
export const STATISTICS = ['mean', 'p5', 'p50', 'p95'] as const;

/** The demand id of the all-demands row. */
export const SYSTEM = '(system)';

type Stats = Record<(typeof STATISTICS)[number], number>;

const rowsOf = (demand: string, stats: Stats): { demand: string; statistic: string; value: number }[] =>
  STATISTICS.map((statistic) => ({ demand, statistic, value: stats[statistic] }));
const point = (value: number): Stats => ({ mean: value, p5: value, p50: value, p95: value });

/**
 * Fill rate (served ÷ required) and tonnes short, per demand and over all demands ('(system)'), as
 * distributions. A plan's short tonnes are its unmet demand over the horizon; a simulation's are
 * over its simulated days, so compare tonnes only between runs over the same window (fill rates
 * compare across windows).
 *
 * @example serviceMetrics({ kind: 'plan', result }) → [fill-rate, tonnes-short]
 */
export function serviceMetrics(run: ComparableRun): Metric[] {
  const fill: Metric = { name: 'fill-rate', unit: 'share of required', values: [] };
  const short: Metric = { name: 'tonnes-short', unit: 't', values: [] };
  if (run.kind === 'simulation') {
    const r = run.result;
    fill.values.push(...rowsOf(SYSTEM, r.system.fillRate));
    short.values.push(...rowsOf(SYSTEM, r.system.tonnesShort));
    for (const d of r.demands) {
      fill.values.push(...rowsOf(d.demand, d.fillRate));
      short.values.push(...rowsOf(d.demand, d.tonnesShort));
    }
    return [fill, short];
  }
  const totals = new Map<string, { required: number; unmet: number }>();
  const all = { required: 0, unmet: 0 };
  for (const d of run.result.demand) {
    const entry = totals.get(d.demand) ?? { required: 0, unmet: 0 };
    entry.required += d.required;
    entry.unmet += d.unmet;
    totals.set(d.demand, entry);
    all.required += d.required;
    all.unmet += d.unmet;
  }
  const ratio = (t: { required: number; unmet: number }): number =>
    t.required > 0 ? 1 - t.unmet / t.required : 1;
  fill.values.push(...rowsOf(SYSTEM, point(ratio(all))));
  short.values.push(...rowsOf(SYSTEM, point(all.unmet)));
  for (const [demand, t] of totals) {
    fill.values.push(...rowsOf(demand, point(ratio(t))));
    short.values.push(...rowsOf(demand, point(t.unmet)));
  }
  return [fill, short];
}

/** The run's flows view; undefined for a simulation saved without flows. */
export function toFlowsView(run: ComparableRun, network: RiskNetwork): FlowsView | undefined {
  if (run.kind === 'plan') return fromPlanResult(run.result, network);
  return run.result.flows ? fromSimulation(run.result, network) : undefined;
}

/** Output (t REO) per stage and facility jurisdiction, and its HHI per stage: `resultMetrics`' shapes, from any flows view. */
export function outputMetrics(view: FlowsView, network: RiskNetwork): Metric[] {
  return outputByJurisdiction(
    view.production.map((p) => ({
      stage: p.stage,
      jurisdiction: facilityInfo(network, p.facility).jurisdiction,
      reo:
        Object.values(network.contents.get(p.material) ?? {}).reduce((a: number, v) => a + (v ?? 0), 0) *
        p.tonnes,
    })),
  );
}

/**
 * Every metric a run offers for comparison: fill rate and tonnes short; a plan's own cost,
 * shortfall, output and HHI (`resultMetrics`); with the model's network, a simulation's output and
 * HHI by jurisdiction from its flows, and for both HHI by country and import reliance.
 *
 * @example compareMetrics(runMetrics(planRun, network), runMetrics(simulationRun, network))
 */
export function runMetrics(run: ComparableRun, network?: RiskNetwork): Metric[] {
  const out = [...serviceMetrics(run)];
  if (run.kind === 'plan') out.push(...resultMetrics(run.result));
  const view = network ? toFlowsView(run, network) : undefined;
  if (!network || !view) return out;
  if (run.kind === 'simulation') out.push(...outputMetrics(view, network));
  out.push(
    concentration(view, network, { elements: ['REO'] }),
    importReliance(view, network, { group: 'kind' }),
  );
  return out;
}

const isObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

/** Which kind of saved run a parsed JSON value is (a PlanResult or a MonteCarloResult), if either. */
export function toComparableRun(value: unknown): ComparableRun | undefined {
  if (!isObject(value)) return undefined;
  if (
    Array.isArray(value['flows']) &&
    Array.isArray(value['production']) &&
    Array.isArray(value['periods']) &&
    Array.isArray(value['demand']) &&
    isObject(value['costs'])
  ) {
    return { kind: 'plan', result: value as unknown as PlanResult };
  }
  const system = value['system'];
  if (
    typeof value['runs'] === 'number' &&
    isObject(system) &&
    isObject(system['fillRate']) &&
    Array.isArray(value['demands'])
  ) {
    return { kind: 'simulation', result: value as unknown as MonteCarloResult };
  }
  return undefined;
}

export interface RunComparison {
  kinds: [ComparableRun['kind'], ComparableRun['kind']];
  comparisons: Metric<ComparisonRow>[];
  /** Metrics only one side has (a simulation without flows or a model has no output or HHI). */
  notCompared: string[];
}

/** Whether a compared row differs beyond rounding noise (relative 1e-6). */
export function isChanged(row: ComparisonRow): boolean {
  return Math.abs(row.value) > 1e-6 * Math.max(1, Math.abs(row.a), Math.abs(row.b));
}

/**
 * A plan's distributions are points (mean = P5 = P50 = P95): between two plans only the value is
 * kept, without the statistic dimension.
 */
function withoutStatistics(metrics: Metric[]): Metric[] {
  return metrics.map((m) =>
    m.values.some((r) => r['statistic'] !== undefined)
      ? {
          ...m,
          values: m.values
            .filter((r) => r['statistic'] === 'mean')
            .map(({ statistic: _statistic, ...rest }) => rest as (typeof m.values)[number]),
        }
      : m,
  );
}

/**
 * Two runs of either kind side by side: every metric both have (`runMetrics`), with b − a. Two
 * plans compare values only; a plan and a simulation, or two simulations, per statistic.
 *
 * @example compareRuns({ kind: 'plan', result }, { kind: 'simulation', result: mc }, { network }).comparisons
 */
export function compareRuns(
  a: ComparableRun,
  b: ComparableRun,
  options: { network?: RiskNetwork | undefined; changed?: boolean } = {},
): RunComparison {
  const plans = a.kind === 'plan' && b.kind === 'plan';
  const metricsA = plans ? withoutStatistics(runMetrics(a, options.network)) : runMetrics(a, options.network);
  const metricsB = plans ? withoutStatistics(runMetrics(b, options.network)) : runMetrics(b, options.network);
  const comparisons = compareMetrics(metricsA, metricsB).map((m) =>
    options.changed === true ? { ...m, values: m.values.filter(isChanged) } : m,
  );
  const both = new Set(metricsA.map((m) => m.name).filter((name) => metricsB.some((m) => m.name === name)));
  const notCompared = [...new Set([...metricsA, ...metricsB].map((m) => m.name))].filter(
    (name) => !both.has(name),
  );
  return { kinds: [a.kind, b.kind], comparisons, notCompared };
}
