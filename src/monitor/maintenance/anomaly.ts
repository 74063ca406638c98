/**
 * Streaming anomaly scores for one sensor stream (a tag), constant memory per tag:
 * - robust baseline: running median m and MAD s by frugal stochastic quantile updates
 *   (m += η·s·sign(x − m); s += η·s·(1[|x − m| > s] − ½)·2), seeded by the exact median/MAD of the warm-up;
 *   z_robust = (x − m)/(1.4826·s);
 * - EWMA residuals: e = x − μ_{t−1}, μ_t = μ_{t−1} + α·e, v_t = (1 − α)·v_{t−1} + α·e²; z_ewma = e/√v_{t−1};
 * - seasonal baseline (optional, for daily cycles): an EWMA mean/variance per time-of-day bin;
 *   z_seasonal = (x − μ_bin)/√v_bin, and the robust and EWMA baselines then run on the residual x − μ_bin.
 * The combined z is the largest magnitude; score = z²/(z² + 25) ∈ [0, 1) (½ at |z| = 5). A point is flagged
 * when |z| ≥ threshold and no flag was raised in the previous `holdoff` points (one alert per episode).
 */
import { SpcError } from '../spc/errors.js';
import { mad, median } from '../spc/math.js';

export interface AnomalyOptions {
  /** Points used to seed the baseline; no scores before. Default 288 (a day of 5-minute data). */
  warmup?: number;
  /** Robust baseline adaptation rate η; default 0.002. */
  robustRate?: number;
  /** EWMA weight α of the residual baseline; default 0.05. */
  alpha?: number;
  /** Daily-cycle baseline: period in ms (86 400 000 for a day) and bins per period; off by default. */
  season?: { period: number; bins: number; alpha?: number };
  /** |z| at which a point is flagged; default 6. */
  threshold?: number;
  /** Points after a flag during which no new flag is raised; default the warm-up length. */
  holdoff?: number;
  /** Which detectors feed the combined z; default all that are configured. */
  detectors?: readonly ('robust' | 'ewma' | 'seasonal')[];
  /**
   * A point whose timestamp is not after the previous one: 'skip' (default) returns it with `skipped: true`,
   * unscored, without touching the baseline (real feeds repeat or rewind timestamps: NAB's ec2 latency file
   * repeats 03:00 on a DST change); 'error' throws SPC_UNSORTED.
   */
  unsorted?: 'skip' | 'error';
}

/** The score of one point. z values are NaN during warm-up (and for the seasonal baseline when off). */
export interface AnomalyPoint {
  t: number;
  value: number;
  robust: number;
  ewma: number;
  seasonal: number;
  z: number;
  score: number;
  flagged: boolean;
  /** True for an out-of-order point that was not scored (see `unsorted`). */
  skipped: boolean;
}

/** A streaming scorer for one tag; `update` must be called with strictly increasing timestamps. */
export interface AnomalyScorer {
  update(t: number, value: number): AnomalyPoint;
  /** Points accepted so far. */
  readonly count: number;
  /** Out-of-order points skipped so far. */
  readonly skipped: number;
}

/**
 * Creates a streaming scorer for one tag. Memory: the warm-up buffer (freed after warm-up) plus 2 numbers per
 * seasonal bin. Non-finite points throw SPC_NON_FINITE; out-of-order points are skipped (or throw, see `unsorted`).
 *
 * @example const s = createAnomalyScorer({ warmup: 100 }); for (const [t, x] of rows) s.update(t, x).flagged
 */
