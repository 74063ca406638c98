/**
 * Control charts: one function, `controlChart(data, {chart, …})`, for individuals/moving range, x̄-R, x̄-S,
 * p, np, c, u, EWMA and tabular CUSUM; phase I (estimate from a reference range, optionally excluding
 * out-of-control points iteratively) and phase II (frozen limits). Formulas: Montgomery, *Introduction
 * to Statistical Quality Control*, chapters 6 (variables), 7 (attributes) and 9 (CUSUM, EWMA).
 */
import { chartConstants } from './constants.js';
import { SpcError } from './errors.js';
import { mean, sampleSd } from './math.js';
import { evaluateRules, parseRules, type RuleId, type Violation } from './rules.js';
import {
  CHART_KINDS,
  type ChartData,
  type ChartKind,
  type ChartSeries,
  type ControlChartOptions,
  type ControlChartResult,
  type FrozenLimits,
  type PointRange,
} from './types.js';

/** A series before rules: its per-point sigma (for run-rule zones) and whether zone rules apply. */
interface Drawn extends Omit<ChartSeries, 'violations'> {
  sigma: number[];
  zoneRules: boolean;
}

/** One chart family: how to estimate its parameters from reference points and draw every point. */
interface ChartModel {
  points: number;
  estimate(indices: readonly number[]): FrozenLimits;
  draw(limits: FrozenLimits): Drawn[];
}

const fill = (n: number, v: number): number[] => new Array<number>(n).fill(v);

function requireFinite(values: readonly number[], what: string): void {
  for (let i = 0; i < values.length; i++) {
    if (!Number.isFinite(values[i]))
      throw new SpcError(
        'SPC_NON_FINITE',
        `${what} ${i + 1} is ${String(values[i])}; every value must be a finite number (remove or impute missing values first)`,
      );
  }
}

function requireSpread(value: number, what: string): void {
  if (!(value > 0))
    throw new SpcError(
      'SPC_ZERO_VARIANCE',
      `${what} is ${value} in the reference points, so every limit would collapse onto the centre line; use more varied reference data or give sigma`,
    );
}

/** The mean moving range of consecutive reference points (pairs whose both ends are in `indices`). */
function meanMovingRange(values: readonly number[], indices: readonly number[]): number {
  const inRef = new Set(indices);
  let sum = 0;
  let count = 0;
  for (const i of indices) {
    if (i === 0 || !inRef.has(i - 1)) continue;
    sum += Math.abs((values[i] as number) - (values[i - 1] as number));
    count++;
  }
  if (count === 0)
    throw new SpcError(
      'SPC_TOO_FEW_POINTS',
      'no two consecutive reference points, so no moving range to estimate sigma from',
    );
  return sum / count;
}

function pick(values: readonly number[], indices: readonly number[]): number[] {
  return indices.map((i) => values[i] as number);
}

function individuals(values: readonly number[]): ChartModel {
  requireFinite(values, 'value');
  const d2 = chartConstants(2).d2;
  const D4 = chartConstants(2).D4;
  return {
    points: values.length,
    estimate(indices) {
      const mr = meanMovingRange(values, indices);
      requireSpread(mr, 'the mean moving range');
      return { chart: 'imr', center: mean(pick(values, indices)), sigma: mr / d2 };
    },
    draw({ center, sigma }) {
      const n = values.length;
      const mr = values.map((v, i) => (i === 0 ? NaN : Math.abs(v - (values[i - 1] as number))));
      return [
        {
          statistic: 'x',
          values: [...values],
          center: fill(n, center),
          lcl: fill(n, center - 3 * sigma),
          ucl: fill(n, center + 3 * sigma),
          sigma: fill(n, sigma),
          zoneRules: true,
        },
        {
          statistic: 'MR',
          values: mr,
          center: fill(n, d2 * sigma),
          lcl: fill(n, 0),
          ucl: fill(n, D4 * d2 * sigma),
          sigma: fill(n, NaN),
          zoneRules: false,
        },
      ];
    },
  };
}

