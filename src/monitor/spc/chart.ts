/**
 * Control charts: one function, `controlChart(data, {chart, …})`, for individuals/moving range, x̄-R, x̄-S,
 * p, np, c, u, EWMA and tabular CUSUM; phase I (estimate from a reference range, optionally excluding
 * out-of-control points iteratively) and phase II (frozen limits). Formulas: Montgomery, *Introduction
 * to Statistical Quality Control*, chapters 6 (variables), 7 (attributes) and 9 (CUSUM, EWMA).
 */
import { SpcError } from './errors.js';
import { evaluateRules, parseRules, type RuleId, type Violation } from './rules.js';
import {
  CHART_KINDS,
  type ChartData,
  type ChartKind,
  type ControlChartOptions,
  type ControlChartResult,
  type FrozenLimits,
  type PointRange,
} from './types.js';

import { attributeChart } from './attribute-charts.js';
import type { ChartModel, Drawn } from './chart-model.js';
import { cusumChart, ewmaChart } from './time-weighted-charts.js';
import { individuals, subgroupCharts } from './variables-charts.js';

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