export function createAnomalyScorer(options: AnomalyOptions = {}): AnomalyScorer {
  const warmup = options.warmup ?? 288;
  const eta = options.robustRate ?? 0.002;
  const alpha = options.alpha ?? 0.05;
  const threshold = options.threshold ?? 6;
  const holdoff = options.holdoff ?? warmup;
  if (!(warmup >= 10))
    throw new SpcError('SPC_BAD_OPTION', `anomaly warm-up must be at least 10 points; got ${warmup}`);
  if (!(alpha > 0 && alpha < 1) || !(eta > 0 && eta < 1))
    throw new SpcError('SPC_BAD_OPTION', 'anomaly rates alpha and robustRate must be in (0, 1)');
  const season = options.season;
  if (season && !(season.period > 0 && Number.isInteger(season.bins) && season.bins >= 2))
    throw new SpcError('SPC_BAD_OPTION', 'season needs a positive period and at least 2 bins');
  const use = new Set(options.detectors ?? ['robust', 'ewma', 'seasonal']);
  const seasonAlpha = season?.alpha ?? 0.1;
  const binMean = new Float64Array(season?.bins ?? 0).fill(NaN);
  const binVar = new Float64Array(season?.bins ?? 0);
  const binCount = new Uint32Array(season?.bins ?? 0);
  const minBinCount = 10; // a bin's z counts only after 10 updates
  let buffer: number[] | undefined = [];
  let m = 0;
  let s = 0;
  let mu = 0;
  let v = 0;
  let count = 0;
  let lastT = -Infinity;
  let sinceFlag = Infinity;
  let skipped = 0;
  const onUnsorted = options.unsorted ?? 'skip';
  const floor = (x: number): number => Math.max(x, 1e-12);
  return {
    get count() {
      return count;
    },
    get skipped() {
      return skipped;
    },
    update(t, value) {
      if (!Number.isFinite(value) || !Number.isFinite(t))
        throw new SpcError('SPC_NON_FINITE', `point at t = ${t}: value ${value} is not a finite number`);
      if (!(t > lastT)) {
        if (onUnsorted === 'error')
          throw new SpcError(
            'SPC_UNSORTED',
            `timestamp ${t} is not after the previous ${lastT}; sort the stream by time (duplicates are not allowed)`,
          );
        skipped++;
        return {
          t,
          value,
          robust: NaN,
          ewma: NaN,
          seasonal: NaN,
          z: NaN,
          score: 0,
          flagged: false,
          skipped: true,
        };
      }
      lastT = t;
      count++;
      sinceFlag++;
      // With a season, the robust and EWMA baselines see the deseasonalised residual x − μ_bin.
      let seasonal = NaN;
      let x = value;
      let fresh = false; // the first value of a seasonal bin has no residual yet
      if (season) {
        const bin = Math.floor(
          ((((t % season.period) + season.period) % season.period) / season.period) * season.bins,
        );
        const bm = binMean[bin] as number;
        if (bm !== bm) {
          binMean[bin] = value;
          binVar[bin] = 0;
          fresh = true;
        } else {
          const e = value - bm;
          const sd = Math.sqrt(binVar[bin] as number);
          binCount[bin] = (binCount[bin] as number) + 1;
          if (buffer === undefined && sd > 0 && (binCount[bin] as number) >= minBinCount) seasonal = e / sd;
          binMean[bin] = bm + seasonAlpha * e;
          binVar[bin] = (1 - seasonAlpha) * (binVar[bin] as number) + seasonAlpha * e * e;
          x = e;
        }
      }
      if (buffer) {
        if (!fresh) buffer.push(x);
        if (buffer.length >= warmup) {
          m = median(buffer);
          s = floor(mad(buffer, m));
          mu = buffer.reduce((a, b) => a + b, 0) / buffer.length;
          v = floor(buffer.reduce((a, b) => a + (b - mu) ** 2, 0) / (buffer.length - 1));
          buffer = undefined;
        }
        return {
          t,
          value,
          robust: NaN,
          ewma: NaN,
          seasonal: NaN,
          z: NaN,
          score: 0,
          flagged: false,
          skipped: false,
        };
      }
      if (fresh)
        return {
          t,
          value,
          robust: NaN,
          ewma: NaN,
          seasonal: NaN,
          z: NaN,
          score: 0,
          flagged: false,
          skipped: false,
        };
      const robust = (x - m) / (1.4826 * s);
      const e = x - mu;
      const ewma = e / Math.sqrt(v);
      m += eta * s * Math.sign(x - m);
      s = floor(s + eta * s * (Math.abs(x - m) > s ? 1 : -1));
      mu += alpha * e;
      v = floor((1 - alpha) * v + alpha * e * e);
      let z = 0;
      if (use.has('robust') && Math.abs(robust) > Math.abs(z)) z = robust;
      if (use.has('ewma') && Math.abs(ewma) > Math.abs(z)) z = ewma;
      if (use.has('seasonal') && seasonal === seasonal && Math.abs(seasonal) > Math.abs(z)) z = seasonal;
      const flagged = Math.abs(z) >= threshold && sinceFlag > holdoff;
      if (flagged) sinceFlag = 0;
      return { t, value, robust, ewma, seasonal, z, score: (z * z) / (z * z + 25), flagged, skipped: false };
    },
  };
}

/** A run of consecutive flagged-or-high-score points, for reports. */
export interface FlaggedWindow {
  start: number;
  end: number;
  peakZ: number;
  points: number;
}

/**
 * Scores a whole series (timestamps in ms, strictly increasing) and lists flagged points and episodes where
 * |z| stays ≥ threshold (joined when less than `holdoff` points apart).
 */
export function scoreSeries(
  times: readonly number[],
  values: readonly number[],
  options: AnomalyOptions = {},
): { points: AnomalyPoint[]; windows: FlaggedWindow[] } {
  if (times.length !== values.length)
    throw new SpcError('SPC_BAD_SHAPE', `${times.length} timestamps but ${values.length} values`);
  const scorer = createAnomalyScorer(options);
  const points = times.map((t, i) => scorer.update(t, values[i] as number));
  const threshold = options.threshold ?? 6;
  const gap = options.holdoff ?? options.warmup ?? 288;
  const windows: FlaggedWindow[] = [];
  let last = -Infinity;
  points.forEach((p, i) => {
    if (!(Math.abs(p.z) >= threshold)) return;
    const open = windows[windows.length - 1];
    if (open && i - last <= gap) {
      open.end = p.t;
      open.points++;
      if (Math.abs(p.z) > Math.abs(open.peakZ)) open.peakZ = p.z;
    } else windows.push({ start: p.t, end: p.t, peakZ: p.z, points: 1 });
    last = i;
  });
  return { points, windows };
}
