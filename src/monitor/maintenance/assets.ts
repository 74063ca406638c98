/**
 * Asset health from sensor telemetry, per facility × asset × tag, constant memory per tag:
 * - anomaly score: the streaming scorer of anomaly.ts (robust + EWMA baselines);
 * - trend: least squares over the last `trendPoints` readings, slope b per hour with standard error se(b);
 * - remaining useful life where the tag has a failure limit (a degradation signal): the time for the fitted
 *   line to reach the limit, RUL = (limit − ŷ_last)/b, with a band from b ± z·se(b) (z for `band`, normal);
 *   'exponential' fits ln(value) instead (wear that grows by a fixed share per hour).
 * The probability that the limit is reached within H hours is P(b ≥ (limit − ŷ)/H) = 1 − Φ(((limit − ŷ)/H − b)/se(b)).
 */
import { SpcError } from '../spc/errors.js';
import { normalCdf, normalQuantile } from '../spc/math.js';
import { createAnomalyScorer, type AnomalyScorer } from './anomaly.js';
import type { FailurePrediction } from './outage.js';
import type { SensorEvent } from '../telemetry.js';
import { definedFields } from '../../defined-fields.js';
import type { AssetHealth, RulEstimate, TagHealth } from './health.js';

export type { AssetHealth, RulEstimate, TagHealth } from './health.js';

/** A failure limit of one tag: the asset fails (trips) when the value passes `above` or `below`. */
export interface FailureLimit {
  /** Asset pattern: an asset id, or '*' for every asset. */
  asset: string;
  tag: string;
  above?: number;
  below?: number;
  /** How the degradation grows: a straight line (default) or exponentially. */
  model?: 'linear' | 'exponential';
}

export interface AssetTrackerOptions {
  /** Readings that seed each tag's anomaly baseline; default 30. */
  warmup?: number;
  /** |z| at which a reading is anomalous; default 6. */
  threshold?: number;
  /** Readings in the trend fit; default 30. */
  trendPoints?: number;
  /** Coverage of the RUL band; default 0.8. */
  band?: number;
  failure?: readonly FailureLimit[];
}

interface TagState {
  tag: string;
  unit: string;
  scorer: AnomalyScorer;
  limit: FailureLimit | undefined;
  times: Float64Array;
  values: Float64Array;
  next: number;
  filled: number;
  last: { time: number; value: number; z: number; score: number };
  anomalies: number;
}

interface AssetState {
  facility: string;
  asset: string;
  process?: string;
  tags: Map<string, TagState>;
}

/** One sensor reading as the tracker reads it. */
export type AssetReading = Pick<SensorEvent, 'facility' | 'asset' | 'tag' | 'value' | 'unit' | 'time'> & {
  process?: string | undefined;
};

export interface AssetTracker {
  /** Folds one reading in; returns the tag's health after it (out-of-order readings leave the state as is). */
  update(reading: AssetReading): TagHealth;
  /** Folds one reading in without computing health (ingestion's hot path: health is read on demand). */
  observe(reading: AssetReading): void;
  list(filter?: { facility?: string }): AssetHealth[];
  get(facility: string, asset: string): AssetHealth | undefined;
  /** The probability that a tag reaches its failure limit within `hours` from its last reading. */
  failureProbability(facility: string, asset: string, hours: number): number;
}

const HOUR = 3_600_000;
const matches = (pattern: string, asset: string): boolean =>
  pattern === '*' || pattern === asset || (pattern.endsWith('*') && asset.startsWith(pattern.slice(0, -1)));

/** Least squares of y on t (hours): slope, its standard error, and ŷ at the last t. */
function fitTrend(
  state: TagState,
  transform: (v: number) => number,
): { slope: number; se: number; last: number } | undefined {
  const n = state.filled;
  if (n < 3) return undefined;
  const size = state.times.length;
  const t0 = state.last.time;
  let st = 0;
  let sy = 0;
  for (let i = 0; i < n; i++) {
    const j = (state.next - 1 - i + size) % size;
    st += ((state.times[j] as number) - t0) / HOUR;
    sy += transform(state.values[j] as number);
  }
  const mt = st / n;
  const my = sy / n;
  let stt = 0;
  let sty = 0;
  for (let i = 0; i < n; i++) {
    const j = (state.next - 1 - i + size) % size;
    const dt = ((state.times[j] as number) - t0) / HOUR - mt;
    stt += dt * dt;
    sty += dt * (transform(state.values[j] as number) - my);
  }
  if (!(stt > 0)) return undefined;
  const slope = sty / stt;
  let sse = 0;
  for (let i = 0; i < n; i++) {
    const j = (state.next - 1 - i + size) % size;
    const r =
      transform(state.values[j] as number) - (my + slope * (((state.times[j] as number) - t0) / HOUR - mt));
    sse += r * r;
  }
  const se = Math.sqrt(sse / (n - 2) / stt);
  return { slope, se, last: my + slope * (0 - mt) };
}