function subgroupCharts(subgroups: readonly (readonly number[])[], kind: 'xbar-r' | 'xbar-s'): ChartModel {
  const n = subgroups[0]?.length ?? 0;
  subgroups.forEach((g, i) => {
    if (g.length !== n)
      throw new SpcError(
        'SPC_BAD_SUBGROUP',
        `subgroup ${i + 1} has ${g.length} values but subgroup 1 has ${n}; ${kind} needs equal subgroup sizes`,
      );
    requireFinite(g, `subgroup ${i + 1}, value`);
  });
  if (n < 2)
    throw new SpcError(
      'SPC_BAD_SUBGROUP',
      `${kind} needs subgroups of at least 2 values; got ${n} (use the individuals chart, --chart imr, for single values)`,
    );
  const k = chartConstants(n);
  const means = subgroups.map((g) => mean(g));
  const spread = subgroups.map((g) => (kind === 'xbar-r' ? Math.max(...g) - Math.min(...g) : sampleSd(g)));
  const m = subgroups.length;
  return {
    points: m,
    estimate(indices) {
      const bar = mean(pick(spread, indices));
      requireSpread(bar, kind === 'xbar-r' ? 'the mean range R̄' : 'the mean standard deviation s̄');
      return {
        chart: kind,
        center: mean(pick(means, indices)),
        sigma: kind === 'xbar-r' ? bar / k.d2 : bar / k.c4,
      };
    },
    draw({ center, sigma }) {
      const se = sigma / Math.sqrt(n);
      const [cl, lo, hi] =
        kind === 'xbar-r'
          ? [k.d2 * sigma, k.D3 * k.d2 * sigma, k.D4 * k.d2 * sigma]
          : [k.c4 * sigma, k.B3 * k.c4 * sigma, k.B4 * k.c4 * sigma];
      return [
        {
          statistic: 'xbar',
          values: means,
          center: fill(m, center),
          lcl: fill(m, center - 3 * se),
          ucl: fill(m, center + 3 * se),
          sigma: fill(m, se),
          zoneRules: true,
        },
        {
          statistic: kind === 'xbar-r' ? 'R' : 'S',
          values: spread,
          center: fill(m, cl),
          lcl: fill(m, lo),
          ucl: fill(m, hi),
          sigma: fill(m, NaN),
          zoneRules: false,
        },
      ];
    },
  };
}

function attributeChart(
  kind: 'p' | 'np' | 'c' | 'u',
  counts: readonly number[],
  sizesIn: readonly number[] | number | undefined,
): ChartModel {
  requireFinite(counts, 'count');
  const m = counts.length;
  if (kind !== 'c' && sizesIn === undefined)
    throw new SpcError(
      'SPC_BAD_SUBGROUP',
      `the ${kind} chart needs sample sizes (a size column or one size for every sample)`,
    );
  const sizes = typeof sizesIn === 'number' || sizesIn === undefined ? fill(m, sizesIn ?? 1) : [...sizesIn];
  if (sizes.length !== m) throw new SpcError('SPC_BAD_SHAPE', `${m} counts but ${sizes.length} sample sizes`);
  requireFinite(sizes, 'sample size');
  counts.forEach((c, i) => {
    const n = sizes[i] as number;
    if (c < 0 || !(n > 0))
      throw new SpcError(
        'SPC_BAD_COUNTS',
        `sample ${i + 1}: count ${c} and size ${n}; counts must be ≥ 0 and sizes > 0`,
      );
    if ((kind === 'p' || kind === 'np') && (!Number.isInteger(c) || !Number.isInteger(n) || c > n)) {
      throw new SpcError(
        'SPC_BAD_COUNTS',
        `sample ${i + 1}: ${c} nonconforming of ${n}; the ${kind} chart needs whole numbers with count ≤ size`,
      );
    }
  });
  return {
    points: m,
    estimate(indices) {
      const total = indices.reduce((s, i) => s + (counts[i] as number), 0);
      const size = kind === 'c' ? indices.length : indices.reduce((s, i) => s + (sizes[i] as number), 0);
      const center = total / size;
      if (kind === 'p' || kind === 'np') {
        if (center <= 0 || center >= 1)
          throw new SpcError(
            'SPC_ZERO_VARIANCE',
            `the reference fraction nonconforming is ${center}; with p̄ = 0 or 1 every limit collapses onto the centre line`,
          );
      } else requireSpread(center, kind === 'c' ? 'the mean count c̄' : 'the mean count per unit ū');
      return { chart: kind, center, sigma: NaN };
    },
    draw({ center }) {
      const values: number[] = [];
      const cl: number[] = [];
      const sd: number[] = [];
      const hiCap: number[] = [];
      for (let i = 0; i < m; i++) {
        const c = counts[i] as number;
        const n = sizes[i] as number;
        if (kind === 'p') {
          values.push(c / n);
          cl.push(center);
          sd.push(Math.sqrt((center * (1 - center)) / n));
          hiCap.push(1);
        } else if (kind === 'np') {
          values.push(c);
          cl.push(n * center);
          sd.push(Math.sqrt(n * center * (1 - center)));
          hiCap.push(n);
        } else if (kind === 'c') {
          values.push(c);
          cl.push(center);
          sd.push(Math.sqrt(center));
          hiCap.push(Infinity);
        } else {
          values.push(c / n);
          cl.push(center);
          sd.push(Math.sqrt(center / n));
          hiCap.push(Infinity);
        }
      }
      return [
        {
          statistic: kind,
          values,
          center: cl,
          lcl: cl.map((c, i) => Math.max(0, c - 3 * (sd[i] as number))),
          ucl: cl.map((c, i) => Math.min(hiCap[i] as number, c + 3 * (sd[i] as number))),
          sigma: sd,
          zoneRules: true,
        },
      ];
    },
  };
}

