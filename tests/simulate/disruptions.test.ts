import { describe, expect, it } from 'vitest';
import { createSimulator, type RunSummary } from '../../src/simulate/simulate.js';
import { checkRun } from '../../src/simulate/invariants.js';
import { toSteps } from '../../src/simulate/disruptions/schedule.js';
import type { SimulationOptionsInput } from '../../src/simulate/options.js';
import type { Trace } from '../../src/simulate/state.js';
import type { Model } from '../../src/model/index.js';
import { chainModel, traced } from './helpers.js';

// The one-mine chain of helpers.ts unless a test says otherwise: 1 t/day mined in CN, one road route
// with a 1-day lead time, 1 t/day demanded in JP, no buffer at the consumer; pro-rata allocation
// (no plan). Days are measured steps (day 0 = 1 January 2026).

/** The measured steps on which a demand was short, with the tonnes short (rounded to 1e-9). */
function shortDays(trace: Trace): [number, number][] {
  return trace.served
    .filter((s) => s.required - s.tonnes > 1e-9)
    .map((s) => [s.step - trace.start, Math.round((s.required - s.tonnes) * 1e9) / 1e9]);
}

/** The measured steps on which nothing departed, between the first and the last departure. */
function daysWithoutDepartures(trace: Trace): number[] {
  const departed = new Set(trace.shipments.map((s) => s.step - trace.start));
  const days = [...departed].sort((a, b) => a - b);
  const first = days[0] ?? 0;
  return Array.from({ length: (days.at(-1) ?? 0) - first }, (_, i) => first + i).filter(
    (d) => !departed.has(d),
  );
}

/** Days from..to inclusive. */
const span = (from: number, to: number): number[] =>
  Array.from({ length: to - from + 1 }, (_, i) => from + i);

/** Runs one traced replication, checks it against the independent replay, and checks the same seed gives it again. */
function replayed(
  model: Model,
  options: SimulationOptionsInput,
  seed: number,
): RunSummary & { trace: Trace } {
  const run = traced(createSimulator(model, options), 0, seed);
  expect(checkRun(model, run.trace, { stepDays: options.step === 'week' ? 7 : 1 })).toEqual([]);
  expect(traced(createSimulator(model, options), 0, seed)).toEqual(run);
  return run;
}

describe('which steps a sampled event covers (toSteps)', () => {
  it('the steps whose midpoint the event covers: a 10-day event covers 10 daily steps wherever it starts', () => {
    // [13.3, 23.3) covers the midpoints 13.5 … 22.5; [13.6, 23.6) covers 14.5 … 23.5.
    expect(toSteps({ start: 13.3, duration: 10 }, 1)).toEqual([13, 23]);
    expect(toSteps({ start: 13.6, duration: 10 }, 1)).toEqual([14, 24]);
    // Weekly: days [10, 20) cover the midpoints of weeks 1 (day 10.5) and 2 (day 17.5).
    expect(toSteps({ start: 10, duration: 10 }, 7)).toEqual([1, 3]);
  });

  it('an event shorter than a step still covers one step', () => {
    expect(toSteps({ start: 3, duration: 1 }, 7)).toEqual([0, 1]);
    expect(toSteps({ start: 0.2, duration: 0.1 }, 1)).toEqual([0, 1]);
  });
});