/**
 * Creates an empty tracker; feed it readings in time order per tag (replaying stored telemetry rebuilds it).
 *
 * @example const assets = createAssetTracker({ failure: [{ asset: '*', tag: 'vibration-rms', above: 11 }] }); assets.update(reading).rul
 */
export function createAssetTracker(options: AssetTrackerOptions = {}): AssetTracker {
  const warmup = options.warmup ?? 30;
  const threshold = options.threshold ?? 6;
  const trendPoints = options.trendPoints ?? 30;
  const band = options.band ?? 0.8;
  if (!(trendPoints >= 3) || !(band > 0 && band < 1))
    throw new SpcError('SPC_BAD_OPTION', 'trendPoints must be at least 3 and band in (0, 1)');
  const zBand = normalQuantile((1 + band) / 2);
  /** Facility → asset → state (nested, so a reading builds no key string). */
  const assets = new Map<string, Map<string, AssetState>>();
  const assetOf = (facility: string, asset: string): AssetState | undefined =>
    assets.get(facility)?.get(asset);

  const fitOf = (state: TagState) => {
    const limit = state.limit;
    const log = limit?.model === 'exponential';
    const fit = fitTrend(state, log ? (v) => Math.log(Math.max(v, 1e-12)) : (v) => v);
    return { fit, log, limit };
  };

  const rulOf = (state: TagState): RulEstimate | null => {
    const { fit, log, limit } = fitOf(state);
    if (!fit || !limit) return null;
    const raw = limit.above ?? limit.below;
    if (raw === undefined) return null;
    const target = log ? Math.log(Math.max(raw, 1e-12)) : raw;
    const up = limit.above !== undefined;
    const gap = up ? target - fit.last : fit.last - target; // > 0 while short of the limit
    const rate = up ? fit.slope : -fit.slope; // > 0 when heading for the limit
    if (gap <= 0) return { tag: state.tag, limit: raw, hours: 0, lower: 0, upper: 0, at: state.last.time };
    if (!(rate > 0)) return null;
    const hours = gap / rate;
    const fast = rate + zBand * fit.se;
    const slow = rate - zBand * fit.se;
    return {
      tag: state.tag,
      limit: raw,
      hours,
      lower: gap / fast,
      upper: slow > 0 ? gap / slow : null,
      at: state.last.time + hours * HOUR,
    };
  };

  const healthOf = (state: TagState): TagHealth => {
    const { fit } = fitOf(state);
    const slope = fitTrend(state, (v) => v)?.slope ?? null;
    const trend: TagHealth['trend'] = !fit
      ? 'unknown'
      : Math.abs(fit.slope) <= 2 * fit.se
        ? 'steady'
        : fit.slope > 0
          ? 'rising'
          : 'falling';
    const z = Number.isFinite(state.last.z) ? state.last.z : null;
    return {
      tag: state.tag,
      unit: state.unit,
      time: state.last.time,
      value: state.last.value,
      score: state.last.score,
      z,
      anomalous: z !== null && Math.abs(z) >= threshold,
      anomalies: state.anomalies,
      slope,
      trend,
      rul: rulOf(state),
      readings: state.scorer.count,
    };
  };

  const assetHealth = (a: AssetState): AssetHealth => {
    const tags = [...a.tags.values()].map(healthOf).sort((x, y) => x.tag.localeCompare(y.tag));
    const withRul = tags
      .filter((t) => t.rul !== null)
      .sort((x, y) => (x.rul?.hours ?? 0) - (y.rul?.hours ?? 0));
    const worst = withRul[0] ?? [...tags].sort((x, y) => y.score - x.score)[0];
    return {
      facility: a.facility,
      asset: a.asset,
      ...definedFields({ process: a.process }),
      lastTime: Math.max(...tags.map((t) => t.time)),
      score: Math.max(0, ...tags.map((t) => t.score)),
      anomalous: tags.some((t) => t.anomalous),
      trend: worst?.trend ?? 'unknown',
      rul: withRul[0]?.rul ?? null,
      tags,
    };
  };

  const observe = (reading: AssetReading): TagState => {
    let ofFacility = assets.get(reading.facility);
    if (!ofFacility) assets.set(reading.facility, (ofFacility = new Map()));
    let asset = ofFacility.get(reading.asset);
    if (!asset) {
      asset = { facility: reading.facility, asset: reading.asset, tags: new Map() };
      ofFacility.set(reading.asset, asset);
    }
    if (reading.process !== undefined) asset.process = reading.process;
    let state = asset.tags.get(reading.tag);
    if (!state) {
      state = {
        tag: reading.tag,
        unit: reading.unit,
        scorer: createAnomalyScorer({ warmup, threshold }),
        limit: options.failure?.find((f) => f.tag === reading.tag && matches(f.asset, reading.asset)),
        times: new Float64Array(trendPoints),
        values: new Float64Array(trendPoints),
        next: 0,
        filled: 0,
        last: { time: -Infinity, value: NaN, z: NaN, score: 0 },
        anomalies: 0,
      };
      asset.tags.set(reading.tag, state);
    }
    if (Number.isFinite(reading.value) && reading.time > state.last.time) {
      const point = state.scorer.update(reading.time, reading.value);
      state.times[state.next] = reading.time;
      state.values[state.next] = reading.value;
      state.next = (state.next + 1) % trendPoints;
      state.filled = Math.min(trendPoints, state.filled + 1);
      state.last = { time: reading.time, value: reading.value, z: point.z, score: point.score };
      state.unit = reading.unit;
      if (Math.abs(point.z) >= threshold) state.anomalies++;
    }
    return state;
  };

  return {
    update: (reading) => healthOf(observe(reading)),
    observe: (reading) => void observe(reading),
    list(filter = {}) {
      return [...assets.values()]
        .flatMap((ofFacility) => [...ofFacility.values()])
        .filter((a) => filter.facility === undefined || a.facility === filter.facility)
        .map(assetHealth)
        .sort((x, y) => x.facility.localeCompare(y.facility) || x.asset.localeCompare(y.asset));
    },
    get(facility, asset) {
      const a = assetOf(facility, asset);
      return a ? assetHealth(a) : undefined;
    },
    failureProbability(facility, asset, hours) {
      const a = assetOf(facility, asset);
      let survive = 1;
      for (const state of a?.tags.values() ?? []) {
        const { fit, log, limit } = fitOf(state);
        const raw = limit?.above ?? limit?.below;
        if (!fit || !limit || raw === undefined) continue;
        const target = log ? Math.log(Math.max(raw, 1e-12)) : raw;
        const up = limit.above !== undefined;
        const gap = up ? target - fit.last : fit.last - target;
        const rate = up ? fit.slope : -fit.slope;
        const p =
          gap <= 0
            ? 1
            : fit.se > 0
              ? 1 - normalCdf((gap / hours - rate) / fit.se)
              : rate * hours >= gap
                ? 1
                : 0;
        survive *= 1 - p;
      }
      return 1 - survive;
    },
  };
}

