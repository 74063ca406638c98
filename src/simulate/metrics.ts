/**
 * Monte Carlo results: distributions (mean, P5, P50, P95) over replications of fill rate per
 * demand and per consumer and element, tonnes and days short, time to recover, stockpile minimum,
 * and per week of fill rate and stockpile levels (fan charts over time).
 * Computed from run summaries in run order, so the numbers do not depend on who ran them.
 */
import { ELEMENT_SYMBOLS, materialContents, type Model } from '../model/core.js';
import { definedFields } from '../defined-fields.js';
import type { RunSummary } from './simulate.js';
import type {
  Band,
  ConsumerElementStats,
  DemandStats,
  Distribution,
  MonteCarloResult,
  StockpileStats,
  TimeSeries,
} from './result.js';

export type {
  Band,
  ConsumerElementStats,
  DemandStats,
  Distribution,
  MonteCarloResult,
  StockpileStats,
  TimeSeries,
} from './result.js';

/** Linear-interpolation quantile (type 7) of sorted values. */
export function quantile(sorted: ArrayLike<number>, q: number): number {
  if (sorted.length === 0) return 0;
  const position = (sorted.length - 1) * q;
  const low = Math.floor(position);
  const high = Math.ceil(position);
  const a = sorted[low] ?? 0;
  return a + ((sorted[high] ?? a) - a) * (position - low);
}

/** mean, P5, P50, P95 of values (summed in the order given; sorted as a typed array, which is numeric and fast). */
export function toDistribution(values: ArrayLike<number>): Distribution {
  const sorted = Float64Array.from(values).sort();
  let sum = 0;
  for (let i = 0; i < values.length; i++) sum += values[i] ?? 0;
  const mean = sum / Math.max(1, values.length);
  return { mean, p5: quantile(sorted, 0.05), p50: quantile(sorted, 0.5), p95: quantile(sorted, 0.95) };
}

/** The distribution over runs of each bucket of a per-run series, as a band. */
function toBand(
  runs: readonly RunSummary[],
  buckets: number,
  valueOf: (run: RunSummary, bucket: number) => number,
): Band {
  const band: Band = { mean: [], p5: [], p50: [], p95: [] };
  const values = new Float64Array(runs.length);
  for (let b = 0; b < buckets; b++) {
    runs.forEach((r, k) => (values[k] = valueOf(r, b)));
    const d = toDistribution(values);
    band.mean.push(d.mean);
    band.p5.push(d.p5);
    band.p50.push(d.p50);
    band.p95.push(d.p95);
  }
  return band;
}

/** Per-bucket distributions of the runs' time series (runs in run order). */
function summarizeSeries(
  model: Model,
  ordered: readonly RunSummary[],
  layout: { bucketDays: number; bucketEnds: readonly number[] },
): TimeSeries {
  const B = layout.bucketEnds.length;
  return {
    bucketDays: layout.bucketDays,
    ends: [...layout.bucketEnds],
    system: {
      fillRate: toBand(ordered, B, (r, b) => r.fillSeries[b] ?? 1),
      stockpileLevel: toBand(ordered, B, (r, b) =>
        model.stockpiles.reduce((a, _, k) => a + (r.stockSeries[k * B + b] ?? 0), 0),
      ),
    },
    demands: model.demands.map((d, i) => ({
      demand: d.id,
      fillRate: toBand(ordered, B, (r, b) => r.demandFillSeries[i * B + b] ?? 1),
    })),
    stockpiles: model.stockpiles.map((s, k) => ({
      stockpile: s.id,
      level: toBand(ordered, B, (r, b) => r.stockSeries[k * B + b] ?? 0),
    })),
  };
}

const ratio = (served: number, required: number): number => (required > 0 ? served / required : 1);

/** Whether a run's material balance closes (relative 1e-7). */
export function isBalanced(summary: Pick<RunSummary, 'imbalance' | 'throughput'>): boolean {
  return Math.abs(summary.imbalance) <= 1e-7 * Math.max(1, summary.throughput);
}

