/** Quality charts of assays, SPC-based quality alerts, asset health and predicted outages for the simulator. */
import { describe, expect, it } from 'vitest';
import {
  alertRuleSchema,
  createAssetTracker,
  createOperateService,
  evaluateEvent,
  qualityChart,
  toAnalyteSpec,
  toFailurePredictions,
  toOutageOptions,
  validateTelemetry,
  type QualityMemory,
  type TelemetryEvent,
} from '../../src/monitor/index.js';
import { specificationSchema } from '../../src/model/index.js';
import { simulationOptionsSchema } from '../../src/simulate/options.js';
import { samplePredictedStart } from '../../src/simulate/disruptions/facility-outages.js';
import { openSqliteStore } from '../../src/store/index.js';

const T = Date.UTC(2026, 2, 10);
const HOUR = 3_600_000;
/** d2 for n = 2 as monitor/spc uses it: 2/√π = 1.12838 (tables round it to 1.128). */
const D2 = 2 / Math.sqrt(Math.PI);

function ok(raw: Record<string, unknown>): TelemetryEvent {
  const result = validateTelemetry(raw, { now: T + 1000 * HOUR });
  if (!result.ok) throw new Error(result.rejection.message);
  return result.event;
}
const assay = (i: number, value: number, material = 'Nd-oxide', analyte = 'purity'): TelemetryEvent =>
  ok({
    id: `a${i}`,
    kind: 'assay',
    facility: 'sep',
    time: T + i * HOUR,
    lot: `L${i}`,
    material,
    analyte,
    value,
    unit: '%',
  });
const reading = (i: number, value: number, asset = 'pump-1'): TelemetryEvent =>
  ok({
    id: `s${asset}${i}`,
    kind: 'sensor',
    facility: 'sep',
    time: T + i * HOUR,
    asset,
    tag: 'vibration-rms',
    value,
    unit: 'mm/s',
    process: 'separate',
  });

describe('qualityChart', () => {
  it('estimates individuals limits from the reference window, charts the rest, and names violations with their lots', () => {
    // Reference 10, 12, 11, 13, 12: x̄ = 11.6, MR = 2, 1, 2, 1 → MR̄ = 1.5, σ = 1.5/d2 = 1.3293; UCL = 11.6 + 3σ = 15.588.
    const points = [10, 12, 11, 13, 12, 16].map((value, i) => ({ time: T + i * HOUR, value, lot: `L${i}` }));
    const chart = qualityChart([...points].reverse(), {
      chart: 'imr',
      rules: 'nelson',
      reference: { points: 5 },
      spec: { lsl: 9, usl: 15 },
    });
    expect(chart.phase).toBe('I');
    expect(chart.reference).toEqual({ start: 0, end: 5, from: T, to: T + 4 * HOUR });
    expect(chart.limits.center).toBeCloseTo(11.6, 12);
    expect(chart.limits.sigma).toBeCloseTo(1.5 / D2, 12);
    expect(chart.series[0]?.points[5]?.ucl).toBeCloseTo(11.6 + (3 * 1.5) / D2, 10);
    expect(chart.violations).toEqual([
      {
        rule: 'nelson-1',
        description: 'one point beyond 3σ',
        statistic: 'x',
        index: 5,
        time: T + 5 * HOUR,
        points: [{ index: 5, time: T + 5 * HOUR, lot: 'L5' }],
      },
    ]);
    // Capability: mean of all six = 74/6, σ within = 1.3293, Cpk = min(15 − 12.333, 12.333 − 9)/(3σ) = 2.667/3.988 = 0.6687.
    expect(chart.capability?.cpk.value).toBeCloseTo((15 - 74 / 6) / ((3 * 1.5) / D2), 10);
  });

  it('monitors against frozen limits (phase II) and reports a coded error for a reference window without assays', () => {
    const points = [1, 2, 3].map((value, i) => ({ time: T + i, value }));
    expect(qualityChart(points, { chart: 'ewma', limits: { center: 2, sigma: 1 } }).phase).toBe('II');
    expect(() => qualityChart(points, { reference: { from: T + 10 } })).toThrow(
      expect.objectContaining({ code: 'SPC_BAD_RANGE' }),
    );
    expect(() => qualityChart(points, { chart: 'p' as 'imr' })).toThrow(
      expect.objectContaining({ code: 'SPC_BAD_OPTION' }),
    );
  });

  it("reads a material's analyte limits from the model's specifications", () => {
    const spec = specificationSchema.parse({
      id: 's',
      material: 'NdPr-metal',
      analytes: [{ analyte: 'Pr/TREM', min: 23, max: 27, target: 25 }],
    });
    expect(toAnalyteSpec([spec], 'NdPr-metal', 'Pr/TREM')).toEqual({
      specification: 's',
      unit: '%',
      lsl: 23,
      usl: 27,
      target: 25,
    });
    expect(toAnalyteSpec([spec], 'NdPr-metal', 'Fe')).toBeUndefined();
  });
});