/** Values for EWMA/CUSUM: individuals, or subgroup means with sigma of a mean = (R̄/d2)/√n. */
function timeWeightedInput(data: ChartData): { values: number[]; subgroupSize: number } {
  if ('values' in data) {
    requireFinite(data.values, 'value');
    return { values: [...data.values], subgroupSize: 1 };
  }
  if ('subgroups' in data) {
    const sub = subgroupCharts(data.subgroups, 'xbar-r');
    return {
      values: sub.draw({ chart: 'xbar-r', center: 0, sigma: 1 })[0]?.values ?? [],
      subgroupSize: data.subgroups[0]?.length ?? 1,
    };
  }
  throw new SpcError('SPC_BAD_SHAPE', 'EWMA and CUSUM charts need values or subgroups, not counts');
}

function estimateLevel(
  data: ChartData,
  values: readonly number[],
  subgroupSize: number,
  indices: readonly number[],
  options: ControlChartOptions,
  chart: ChartKind,
): FrozenLimits {
  const center = options.target ?? mean(pick(values, indices));
  let sigma = options.sigma;
  if (sigma === undefined) {
    if ('subgroups' in data) {
      const groups = indices.map((i) => data.subgroups[i] as readonly number[]);
      sigma =
        subgroupCharts(groups, 'xbar-r').estimate(groups.map((_, j) => j)).sigma / Math.sqrt(subgroupSize);
    } else if (options.sigmaMethod === 'sd') sigma = sampleSd(pick(values, indices));
    else sigma = meanMovingRange(values, indices) / chartConstants(2).d2;
  }
  requireSpread(sigma, 'sigma');
  return { chart, center, sigma };
}

