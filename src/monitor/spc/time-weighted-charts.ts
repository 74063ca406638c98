/** Time-weighted charts: EWMA and tabular CUSUM (Montgomery ch. 9). */
import { chartConstants } from './constants.js';
import { SpcError } from './errors.js';
import { mean, sampleSd } from './math.js';
import { fill, meanMovingRange, pick, requireFinite, requireSpread, type ChartModel } from './chart-model.js';
import { subgroupCharts } from './variables-charts.js';
import type { ChartData, ChartKind, ControlChartOptions, FrozenLimits } from './types.js';

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

/** The EWMA chart (Montgomery §9.2). */
export function ewmaChart(data: ChartData, options: ControlChartOptions): ChartModel {
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

/** The tabular CUSUM (Montgomery §9.1). */
export function cusumChart(data: ChartData, options: ControlChartOptions): ChartModel {
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