describe('route closures on the one-route chain', () => {
  const closures = (extra: Record<string, unknown> = {}): SimulationOptionsInput => ({
    days: 365,
    routeClosures: { rate: 1, duration: { kind: 'fixed', value: 10 }, ...extra },
  });

  it('one 10-day closure: nothing departs for 10 days, so exactly 10 t and 10 days short, recovered in 10', () => {
    // Seed 2 samples one closure. Departures stop on days c … c+9; arrivals (1 day later) miss
    // c+1 … c+10, and the consumer has no buffer: 10 × 1 t short. On reopening the mine ships the
    // 10 t it made meanwhile, so nothing more is lost.
    const model = chainModel();
    const run = replayed(model, closures(), 2);
    expect(run.events).toEqual({ closures: 1 });
    const closed = daysWithoutDepartures(run.trace);
    expect(closed).toHaveLength(10);
    const c = closed[0] ?? NaN;
    expect(closed).toEqual(span(c, c + 9));
    expect(shortDays(run.trace)).toEqual(span(c + 1, c + 10).map((d) => [d, 1]));
    expect(run.required[0]).toBeCloseTo(365, 9);
    expect(365 - (run.served[0] ?? 0)).toBeCloseTo(10, 9);
    expect(run.daysShort[0]).toBe(10);
    expect(run.timeToRecover[0]).toBe(10);
    expect(run.recovered[0]).toBe(true);
  });

  it('later closures cost nothing: the 10 t shipped on reopening stay at the consumer as cover', () => {
    // Seed 4 samples four 10-day closures, at least 10 days apart. After the first, the consumer
    // holds the 10 t backlog (pro-rata orders up to 30 days of need); each later closure draws it
    // down to 0 and the backlog shipped on reopening refills it. Still 10 t and 10 days short.
    const model = chainModel();
    const run = replayed(model, closures(), 4);
    expect(run.events).toEqual({ closures: 4 });
    expect(daysWithoutDepartures(run.trace)).toHaveLength(40);
    expect(365 - (run.served[0] ?? 0)).toBeCloseTo(10, 9);
    expect(run.daysShort[0]).toBe(10);
  });

  it('weekly steps: a 14-day closure closes exactly two weeks, so two weeks of 7 t are short (14 t, 14 days)', () => {
    // 364 days = 52 weekly steps; the 1-day lead time is one step. Seed 2 samples one closure.
    const model = chainModel();
    const run = replayed(
      model,
      { days: 364, step: 'week', routeClosures: { rate: 1, duration: { kind: 'fixed', value: 14 } } },
      2,
    );
    expect(run.events).toEqual({ closures: 1 });
    const closed = daysWithoutDepartures(run.trace);
    const c = closed[0] ?? NaN;
    expect(closed).toEqual([c, c + 1]);
    expect(shortDays(run.trace)).toEqual([
      [c + 1, 7],
      [c + 2, 7],
    ]);
    expect(364 - (run.served[0] ?? 0)).toBeCloseTo(14, 9);
    expect(run.daysShort[0]).toBe(14);
  });

  it('closes only the routes and modes it is given; the same draws apply when the route is eligible', () => {
    const model = chainModel();
    const all = replayed(model, closures(), 2);
    const sea = createSimulator(model, closures({ modes: ['sea'] })).run(0, 2);
    expect(sea.events).toEqual({});
    expect(sea.served[0]).toBeCloseTo(365, 9);
    expect(
      traced(createSimulator(model, closures({ modes: ['road'], routes: ['mine->maker'] })), 0, 2),
    ).toEqual(all);
  });
});

describe('demand surges', () => {
  // The mine makes 1.2 t/day (438 t/yr) and sells what the consumer does not order; the consumer
  // orders one day of need (coverDays 1), so it holds no buffer and receives yesterday's order.
  const model = chainModel({
    facilities: [
      {
        id: 'mine',
        jurisdiction: 'CN',
        processes: [{ id: 'mine', stage: 'mining', outputs: { dy: 1 }, capacity: 438 }],
      },
      { id: 'maker', jurisdiction: 'JP', kind: 'consumer' },
    ],
    sinks: [{ node: 'mine', material: 'dy', kind: 'sell' }],
  });
  const surge = (coverDays: number): SimulationOptionsInput => ({
    days: 365,
    coverDays,
    demandSurges: { rate: 1, multiplier: { min: 1.5, max: 1.5 }, duration: { kind: 'fixed', value: 14 } },
  });

  it('+50% for 14 days against capacity for +20%: 0.5 t short on the first day, then 0.3 t a day: 4.4 t', () => {
    // Seed 1 samples one surge, on days s … s+13 (1.5 t/day required: 7 t more than 365).
    // Day s: today's 1 t arrival was ordered yesterday, before the surge → 0.5 t short. From day
    // s on the mine ships all it makes (1.2 t), arriving a day later: days s+1 … s+13 get 1.2 of
    // 1.5 → 0.3 t short each. Total 0.5 + 13 × 0.3 = 4.4 t on 14 days; day s+14 needs 1 t again.
    const run = replayed(model, surge(1), 1);
    expect(run.events).toEqual({ surges: 1 });
    const surged = run.trace.served.filter((s) => s.required > 1 + 1e-9).map((s) => s.step - run.trace.start);
    const s = surged[0] ?? NaN;
    expect(surged).toEqual(span(s, s + 13));
    expect(run.required[0]).toBeCloseTo(365 + 14 * 0.5, 9);
    expect(shortDays(run.trace)).toEqual([[s, 0.5], ...span(s + 1, s + 13).map((d) => [d, 0.3])]);
    expect((run.required[0] ?? 0) - (run.served[0] ?? 0)).toBeCloseTo(4.4, 9);
    expect(run.daysShort[0]).toBe(14);
    expect(run.timeToRecover[0]).toBe(14);
  });

  it('with 30 days of cover the consumer’s buffer absorbs the 7 t extra: nothing short', () => {
    // Ordering up to 30 days of need, the consumer holds ≈ 29 t (30 less the 1 t in transit) when
    // the surge starts, far more than the 14 × 0.3 t the mine cannot supply.
    const run = replayed(model, surge(30), 1);
    expect(run.events).toEqual({ surges: 1 });
    expect(run.required[0]).toBeCloseTo(372, 9);
    expect(run.served[0]).toBeCloseTo(372, 9);
    expect(run.daysShort[0]).toBe(0);
  });
});

