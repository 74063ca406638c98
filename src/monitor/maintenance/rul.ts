/**
 * Remaining useful life from degradation signals (NASA C-MAPSS layout: unit, cycle, 3 settings, 21 sensors).
 *
 * Model (a health-index regression, deliberately simple and explainable):
 * 1. keep the sensors that move with age in the training fleet (|corr(sensor, cycle/life)| ≥ minCorrelation);
 * 2. standardise them, smooth each unit's history with a trailing EWMA (weight `smoothing`);
 * 3. ridge least squares of the piecewise-linear target min(RUL, cap) (cap 125 cycles, the convention of
 *    Heimes 2008 and most FD001 papers) on the smoothed sensors and their squares;
 * 4. uncertainty: the model is refit on K folds of training units (seeded), each held-out unit cut at a
 *    random cycle; the residuals (true − predicted) are binned by predicted RUL and their quantiles give the band.
 * The fit is deterministic for a seed.
 */
import { SpcError } from '../spc/errors.js';
import { createRandom } from '../../random.js';

export interface CmapssRow {
  unit: number;
  cycle: number;
  settings: number[];
  sensors: number[];
}

/** Parses C-MAPSS text (whitespace-separated, 26 columns). Throws SPC_BAD_SHAPE / SPC_NON_FINITE with the line number. */
export function parseCmapss(text: string): CmapssRow[] {
  const rows: CmapssRow[] = [];
  text.split(/\r?\n/).forEach((line, i) => {
    const cells = line
      .trim()
      .split(/\s+/)
      .filter((c) => c !== '');
    if (cells.length === 0) return;
    if (cells.length < 6)
      throw new SpcError(
        'SPC_BAD_SHAPE',
        `line ${i + 1}: ${cells.length} columns; C-MAPSS rows have unit, cycle, 3 settings and the sensors`,
      );
    const nums = cells.map(Number);
    const bad = nums.findIndex((v) => !Number.isFinite(v));
    if (bad >= 0)
      throw new SpcError(
        'SPC_NON_FINITE',
        `line ${i + 1}, column ${bad + 1}: '${cells[bad]}' is not a number`,
      );
    rows.push({
      unit: nums[0] as number,
      cycle: nums[1] as number,
      settings: nums.slice(2, 5),
      sensors: nums.slice(5),
    });
  });
  return rows;
}

/** Groups rows by unit, each sorted by cycle; throws SPC_UNSORTED on a repeated cycle. */
export function groupUnits(rows: readonly CmapssRow[]): Map<number, CmapssRow[]> {
  const units = new Map<number, CmapssRow[]>();
  for (const r of rows) {
    const list = units.get(r.unit) ?? [];
    list.push(r);
    units.set(r.unit, list);
  }
  for (const [unit, list] of units) {
    list.sort((a, b) => a.cycle - b.cycle);
    for (let i = 1; i < list.length; i++)
      if ((list[i] as CmapssRow).cycle === (list[i - 1] as CmapssRow).cycle)
        throw new SpcError(
          'SPC_UNSORTED',
          `unit ${unit}: cycle ${(list[i] as CmapssRow).cycle} appears twice`,
        );
  }
  return units;
}

export interface RulOptions {
  cap?: number;
  smoothing?: number;
  ridge?: number;
  minCorrelation?: number;
  folds?: number;
  seed?: number;
  /** Band quantiles; default [0.1, 0.9] (an 80% band). */
  band?: [number, number];
}

export interface RulModel {
  sensors: number[];
  mean: number[];
  sd: number[];
  weights: Float64Array;
  cap: number;
  smoothing: number;
  /** Calibration residuals (true − predicted) per predicted-RUL bin of width binWidth. */
  residuals: number[][];
  binWidth: number;
  band: [number, number];
}

export interface RulPrediction {
  unit: number;
  cycles: number;
  rul: number;
  lower: number;
  upper: number;
}

/** Smoothed, standardised feature rows for one unit (one row per cycle): [1, z…, z²…]. */
function features(
  unit: readonly CmapssRow[],
  sensors: readonly number[],
  mean: readonly number[],
  sd: readonly number[],
  smoothing: number,
): number[][] {
  const state = sensors.map(() => NaN);
  return unit.map((row) => {
    const f = [1];
    sensors.forEach((s, j) => {
      const z = ((row.sensors[s] as number) - (mean[j] as number)) / (sd[j] as number);
      const prev = state[j] as number;
      state[j] = prev !== prev ? z : prev + smoothing * (z - prev);
    });
    for (const v of state) f.push(v);
    for (const v of state) f.push(v * v);
    return f;
  });
}

