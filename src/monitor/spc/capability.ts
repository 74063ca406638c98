/**
 * Process capability: Cp, Cpk (within-subgroup sigma, from the chart) and Pp, Ppk (overall sample sd),
 * with two-sided confidence intervals:
 *   Cp, Pp: Ĉ·√(χ²_{α/2, ν}/ν) ≤ C ≤ Ĉ·√(χ²_{1−α/2, ν}/ν), ν = n − 1 (Montgomery eq. 8.19);
 *   Cpk, Ppk: Ĉ ∓ z_{1−α/2}·√(1/(9n) + Ĉ²/(2(n − 1)))   (Bissell 1990, Montgomery eq. 8.21),
 * where n is the number of individual observations. This is what qcc's process.capability reports.
 */
import { SpcError } from './errors.js';
import { chiSquareQuantile, mean, normalQuantile, sampleSd } from './math.js';

/** Specification limits for one characteristic; either may be missing (one-sided). */
export interface Specification {
  lsl?: number;
  usl?: number;
  target?: number;
}

/** An index with its confidence interval (null where the index is undefined, e.g. Cp for a one-sided spec). */
export interface CapabilityIndex {
  value: number | null;
  lower: number | null;
  upper: number | null;
}

export interface CapabilityResult {
  n: number;
  mean: number;
  sigmaWithin: number;
  sigmaOverall: number;
  confidence: number;
  cp: CapabilityIndex;
  cpk: CapabilityIndex;
  pp: CapabilityIndex;
  ppk: CapabilityIndex;
  /** Share of observations outside the specification. */
  observedOutside: number;
}

export interface CapabilityOptions {
  /** Within-subgroup sigma, e.g. R̄/d2 from an x̄-R chart or MR̄/d2; default the overall sample sd. */
  sigmaWithin?: number;
  /** Confidence level of the intervals; default 0.95. */
  confidence?: number;
}

const none: CapabilityIndex = { value: null, lower: null, upper: null };

function ratioIndex(value: number, n: number, alpha: number): CapabilityIndex {
  const nu = n - 1;
  return {
    value,
    lower: value * Math.sqrt(chiSquareQuantile(alpha / 2, nu) / nu),
    upper: value * Math.sqrt(chiSquareQuantile(1 - alpha / 2, nu) / nu),
  };
}

function bissell(value: number, n: number, alpha: number): CapabilityIndex {
  const half = normalQuantile(1 - alpha / 2) * Math.sqrt(1 / (9 * n) + (value * value) / (2 * (n - 1)));
  return { value, lower: value - half, upper: value + half };
}

/**
 * Capability indices of `values` against a specification.
 *
 * @example capability(values, { lsl: 73.95, usl: 74.05 }, { sigmaWithin: rBar / d2 }).cpk.value
 */
export function capability(
  values: readonly number[],
  spec: Specification,
  options: CapabilityOptions = {},
): CapabilityResult {
  const { lsl, usl } = spec;
  if (lsl === undefined && usl === undefined)
    throw new SpcError('SPC_BAD_SPEC', 'a specification needs LSL, USL or both');
  if (lsl !== undefined && usl !== undefined && !(lsl < usl))
    throw new SpcError('SPC_BAD_SPEC', `LSL ${lsl} must be below USL ${usl}`);
  for (const v of values)
    if (!Number.isFinite(v))
      throw new SpcError('SPC_NON_FINITE', `capability needs finite values; got ${String(v)}`);
  const n = values.length;
  if (n < 2) throw new SpcError('SPC_TOO_FEW_POINTS', `capability needs at least 2 observations; got ${n}`);
  const confidence = options.confidence ?? 0.95;
  if (!(confidence > 0 && confidence < 1))
    throw new SpcError('SPC_BAD_OPTION', `confidence must be in (0, 1); got ${confidence}`);
  const alpha = 1 - confidence;
  const mu = mean(values);
  const overall = sampleSd(values);
  const within = options.sigmaWithin ?? overall;
  if (!(overall > 0) || !(within > 0))
    throw new SpcError(
      'SPC_ZERO_VARIANCE',
      'the observations have zero spread; capability indices would be infinite',
    );
  const indices = (sigma: number): { c: CapabilityIndex; ck: CapabilityIndex } => {
    const sides = [
      usl !== undefined ? (usl - mu) / (3 * sigma) : Infinity,
      lsl !== undefined ? (mu - lsl) / (3 * sigma) : Infinity,
    ];
    const ck = Math.min(...sides);
    return {
      c: lsl !== undefined && usl !== undefined ? ratioIndex((usl - lsl) / (6 * sigma), n, alpha) : none,
      ck: bissell(ck, n, alpha),
    };
  };
  const w = indices(within);
  const o = indices(overall);
  const outside =
    values.filter((v) => (lsl !== undefined && v < lsl) || (usl !== undefined && v > usl)).length / n;
  return {
    n,
    mean: mu,
    sigmaWithin: within,
    sigmaOverall: overall,
    confidence,
    cp: w.c,
    cpk: w.ck,
    pp: o.c,
    ppk: o.ck,
    observedOutside: outside,
  };
}