function ewmaChart(data: ChartData, options: ControlChartOptions): ChartModel {
  const lambda = options.lambda ?? 0.2;
  const L = options.L ?? 3;
  if (!(lambda > 0 && lambda <= 1))
    throw new SpcError('SPC_BAD_OPTION', `EWMA λ must be in (0, 1]; got ${lambda}`);
  if (!(L > 0)) throw new SpcError('SPC_BAD_OPTION', `EWMA L must be positive; got ${L}`);
  const { values, subgroupSize } = timeWeightedInput(data);
  return {
    points: values.length,
    estimate: (indices) => estimateLevel(data, values, subgroupSize, indices, options, 'ewma'),
    draw({ center, sigma }) {
      const z: number[] = [];
      const lo: number[] = [];
      const hi: number[] = [];
      let prev = center;
      for (let i = 0; i < values.length; i++) {
        prev = lambda * (values[i] as number) + (1 - lambda) * prev;
        z.push(prev);
        const w = options.asymptotic
          ? lambda / (2 - lambda)
          : (lambda / (2 - lambda)) * (1 - (1 - lambda) ** (2 * (i + 1)));
        lo.push(center - L * sigma * Math.sqrt(w));
        hi.push(center + L * sigma * Math.sqrt(w));
      }
      return [
        {
          statistic: 'EWMA',
          values: z,
          center: fill(z.length, center),
          lcl: lo,
          ucl: hi,
          sigma: fill(z.length, NaN),
          zoneRules: false,
        },
      ];
    },
  };
}

function cusumChart(data: ChartData, options: ControlChartOptions): ChartModel {
  const k = options.k ?? 0.5;
  const h = options.h ?? 5;
  if (!(k >= 0) || !(h > 0))
    throw new SpcError('SPC_BAD_OPTION', `CUSUM needs k ≥ 0 and h > 0; got k = ${k}, h = ${h}`);
  const { values, subgroupSize } = timeWeightedInput(data);
  return {
    points: values.length,
    estimate: (indices) => estimateLevel(data, values, subgroupSize, indices, options, 'cusum'),
    draw({ center, sigma }) {
      const K = k * sigma;
      const H = h * sigma;
      const up: number[] = [];
      const down: number[] = [];
      let cp = 0;
      let cm = 0;
      for (const x of values) {
        cp = Math.max(0, x - (center + K) + cp);
        cm = Math.max(0, center - K - x + cm);
        up.push(cp);
        down.push(cm);
      }
      const n = values.length;
      return [
        {
          statistic: 'C+',
          values: up,
          center: fill(n, 0),
          lcl: fill(n, 0),
          ucl: fill(n, H),
          sigma: fill(n, NaN),
          zoneRules: false,
        },
        {
          statistic: 'C-',
          values: down,
          center: fill(n, 0),
          lcl: fill(n, 0),
          ucl: fill(n, H),
          sigma: fill(n, NaN),
          zoneRules: false,
        },
      ];
    },
  };
}

function createModel(chart: ChartKind, data: ChartData, options: ControlChartOptions): ChartModel {
  switch (chart) {
    case 'imr':
      if (!('values' in data))
        throw new SpcError('SPC_BAD_SHAPE', 'the individuals chart needs one value per point');
      return individuals(data.values);
    case 'xbar-r':
    case 'xbar-s':
      if (!('subgroups' in data))
        throw new SpcError(
          'SPC_BAD_SUBGROUP',
          `${chart} needs subgroups (several values per sample); for single values use the individuals chart`,
        );
      return subgroupCharts(data.subgroups, chart);
    case 'p':
    case 'np':
    case 'c':
    case 'u':
      if (!('counts' in data))
        throw new SpcError(
          'SPC_BAD_SHAPE',
          `the ${chart} chart needs counts${chart === 'c' ? '' : ' and sample sizes'}`,
        );
      return attributeChart(chart, data.counts, data.sizes);
    case 'ewma':
      return ewmaChart(data, options);
    case 'cusum':
      return cusumChart(data, options);
  }
}

function beyond(series: Drawn, i: number): boolean {
  const v = series.values[i] as number;
  return v > (series.ucl[i] as number) || v < (series.lcl[i] as number);
}

function violationsOf(series: Drawn, rules: readonly RuleId[]): Violation[] {
  if (series.zoneRules) {
    const z = new Float64Array(series.values.length);
    for (let i = 0; i < z.length; i++)
      z[i] = ((series.values[i] as number) - (series.center[i] as number)) / (series.sigma[i] as number);
    return evaluateRules(z, rules);
  }
  const out: Violation[] = [];
  for (let i = 0; i < series.values.length; i++)
    if (beyond(series, i)) out.push({ rule: 'beyond-limits', index: i, points: [i] });
  return out;
}