/**
 * Failure predictions for the simulator from asset health: for each asset with a failure limit, the probability
 * P that it fails within `horizonDays`; the failure window opens at the lower end of its RUL band (the lead time).
 *
 * @example toFailurePredictions(tracker, tracker.list(), { horizonDays: 30 })
 */
export function toFailurePredictions(
  tracker: AssetTracker,
  assets: readonly AssetHealth[],
  options: { horizonDays: number },
): FailurePrediction[] {
  const H = options.horizonDays;
  if (!(H > 0)) throw new SpcError('SPC_BAD_OPTION', `horizonDays must be positive; got ${H}`);
  const out: FailurePrediction[] = [];
  for (const a of assets) {
    if (!a.rul) continue;
    const probability = tracker.failureProbability(a.facility, a.asset, H * 24);
    const lead = Math.min(a.rul.lower / 24, H * 0.999);
    out.push({
      facility: a.facility,
      ...definedFields({ process: a.process }),
      probability,
      horizonDays: H - lead,
      leadDays: lead,
    });
  }
  return out;
}

/**
 * The simulator's disruption options for predicted failures: `{ outages: { predicted: [...] } }`, one entry per
 * prediction, so a Monte Carlo run draws each failure with its probability inside its window (src/simulate/options.ts).
 *
 * @example simulate(model, { ...toOutageOptions(predictions).outages ... })
 */
export function toOutageOptions(
  predictions: readonly FailurePrediction[],
  options: { durationDays?: number } = {},
): {
  outages: {
    predicted: {
      facility: string;
      probability: number;
      leadDays: number;
      horizonDays: number;
      durationDays?: number;
    }[];
  };
} {
  return {
    outages: {
      predicted: predictions
        .filter((p) => p.probability > 0)
        .map((p) => ({
          facility: p.facility,
          probability: p.probability,
          leadDays: p.leadDays ?? 0,
          horizonDays: p.horizonDays,
          ...definedFields({ durationDays: options.durationDays }),
        })),
    },
  };
}
