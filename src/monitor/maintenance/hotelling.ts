/**
 * Per-asset multivariate score: Hotelling T² of a row of tag values against a baseline learned from m rows
 * (mean x̄, covariance S): T² = (x − x̄)ᵀ S⁻¹ (x − x̄). Phase II upper control limit for a new individual
 * observation (Montgomery eq. 11.19; Tracy, Young & Mason 1992):
 *   UCL = p(m + 1)(m − 1) / (m² − m·p) · F_{α; p, m − p}.
 * S is factored once (Cholesky); a relative ridge (default 1e-9 of the mean variance) keeps collinear tags usable.
 */
import { SpcError } from '../spc/errors.js';
import { fQuantile } from '../spc/math.js';

export interface HotellingModel {
  p: number;
  m: number;
  mean: Float64Array;
  /** Lower-triangular Cholesky factor of the covariance, row-major p×p. */
  chol: Float64Array;
  /** The phase II UCL at the chosen α. */
  ucl: number;
  alpha: number;
}

/**
 * Learns the baseline from rows (one array of p tag values per time).
 *
 * @example const model = fitHotelling(baselineRows, { alpha: 0.001 }); hotellingT2(model, row) > model.ucl
 */
export function fitHotelling(
  rows: readonly (readonly number[])[],
  options: { alpha?: number; ridge?: number } = {},
): HotellingModel {
  const m = rows.length;
  const p = rows[0]?.length ?? 0;
  if (p === 0) throw new SpcError('SPC_TOO_FEW_POINTS', 'Hotelling T² needs at least one tag');
  if (m <= p + 1)
    throw new SpcError(
      'SPC_TOO_FEW_POINTS',
      `Hotelling T² needs more baseline rows (${m}) than tags + 1 (${p + 1})`,
    );
  const alpha = options.alpha ?? 0.001;
  const mean = new Float64Array(p);
  rows.forEach((r, i) => {
    if (r.length !== p)
      throw new SpcError('SPC_BAD_SHAPE', `baseline row ${i + 1} has ${r.length} values; expected ${p}`);
    for (let j = 0; j < p; j++) {
      const v = r[j] as number;
      if (!Number.isFinite(v))
        throw new SpcError('SPC_NON_FINITE', `baseline row ${i + 1}, tag ${j + 1} is ${v}`);
      mean[j] = (mean[j] as number) + v;
    }
  });
  for (let j = 0; j < p; j++) mean[j] = (mean[j] as number) / m;
  const cov = new Float64Array(p * p);
  for (const r of rows) {
    for (let a = 0; a < p; a++) {
      const da = (r[a] as number) - (mean[a] as number);
      for (let b = 0; b <= a; b++)
        cov[a * p + b] =
          (cov[a * p + b] as number) + (da * ((r[b] as number) - (mean[b] as number))) / (m - 1);
    }
  }
  let trace = 0;
  for (let a = 0; a < p; a++) {
    if (!((cov[a * p + a] as number) > 1e-14 * Math.max(1, (mean[a] as number) ** 2)))
      throw new SpcError(
        'SPC_ZERO_VARIANCE',
        `tag ${a + 1} is constant in the baseline; drop it or learn on data where it varies`,
      );
    trace += cov[a * p + a] as number;
  }
  if (!(trace > 0))
    throw new SpcError('SPC_ZERO_VARIANCE', 'every baseline tag is constant; T² is undefined');
  const ridge = (options.ridge ?? 1e-9) * (trace / p);
  const chol = new Float64Array(p * p);
  for (let a = 0; a < p; a++) {
    for (let b = 0; b <= a; b++) {
      let sum = (cov[a * p + b] as number) + (a === b ? ridge : 0);
      for (let k = 0; k < b; k++) sum -= (chol[a * p + k] as number) * (chol[b * p + k] as number);
      if (a === b) {
        if (!(sum > 0))
          throw new SpcError(
            'SPC_ZERO_VARIANCE',
            `tag ${a + 1} is constant or a linear combination of others in the baseline`,
          );
        chol[a * p + a] = Math.sqrt(sum);
      } else chol[a * p + b] = sum / (chol[b * p + b] as number);
    }
  }
  const ucl = ((p * (m + 1) * (m - 1)) / (m * m - m * p)) * fQuantile(1 - alpha, p, m - p);
  return { p, m, mean, chol, ucl, alpha };
}

/** T² of one row against the baseline: solve L y = x − x̄, T² = |y|². */
export function hotellingT2(model: HotellingModel, row: readonly number[]): number {
  const { p, mean, chol } = model;
  if (row.length !== p)
    throw new SpcError('SPC_BAD_SHAPE', `row has ${row.length} values; the baseline has ${p} tags`);
  const y = new Float64Array(p);
  let t2 = 0;
  for (let a = 0; a < p; a++) {
    let s = (row[a] as number) - (mean[a] as number);
    for (let k = 0; k < a; k++) s -= (chol[a * p + k] as number) * (y[k] as number);
    const v = s / (chol[a * p + a] as number);
    y[a] = v;
    t2 += v * v;
  }
  return t2;
}