const MIN_REFERENCE: Readonly<Record<ChartKind, number>> = {
  imr: 2,
  'xbar-r': 1,
  'xbar-s': 1,
  p: 1,
  np: 1,
  c: 1,
  u: 1,
  ewma: 2,
  cusum: 2,
};

/**
 * Computes a control chart over every point: phase I estimates the limits from `reference` (minus
 * `exclude`, and with `iterate` minus out-of-control reference points, re-estimated until none remain);
 * phase II (`limits` given) monitors against frozen limits. Run rules apply to the primary Shewhart
 * series; companion charts (MR, R, S), EWMA and CUSUM report points beyond their limits.
 *
 * @example controlChart({ values: [1, 2, 1.5, 2.2, 1.8] }, { chart: 'imr' }).series[0].ucl[0]
 */
export function controlChart(
  data: ChartData,
  options: ControlChartOptions & { chart: ChartKind },
): ControlChartResult {
  const { chart } = options;
  if (!CHART_KINDS.includes(chart))
    throw new SpcError(
      'SPC_BAD_OPTION',
      `unknown chart '${String(chart)}'; expected one of ${CHART_KINDS.join(', ')}`,
    );
  const rules = parseRules(options.rules ?? 'nelson');
  if (options.nSigma !== undefined && options.nSigma !== 3)
    throw new SpcError(
      'SPC_BAD_OPTION',
      'only 3-sigma Shewhart limits are supported (the run-rule zones assume them)',
    );
  const model = createModel(chart, data, options);
  const warnings: string[] = [];
  if (model.points === 0) throw new SpcError('SPC_TOO_FEW_POINTS', 'no points to chart');
  const finish = (
    limits: FrozenLimits,
    phase: 'I' | 'II',
    extra: Partial<ControlChartResult>,
  ): ControlChartResult => {
    const drawn = model.draw(limits);
    const series = drawn.map(({ sigma: _sigma, zoneRules: _zone, ...rest }, i) => ({
      ...rest,
      violations: violationsOf(drawn[i] as Drawn, rules),
    }));
    return { chart, phase, excluded: [], iterations: 1, limits, series, rules, warnings, ...extra };
  };
  if (options.limits) {
    if (options.limits.chart !== chart)
      throw new SpcError(
        'SPC_BAD_OPTION',
        `frozen limits are for a ${options.limits.chart} chart, not ${chart}`,
      );
    return finish(options.limits, 'II', {});
  }
  const reference: PointRange = options.reference ?? { start: 0, end: model.points };
  if (
    !Number.isInteger(reference.start) ||
    !Number.isInteger(reference.end) ||
    reference.start < 0 ||
    reference.end > model.points ||
    reference.end <= reference.start
  ) {
    throw new SpcError(
      'SPC_BAD_RANGE',
      `phase I range ${reference.start + 1}–${reference.end} is outside the ${model.points} points or empty`,
    );
  }
  const excluded = new Set(options.exclude ?? []);
  let indices: number[] = [];
  for (let i = reference.start; i < reference.end; i++) if (!excluded.has(i)) indices.push(i);
  const minimum = MIN_REFERENCE[chart];
  let iterations = 0;
  let limits: FrozenLimits;
  for (;;) {
    iterations++;
    if (indices.length < minimum)
      throw new SpcError(
        'SPC_TOO_FEW_POINTS',
        `${indices.length} reference point(s) left; the ${chart} chart needs at least ${minimum} to estimate limits`,
      );
    limits = model.estimate(indices);
    if (!options.iterate || iterations > 100) break;
    const drawn = model.draw(limits);
    const out = indices.filter((i) => drawn.some((s) => beyond(s, i)));
    if (out.length === 0) break;
    out.forEach((i) => excluded.add(i));
    indices = indices.filter((i) => !excluded.has(i));
  }
  if (indices.length < 20)
    warnings.push(
      `limits estimated from ${indices.length} reference points; Montgomery recommends at least 20–25`,
    );
  return finish(limits, 'I', {
    reference,
    excluded: [...excluded].filter((i) => i >= reference.start && i < reference.end).sort((a, b) => a - b),
    iterations,
  });
}