/** Aggregates run summaries (any order; sorted by run index first) into distributions keyed by input ids. */
export function summarizeRuns(
  model: Model,
  runs: readonly RunSummary[],
  meta: {
    seed: number;
    days: number;
    allocation: string;
    scenario?: string | undefined;
    version: string;
    /** The series' buckets (a simulator's `net`). */
    buckets: { bucketDays: number; bucketEnds: readonly number[] };
  },
): MonteCarloResult {
  const ordered = [...runs].sort((a, b) => a.run - b.run);
  const contents = materialContents(model);
  const jurisdictionOf = new Map(model.facilities.map((f) => [f.id, f.jurisdiction]));
  const mean = (values: number[]): number => values.reduce((a, b) => a + b, 0) / Math.max(1, values.length);
  const demands: DemandStats[] = model.demands.map((d, i) => {
    const required = ordered.map((r) => r.required[i] ?? 0);
    const served = ordered.map((r) => r.served[i] ?? 0);
    return {
      demand: d.id,
      node: d.node,
      material: d.material,
      required: mean(required),
      fillRate: toDistribution(served.map((s, k) => ratio(s, required[k] ?? 0))),
      tonnesShort: toDistribution(served.map((s, k) => Math.max(0, (required[k] ?? 0) - s))),
      daysShort: toDistribution(ordered.map((r) => r.daysShort[i] ?? 0)),
      timeToRecover: toDistribution(ordered.map((r) => r.timeToRecover[i] ?? 0)),
      recoveredShare: ordered.filter((r) => r.recovered[i] !== false).length / Math.max(1, ordered.length),
    };
  });
  const consumers: ConsumerElementStats[] = [];
  for (const node of [...new Set(model.demands.map((d) => d.node))]) {
    for (const element of ELEMENT_SYMBOLS) {
      const members = model.demands
        .map((d, i) => ({ d, i, c: contents.get(d.material)?.[element] ?? 0 }))
        .filter(({ d, c }) => d.node === node && c > 0);
      if (members.length === 0) continue;
      const required = ordered.map((r) => members.reduce((a, m) => a + (r.required[m.i] ?? 0) * m.c, 0));
      const served = ordered.map((r) => members.reduce((a, m) => a + (r.served[m.i] ?? 0) * m.c, 0));
      consumers.push({
        node,
        jurisdiction: jurisdictionOf.get(node) ?? '',
        element,
        required: mean(required),
        fillRate: toDistribution(served.map((s, k) => ratio(s, required[k] ?? 0))),
        tonnesShort: toDistribution(served.map((s, k) => Math.max(0, (required[k] ?? 0) - s))),
      });
    }
  }
  const stockpiles: StockpileStats[] = model.stockpiles.map((s, k) => ({
    stockpile: s.id,
    holder: s.holder,
    node: s.node,
    material: s.material,
    minimum: toDistribution(ordered.map((r) => r.stockMin[k] ?? s.level)),
  }));
  const eventNames = [...new Set(ordered.flatMap((r) => Object.keys(r.events)))].sort();
  const totalRequired = ordered.map((r) => r.required.reduce((a, b) => a + b, 0));
  const totalServed = ordered.map((r) => r.served.reduce((a, b) => a + b, 0));
  return {
    model: model.name,
    ...definedFields({ scenario: meta.scenario }),
    runs: ordered.length,
    seed: meta.seed,
    deterministic: ordered.every((r) => r.randomDraws === 0),
    days: meta.days,
    allocation: meta.allocation,
    system: {
      fillRate: toDistribution(totalServed.map((s, k) => ratio(s, totalRequired[k] ?? 0))),
      tonnesShort: toDistribution(totalServed.map((s, k) => Math.max(0, (totalRequired[k] ?? 0) - s))),
    },
    demands,
    consumers,
    stockpiles,
    events: Object.fromEntries(
      eventNames.map((name) => [name, toDistribution(ordered.map((r) => r.events[name] ?? 0))]),
    ),
    series: summarizeSeries(model, ordered, meta.buckets),
    invariantViolations: ordered.filter((r) => !isBalanced(r)).length,
    version: meta.version,
  };
}