function solveRidge(x: readonly number[][], y: readonly number[], ridge: number): Float64Array {
  const p = x[0]?.length ?? 0;
  const a = new Float64Array(p * p);
  const b = new Float64Array(p);
  x.forEach((row, i) => {
    for (let r = 0; r < p; r++) {
      const v = row[r] as number;
      b[r] = (b[r] as number) + v * (y[i] as number);
      for (let c = 0; c <= r; c++) a[r * p + c] = (a[r * p + c] as number) + v * (row[c] as number);
    }
  });
  for (let r = 1; r < p; r++) a[r * p + r] = (a[r * p + r] as number) + ridge * x.length;
  // Cholesky solve of the symmetric positive definite normal equations.
  const l = new Float64Array(p * p);
  for (let r = 0; r < p; r++) {
    for (let c = 0; c <= r; c++) {
      let s = a[r * p + c] as number;
      for (let k = 0; k < c; k++) s -= (l[r * p + k] as number) * (l[c * p + k] as number);
      l[r * p + c] = r === c ? Math.sqrt(Math.max(s, 1e-12)) : s / (l[c * p + c] as number);
    }
  }
  const z = new Float64Array(p);
  for (let r = 0; r < p; r++) {
    let s = b[r] as number;
    for (let k = 0; k < r; k++) s -= (l[r * p + k] as number) * (z[k] as number);
    z[r] = s / (l[r * p + r] as number);
  }
  const w = new Float64Array(p);
  for (let r = p - 1; r >= 0; r--) {
    let s = z[r] as number;
    for (let k = r + 1; k < p; k++) s -= (l[k * p + r] as number) * (w[k] as number);
    w[r] = s / (l[r * p + r] as number);
  }
  return w;
}

const dot = (w: Float64Array, f: readonly number[]): number =>
  f.reduce((s, v, i) => s + v * (w[i] as number), 0);

function fitCore(
  units: readonly (readonly CmapssRow[])[],
  options: Required<Omit<RulOptions, 'band' | 'folds' | 'seed'>>,
): Omit<RulModel, 'residuals' | 'binWidth' | 'band'> {
  const all = units.flat();
  const width = all[0]?.sensors.length ?? 0;
  const ages: number[] = [];
  for (const u of units) for (const r of u) ages.push(r.cycle / u.length);
  const sensors: number[] = [];
  const mean: number[] = [];
  const sd: number[] = [];
  for (let s = 0; s < width; s++) {
    const v = all.map((r) => r.sensors[s] as number);
    const mu = v.reduce((a, b) => a + b, 0) / v.length;
    const sigma = Math.sqrt(v.reduce((a, b) => a + (b - mu) ** 2, 0) / (v.length - 1));
    if (!(sigma > 1e-9)) continue;
    const ma = ages.reduce((a, b) => a + b, 0) / ages.length;
    const sa = Math.sqrt(ages.reduce((a, b) => a + (b - ma) ** 2, 0) / (ages.length - 1));
    let cov = 0;
    v.forEach((x, i) => (cov += (x - mu) * ((ages[i] as number) - ma)));
    const corr = cov / ((v.length - 1) * sigma * sa);
    if (Math.abs(corr) < options.minCorrelation) continue;
    sensors.push(s);
    mean.push(mu);
    sd.push(sigma);
  }
  if (sensors.length === 0)
    throw new SpcError(
      'SPC_ZERO_VARIANCE',
      'no sensor trends with age in the training data; nothing to learn remaining life from',
    );
  const x: number[][] = [];
  const y: number[] = [];
  for (const u of units) {
    const f = features(u, sensors, mean, sd, options.smoothing);
    f.forEach((row, i) => {
      x.push(row);
      y.push(Math.min(options.cap, u.length - 1 - i));
    });
  }
  return {
    sensors,
    mean,
    sd,
    weights: solveRidge(x, y, options.ridge),
    cap: options.cap,
    smoothing: options.smoothing,
  };
}

function predictOne(
  model: Omit<RulModel, 'residuals' | 'binWidth' | 'band'>,
  unit: readonly CmapssRow[],
): number {
  const f = features(unit, model.sensors, model.mean, model.sd, model.smoothing);
  const last = f[f.length - 1] ?? [];
  return Math.min(model.cap, Math.max(0, dot(model.weights, last)));
}

