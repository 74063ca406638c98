/** Attribute charts: p, np, c and u (Montgomery ch. 7). */
import { SpcError } from './errors.js';
import { fill, requireFinite, requireSpread, type ChartModel } from './chart-model.js';

/** The p, np, c and u charts of counts, with varying sample sizes (Montgomery ch. 7). */
export function attributeChart(
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