describe('quality rule on monitor/spc', () => {
  it('raises one signal per run rule at the assay that completes the pattern, with the points, and clears it after', () => {
    // Frozen centre 10, σ 1; nine assays at 10.5 complete Nelson 2 at the ninth; 14 (z = 4) fires Nelson 1 as well.
    const rule = alertRuleSchema.parse({
      id: 'spc',
      kind: 'quality',
      analyte: 'purity',
      chart: 'imr',
      rules: '1,2',
      limits: { center: 10, sigma: 1 },
    });
    const memory: QualityMemory = new Map();
    const at = (i: number, value: number) => evaluateEvent([rule], assay(i, value), { now: T, memory });
    for (let i = 0; i < 8; i++)
      expect(at(i, 10.5).map((s) => [s.key, s.active])).toEqual([
        ['spc|sep|Nd-oxide|purity|nelson-1', false],
        ['spc|sep|Nd-oxide|purity|nelson-2', false],
      ]);
    const ninth = at(8, 10.5);
    expect(ninth[1]).toMatchObject({ active: true, rule: 'spc', subject: 'Nd-oxide|purity' });
    expect(ninth[1]?.message).toContain(
      'nelson-2 (nine points in a row on the same side of the centre line)',
    );
    expect(ninth[1]?.points?.map((p) => p.lot)).toEqual([
      'L0',
      'L1',
      'L2',
      'L3',
      'L4',
      'L5',
      'L6',
      'L7',
      'L8',
    ]);
    const high = at(9, 14);
    expect(high.map((s) => s.active)).toEqual([true, true]);
    expect(high[0]).toMatchObject({
      value: 14,
      limit: 13,
      points: [{ lot: 'L9', value: 14, time: T + 9 * HOUR }],
    });
    expect(at(10, 9).map((s) => s.active)).toEqual([false, false]);
  });

  it('takes spec limits from the model, and estimates limits from the first reference assays when none are given', () => {
    const spec = specificationSchema.parse({
      id: 's',
      material: 'Nd-oxide',
      analytes: [{ analyte: 'TREO', min: 99 }],
    });
    const rule = alertRuleSchema.parse({ id: 'q', kind: 'quality', chart: 'imr', reference: { points: 5 } });
    const memory: QualityMemory = new Map();
    const run = (i: number, value: number) =>
      evaluateEvent([rule], assay(i, value, 'Nd-oxide', 'TREO'), { now: T, memory, specifications: [spec] });
    // One-sided spec: no chart signals until five assays estimated the limits (x̄ = 99.5, MR̄ = 0.1 → σ = 0.1/d2 = 0.0886).
    expect(run(0, 99.5).map((s) => s.key)).toEqual(['q|sep|Nd-oxide|TREO|spec']);
    [99.6, 99.5, 99.4, 99.5].forEach((v, i) => run(i + 1, v));
    expect(memory.get('q|sep|Nd-oxide|TREO')?.limits?.center).toBeCloseTo(99.5, 12);
    expect(memory.get('q|sep|Nd-oxide|TREO')?.limits?.sigma).toBeCloseTo(0.1 / D2, 12);
    const low = run(6, 98.9);
    expect(low[0]).toMatchObject({ active: true, severity: 'critical', limit: 99 });
    expect(low.find((s) => s.key.endsWith('nelson-1'))?.active).toBe(true);
  });
});