describe('dependent recovery', () => {
  // A power plant (no processes of its own) fails with certainty on day 31 for 10 days: a
  // predicted failure with probability 1 starts exactly at its lead, so the window is days 31–40.
  // The mine depends on it; with no buffer anywhere, each day the mine is down is 1 t short a day later.
  const facilities = (...extra: Record<string, unknown>[]) => [
    ...extra,
    { id: 'power', jurisdiction: 'CN', kind: 'hub' },
    {
      id: 'mine',
      jurisdiction: 'CN',
      processes: [{ id: 'mine', stage: 'mining', outputs: { dy: 1 }, capacity: 365 }],
    },
    { id: 'maker', jurisdiction: 'JP', kind: 'consumer' },
  ];
  const model = chainModel({ facilities: facilities() });
  const failure = {
    predicted: [{ facility: 'power', probability: 1, leadDays: 31, horizonDays: 1, durationDays: 10 }],
  };
  const options = (recovery: SimulationOptionsInput['recovery']): SimulationOptionsInput => ({
    days: 120,
    outages: failure,
    recovery,
  });

  it('a facility with nothing depending on it costs nothing when it fails', () => {
    const run = replayed(model, options({}), 1);
    expect(run.events).toEqual({ 'predicted-outages': 1, 'outage-days': 10 });
    expect(run.served[0]).toBeCloseTo(120, 9);
  });

  it('the dependent is down until its upstream recovers plus its own lag: days 31–45, 15 t short on days 32–46', () => {
    const run = replayed(
      model,
      options({ dependencies: [{ facility: 'mine', on: 'power', lagDays: 5 }] }),
      1,
    );
    expect(run.events).toEqual({ 'predicted-outages': 1, 'outage-days': 10, 'dependent-outages': 1 });
    const made = new Set(run.trace.production.map((p) => p.step - run.trace.start));
    expect(span(0, 119).filter((d) => !made.has(d))).toEqual(span(31, 45));
    expect(shortDays(run.trace)).toEqual(span(32, 46).map((d) => [d, 1]));
    expect(120 - (run.served[0] ?? 0)).toBeCloseTo(15, 9);
    expect(run.daysShort[0]).toBe(15);
    expect(run.timeToRecover[0]).toBe(15);
  });

  it('lags add up along a chain: power → acid (+3 days) → mine (+5 days) keeps the mine down on days 31–48', () => {
    const chained = chainModel({ facilities: facilities({ id: 'acid', jurisdiction: 'CN', kind: 'hub' }) });
    const run = replayed(
      chained,
      options({
        dependencies: [
          { facility: 'mine', on: 'acid', lagDays: 5 },
          { facility: 'acid', on: 'power', lagDays: 3 },
        ],
      }),
      1,
    );
    expect(run.events['dependent-outages']).toBe(2);
    // Power back on day 41, acid on 44, the mine on 49; arrivals miss days 32–49.
    expect(shortDays(run.trace)).toEqual(span(32, 49).map((d) => [d, 1]));
    expect(run.daysShort[0]).toBe(18);
  });

  it('a cycle of dependencies is not followed round: mine ↔ power still keeps the mine down 15 days, not more', () => {
    // Power's window (31–40) takes the mine down until 45; the mine's dependent window must not
    // take power down again (until 50), and that the mine again (until 55), … for every facility.
    const cycle = [
      { facility: 'mine', on: 'power', lagDays: 5 },
      { facility: 'power', on: 'mine', lagDays: 5 },
    ];
    const run = replayed(model, options({ dependencies: cycle }), 1);
    expect(run.events['dependent-outages']).toBe(1);
    expect(shortDays(run.trace)).toEqual(span(32, 46).map((d) => [d, 1]));
  });

  it('after its window the dependent ramps from 50% to full over 4 days: 0.5 + 0.375 + 0.25 + 0.125 = 1.25 t more', () => {
    // Availability on days 46–49: 0.5 + 0.5 × k/4 for k = 0…3 → 0.5, 0.625, 0.75, 0.875 t made and
    // shipped; short on days 47–50 by 1 − that.
    const run = replayed(
      model,
      options({ rampDays: 4, rampFrom: 0.5, dependencies: [{ facility: 'mine', on: 'power', lagDays: 5 }] }),
      1,
    );
    expect(
      run.trace.production
        .filter((p) => p.step - run.trace.start >= 46 && p.step - run.trace.start <= 49)
        .map((p) => p.activity),
    ).toEqual([0.5, 0.625, 0.75, 0.875]);
    expect(shortDays(run.trace)).toEqual([
      ...span(32, 46).map((d) => [d, 1]),
      [47, 0.5],
      [48, 0.375],
      [49, 0.25],
      [50, 0.125],
    ]);
    expect(120 - (run.served[0] ?? 0)).toBeCloseTo(16.25, 9);
    expect(run.daysShort[0]).toBe(19);
  });

  it('known outages of the model count too: power out all February (days 31–58) + 5 days keeps the mine down on days 31–63', () => {
    // The outages table, as a scenario writes it; arrivals miss days 32–64: 33 t short.
    const known = chainModel({
      facilities: facilities(),
      outages: [{ facility: 'power', start: '2026-02', end: '2026-02', availability: 0 }],
    });
    const run = replayed(
      known,
      { days: 120, recovery: { dependencies: [{ facility: 'mine', on: 'power', lagDays: 5 }] } },
      1,
    );
    expect(run.events).toEqual({ 'dependent-outages': 1 });
    expect(shortDays(run.trace)).toEqual(span(32, 64).map((d) => [d, 1]));
    expect(120 - (run.served[0] ?? 0)).toBeCloseTo(33, 9);
  });

  it('a facility ramps back after its own known outage: February at zero, then 0.5 … 0.875 on days 59–62 → 28 + 1.25 t short', () => {
    const own = chainModel({
      outages: [{ facility: 'mine', start: '2026-02', end: '2026-02', availability: 0 }],
    });
    const run = replayed(own, { days: 120, recovery: { rampDays: 4, rampFrom: 0.5 } }, 1);
    expect(shortDays(run.trace)).toEqual([
      ...span(32, 59).map((d) => [d, 1]),
      [60, 0.5],
      [61, 0.375],
      [62, 0.25],
      [63, 0.125],
    ]);
    expect(120 - (run.served[0] ?? 0)).toBeCloseTo(29.25, 9);
    expect(run.daysShort[0]).toBe(32);
  });
});

describe('the same seed gives the same run with every disruption at once', () => {
  it('identical summaries and traces from two simulators; another seed differs', () => {
    const model = chainModel({}, '3d');
    const options: SimulationOptionsInput = {
      days: 180,
      outages: { rate: 4, duration: { kind: 'exponential', mean: 6 } },
      routeClosures: { rate: 4 },
      demandSurges: { rate: 8 },
      recovery: { rampDays: 5 },
    };
    const run = replayed(model, options, 1);
    expect(run.events['outages']).toBeGreaterThan(0);
    expect(run.events['closures']).toBeGreaterThan(0);
    expect(run.events['surges']).toBeGreaterThan(0);
    const other = replayed(model, options, 2);
    expect(other.served).not.toEqual(run.served);
  });
});
