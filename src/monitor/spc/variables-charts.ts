/** Variables charts: individuals/moving range, x̄-R and x̄-S (Montgomery ch. 6). */
import { chartConstants } from './constants.js';
import { SpcError } from './errors.js';
import { mean, sampleSd } from './math.js';
import { fill, meanMovingRange, pick, requireFinite, requireSpread, type ChartModel } from './chart-model.js';

/** The individuals and moving-range chart (Montgomery §6.4). */
export function individuals(values: readonly number[]): ChartModel {
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

/** The x̄-R and x̄-S charts of equal subgroups (Montgomery §6.2–6.3). */
export function subgroupCharts(
  subgroups: readonly (readonly number[])[],
  kind: 'xbar-r' | 'xbar-s',
): ChartModel {
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