const quantile = (sorted: readonly number[], q: number): number => {
  if (sorted.length === 0) return NaN;
  const pos = (sorted.length - 1) * q;
  const lo = Math.floor(pos);
  const hi = Math.ceil(pos);
  return (sorted[lo] as number) + ((sorted[hi] as number) - (sorted[lo] as number)) * (pos - lo);
};

/**
 * Fits the RUL model on run-to-failure training units (each unit's last cycle is its failure).
 *
 * @example const model = fitRul(parseCmapss(trainText), { seed: 1 }); predictRul(model, parseCmapss(testText))
 */
export function fitRul(rows: readonly CmapssRow[], options: RulOptions = {}): RulModel {
  const core = {
    cap: options.cap ?? 125,
    smoothing: options.smoothing ?? 0.2,
    ridge: options.ridge ?? 1e-3,
    minCorrelation: options.minCorrelation ?? 0.3,
  };
  const units = [...groupUnits(rows).values()];
  if (units.length < 5)
    throw new SpcError(
      'SPC_TOO_FEW_POINTS',
      `RUL needs at least 5 run-to-failure training units; got ${units.length}`,
    );
  const folds = options.folds ?? 5;
  const random = createRandom(options.seed ?? 1);
  const order = units.map((_, i) => i);
  for (let i = order.length - 1; i > 0; i--) {
    const j = Math.floor(random.next() * (i + 1));
    [order[i], order[j]] = [order[j] as number, order[i] as number];
  }
  const binWidth = 25;
  const residuals: number[][] = [];
  for (let k = 0; k < folds; k++) {
    const held = new Set(order.filter((_, i) => i % folds === k));
    const m = fitCore(
      units.filter((_, i) => !held.has(i)),
      core,
    );
    for (const i of held) {
      const u = units[i] as CmapssRow[];
      for (let draw = 0; draw < 10; draw++) {
        const cut = Math.max(1, Math.floor(random.next() * u.length));
        const pred = predictOne(m, u.slice(0, cut));
        const bin = Math.floor(pred / binWidth);
        (residuals[bin] ??= []).push(u.length - cut - pred);
      }
    }
  }
  for (const r of residuals) r?.sort((a, b) => a - b);
  return {
    ...fitCore(units, core),
    residuals: Array.from(residuals, (r) => r ?? []),
    binWidth,
    band: options.band ?? [0.1, 0.9],
  };
}

function residualsNear(model: RulModel, rul: number): number[] {
  const bin = Math.min(model.residuals.length - 1, Math.floor(rul / model.binWidth));
  for (let d = 0; d < model.residuals.length; d++) {
    const r = model.residuals[bin - d] ?? model.residuals[bin + d];
    if (r && r.length > 0) return r;
  }
  return [];
}

/** Predicts each unit's RUL after its last observed cycle, with the calibrated band. */
export function predictRul(model: RulModel, rows: readonly CmapssRow[]): RulPrediction[] {
  return [...groupUnits(rows)].map(([unit, u]) => {
    const rul = predictOne(model, u);
    const r = residualsNear(model, rul);
    return {
      unit,
      cycles: u.length,
      rul,
      lower: Math.max(0, rul + quantile(r, model.band[0])),
      upper: rul + quantile(r, model.band[1]),
    };
  });
}

/** Probability that a unit fails within `horizon` cycles, from the calibration residuals around its prediction. */
export function failureProbability(model: RulModel, prediction: RulPrediction, horizon: number): number {
  const r = residualsNear(model, prediction.rul);
  if (r.length === 0) return prediction.rul <= horizon ? 1 : 0;
  return r.filter((e) => prediction.rul + e <= horizon).length / r.length;
}

/** RMSE and the PHM08 / NASA scoring function s = Σ e^{−d/13} − 1 (d < 0) or e^{d/10} − 1 (d ≥ 0), d = predicted − true. */
export function scoreRul(
  predicted: readonly number[],
  truth: readonly number[],
): { rmse: number; nasaScore: number; n: number } {
  if (predicted.length !== truth.length)
    throw new SpcError('SPC_BAD_SHAPE', `${predicted.length} predictions but ${truth.length} true values`);
  let se = 0;
  let s = 0;
  predicted.forEach((p, i) => {
    const d = p - (truth[i] as number);
    se += d * d;
    s += d < 0 ? Math.exp(-d / 13) - 1 : Math.exp(d / 10) - 1;
  });
  return { rmse: Math.sqrt(se / predicted.length), nasaScore: s, n: predicted.length };
}