describe('asset health', () => {
  it('fits the trend and predicts remaining life to the failure limit with a band', () => {
    // 3 + 0.5·h mm/s for h = 0…9: ŷ(9) = 7.5, slope 0.5/h, limit 11 → RUL (11 − 7.5)/0.5 = 7 h, exact fit so the band is [7, 7].
    const tracker = createAssetTracker({ failure: [{ asset: '*', tag: 'vibration-rms', above: 11 }] });
    for (let h = 0; h < 10; h++)
      tracker.update({
        facility: 'sep',
        asset: 'pump-1',
        tag: 'vibration-rms',
        value: 3 + 0.5 * h,
        unit: 'mm/s',
        time: T + h * HOUR,
        process: 'separate',
      });
    const [health] = tracker.list();
    expect(health).toMatchObject({
      facility: 'sep',
      asset: 'pump-1',
      process: 'separate',
      trend: 'rising',
      score: 0,
      anomalous: false,
    });
    expect(health?.rul?.hours).toBeCloseTo(7, 10);
    expect(health?.rul?.lower).toBeCloseTo(7, 10);
    expect(health?.rul?.at).toBeCloseTo(T + 16 * HOUR, 0);
    expect(tracker.failureProbability('sep', 'pump-1', 6.9)).toBe(0);
    expect(tracker.failureProbability('sep', 'pump-1', 7.1)).toBe(1);
    // A 30-day horizon: P = 1, the window opens at the lower band (7 h = 0.29 d).
    const predictions = toFailurePredictions(tracker, tracker.list(), { horizonDays: 30 });
    expect(predictions).toHaveLength(1);
    expect(predictions[0]?.probability).toBe(1);
    expect(predictions[0]?.leadDays).toBeCloseTo(7 / 24, 10);
    expect(predictions[0]?.horizonDays).toBeCloseTo(30 - 7 / 24, 10);
  });

  it('widens the band with noise and gives no RUL for a steady tag', () => {
    const tracker = createAssetTracker({ failure: [{ asset: 'pump-*', tag: 'vibration-rms', above: 11 }] });
    const noise = [0.2, -0.1, 0.15, -0.2, 0.05, -0.05, 0.1, -0.15, 0.2, -0.1];
    noise.forEach((e, h) =>
      tracker.update({
        facility: 'sep',
        asset: 'pump-1',
        tag: 'vibration-rms',
        value: 3 + 0.5 * h + e,
        unit: 'mm/s',
        time: T + h * HOUR,
      }),
    );
    noise.forEach((e, h) =>
      tracker.update({
        facility: 'sep',
        asset: 'pump-2',
        tag: 'vibration-rms',
        value: 3 + e,
        unit: 'mm/s',
        time: T + h * HOUR,
      }),
    );
    const rul = tracker.get('sep', 'pump-1')?.rul;
    expect(rul && rul.lower < rul.hours && rul.hours < (rul.upper ?? Infinity)).toBe(true);
    expect(tracker.get('sep', 'pump-2')).toMatchObject({ trend: 'steady', rul: null });
  });

  it('turns predictions into simulator options that draw the failure inside its window', () => {
    const options = simulationOptionsSchema.parse(
      toOutageOptions([{ facility: 'sep', probability: 0.5, horizonDays: 30, leadDays: 10 }], {
        durationDays: 5,
      }),
    );
    expect(options.outages.predicted).toEqual([
      { facility: 'sep', probability: 0.5, leadDays: 10, horizonDays: 30, durationDays: 5 },
    ]);
    // λ = ln 2/30; u = 0.25 → 10 + 30·ln(4/3)/ln 2 = 22.45 d; u ≥ P → no failure.
    expect(samplePredictedStart(0.25, { probability: 0.5, leadDays: 10, horizonDays: 30 })).toBeCloseTo(
      10 + (30 * Math.log(4 / 3)) / Math.log(2),
      10,
    );
    expect(samplePredictedStart(0.5, { probability: 0.5, leadDays: 10, horizonDays: 30 })).toBeUndefined();
  });
});

describe('operate service: maintenance alerts with lead time, state rebuilt on restore', () => {
  it('raises a remaining-life alert with its lead time, and a restarted service rebuilds the same health from the store', async () => {
    const store = openSqliteStore({ file: ':memory:', clock: () => T });
    const rules = [
      alertRuleSchema.parse({
        id: 'pumps',
        kind: 'maintenance',
        predict: { failure: { 'vibration-rms': { above: 11 } }, leadHours: 8 },
      }),
    ];
    const clock = () => T + 20 * HOUR;
    const operate = createOperateService({ store, clock, rules });
    for (let h = 0; h < 10; h++) await operate.ingest([reading(h, 3 + 0.5 * h)]);
    const open = await store.alerts.list({ status: 'open' });
    expect(open).toHaveLength(1);
    expect(open[0]).toMatchObject({
      rule: 'pumps',
      subject: 'pump-1|vibration-rms',
      limit: 8,
      facility: 'sep',
    });
    // RUL after h = 8 readings (ŷ = 7, 4/0.5 = 8 h) first reaches the 8 h lead; at h = 9 it is 7 h.
    expect(open[0]?.leadHours).toBeCloseTo(7, 10);
    expect(open[0]?.firstTime).toBe(T + 8 * HOUR);
    const restarted = createOperateService({ store, clock, rules });
    await restarted.restore({ sinceMs: 30 * HOUR });
    expect(restarted.assets.get('sep', 'pump-1')?.rul?.hours).toBeCloseTo(7, 10);
    expect(restarted.assets.list()).toEqual(operate.assets.list());
    await store.close();
  });
});
