import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  alertRuleSchema,
  comparePlanToActual,
  createAlertBook,
  createLiveState,
  evaluateEvent,
  evaluateMissingData,
  evaluatePlanDeviation,
  fromTelemetryTopic,
  isPlainName,
  matchesSeries,
  parseTelemetryText,
  summarizeActuals,
  toTelemetryJson,
  toTelemetryTopic,
  validateTelemetry,
  type AggregateRow,
  type QualityMemory,
  type TelemetryEvent,
} from '../../src/monitor/index.js';
import type { Horizon } from '../../src/model/index.js';

const T = Date.UTC(2026, 2, 10, 12);
const horizon: Horizon = { start: '2026-01', periods: 3, step: 'month' };
const ok = (raw: Record<string, unknown>): TelemetryEvent => {
  const result = validateTelemetry(raw, { now: T + 1 });
  if (!result.ok) throw new Error(result.rejection.message);
  return result.event;
};

describe('telemetry schema', () => {
  it('normalises ISO times to epoch ms, defaults v to 1 and names topics', () => {
    const event = ok({
      id: 'e',
      kind: 'inventory',
      facility: 'hub',
      time: '2026-03-10T13:00:00+01:00',
      material: 'Nd-oxide',
      tonnes: 3,
    });
    expect(event).toEqual({
      v: 1,
      id: 'e',
      kind: 'inventory',
      facility: 'hub',
      time: T,
      material: 'Nd-oxide',
      tonnes: 3,
    });
    expect(toTelemetryTopic(event)).toBe('reeflow/v1/hub/inventory');
    expect(fromTelemetryTopic('reeflow/v1/hub/inventory')).toEqual({ facility: 'hub', kind: 'inventory' });
    expect(fromTelemetryTopic('reeflow/v2/hub/inventory')).toBeUndefined();
    expect(fromTelemetryTopic('reeflow/v1/hub/weather')).toBeUndefined();
  });

  it('stores an event as the text it came from only when that text says the same', () => {
    const parse = (text: string): { event: TelemetryEvent; text?: string } => {
      const result = parseTelemetryText(text, { now: T + 1 });
      if (!result.ok) throw new Error(result.rejection.message);
      return result;
    };
    const stored = (parsed: { event: TelemetryEvent; text?: string }): string =>
      toTelemetryJson(parsed.event, parsed.text);
    const line = `{"v":1,"id":"s1","kind":"sensor","facility":"hub","time":${T},"asset":"p","tag":"rms","value":1.5,"unit":"mm/s"}`;
    expect(parse(line).text).toBe(line);
    expect(stored(parse(line))).toBe(line);
    // No v: the default is written out.
    const noVersion = parse(line.replace('"v":1,', ''));
    expect(noVersion.text).toBeUndefined();
    expect(stored(noVersion)).toBe(JSON.stringify(noVersion.event));
    expect(JSON.parse(stored(noVersion))).toMatchObject({ v: 1 });
    // An ISO time: stored as epoch ms.
    const iso = parse(line.replace(`"time":${T}`, `"time":"${new Date(T).toISOString()}"`));
    expect(iso.text).toBeUndefined();
    expect(JSON.parse(stored(iso))).toMatchObject({ time: T });
    // An event that was never text, or a copy of a parsed one, is serialised.
    const copy = { ...parse(line).event, value: 9 };
    expect(JSON.parse(toTelemetryJson(copy))).toMatchObject({ value: 9 });
    // A validated object carries no text.
    expect(validateTelemetry(JSON.parse(line), { now: T + 1 })).toEqual({
      ok: true,
      event: parse(line).event,
    });
  });

  it('takes as a name exactly what has no whitespace, /, #, +, control character or lone surrogate', () => {
    const reference = (text: string): boolean =>
      !/[\s/#+]/.test(text) && ![...text].some((c) => c.charCodeAt(0) < 0x20) && !/\p{Cs}/u.test(text);
    const chars = fc.constantFrom(
      'a',
      'Z',
      '0',
      '-',
      '_',
      '.',
      '|',
      '/',
      '#',
      '+',
      ' ',
      '\t',
      '\n',
      '\u0000',
      '\u001f',
      '\u007f',
      '\u0085',
      '\u00a0',
      '\u2028',
      '\u3000',
      '\ufeff',
      'ü',
      '稀',
      '\ud83d',
      '\ude00',
    );
    fc.assert(
      fc.property(
        fc.array(chars, { maxLength: 12 }).map((parts) => parts.join('')),
        (text) => isPlainName(text) === reference(text),
      ),
      { numRuns: 5000, seed: 11 },
    );
    fc.assert(
      fc.property(
        fc.string({ unit: 'binary', maxLength: 20 }),
        (text) => isPlainName(text) === reference(text),
      ),
      { numRuns: 5000, seed: 12 },
    );
    expect(['pump-3', 'sep-b', 'x'.repeat(3), 'ünï', 'pump-\ud83d\ude00'].every(isPlainName)).toBe(true);
    expect(
      ['a b', 'a/b', 'a#b', 'a+b', 'tab\there', 'nb\u00a0sp', 'ctl\u0001', 'lone\ud800', '\udc00low'].some(
        isPlainName,
      ),
    ).toBe(false);
  });

  it('rejects a newer version, an end before the start and unknown fields with codes', () => {
    const codes = [
      { id: 'a', v: 2, kind: 'inventory', facility: 'hub', time: T, material: 'm', tonnes: 1 },
      {
        id: 'b',
        kind: 'maintenance',
        facility: 'hub',
        time: T,
        asset: 'p',
        type: 'unplanned',
        start: T,
        end: T - 1,
      },
      { id: 'c', kind: 'inventory', facility: 'hub', time: T, material: 'm', tonnes: 1, colour: 'red' },
      { id: 'd', kind: 'sensor', facility: 'a/b', time: T, asset: 'p', tag: 't', value: 1, unit: 'u' },
    ].map((raw) => {
      const result = validateTelemetry(raw, { now: T });
      return result.ok ? 'ok' : result.rejection.code;
    });
    expect(codes).toEqual([
      'TELEMETRY_UNSUPPORTED_VERSION',
      'TELEMETRY_INVALID',
      'TELEMETRY_INVALID',
      'TELEMETRY_INVALID',
    ]);
  });
});

describe('live state', () => {
  it('keeps the latest inventory and assay by source time, whatever the delivery order', () => {
    const live = createLiveState();
    live.applyAll([
      ok({ id: '2', kind: 'inventory', facility: 'hub', time: T - 1000, material: 'Nd-oxide', tonnes: 20 }),
      ok({ id: '1', kind: 'inventory', facility: 'hub', time: T - 5000, material: 'Nd-oxide', tonnes: 99 }),
      ok({
        id: '3',
        kind: 'assay',
        facility: 'sep',
        time: T - 1000,
        lot: 'L1',
        material: 'Nd-oxide',
        analyte: 'purity',
        value: 99.6,
        unit: '%',
      }),
      ok({
        id: '4',
        kind: 'assay',
        facility: 'sep',
        time: T - 9000,
        lot: 'L1',
        material: 'Nd-oxide',
        analyte: 'purity',
        value: 98.0,
        unit: '%',
      }),
    ]);
    const snapshot = live.snapshot(T);
    expect(snapshot.inventories).toEqual([
      { facility: 'hub', material: 'Nd-oxide', tonnes: 20, time: T - 1000 },
    ]);
    expect(snapshot.assays.map((a) => a.value)).toEqual([99.6]);
  });

  it('sums throughput over the window and tracks shipments in transit, even when the arrival comes first', () => {
    const live = createLiveState({ windowMs: 24 * 3_600_000 });
    const prod = (id: string, time: number, tonnes: number): TelemetryEvent =>
      ok({ id, kind: 'production', facility: 'mine', time, process: 'mine', material: 'conc', tonnes });
    // 10 t 30 h ago (outside the 24 h window), 6 t and 6 t within it: 12 t per day.
    live.applyAll([
      prod('p1', T - 30 * 3_600_000, 10),
      prod('p2', T - 5 * 3_600_000, 6),
      prod('p3', T - 3_600_000, 6),
    ]);
    const ship = (id: string, status: string, shipment: string, time: number): TelemetryEvent =>
      ok({
        id,
        kind: 'shipment',
        facility: 'mine',
        time,
        shipment,
        status,
        from: 'mine',
        to: 'sep',
        material: 'conc',
        tonnes: 40,
      });
    live.applyAll([
      ship('s1', 'departed', 'SH1', T - 7200_000),
      ship('s2', 'arrived', 'SH2', T - 100),
      ship('s3', 'departed', 'SH2', T - 9000_000),
    ]);
    const snapshot = live.snapshot(T);
    expect(snapshot.throughput).toEqual([
      {
        facility: 'mine',
        process: 'mine',
        material: 'conc',
        tonnes: 12,
        tonnesPerDay: 12,
        total: 22,
        lastTime: T - 3_600_000,
      },
    ]);
    expect(snapshot.inTransit.map((s) => s.shipment)).toEqual(['SH1']);
    expect(snapshot.lastSeen).toEqual([
      { facility: 'mine', kind: 'production', time: T - 3_600_000 },
      { facility: 'mine', kind: 'shipment', time: T - 100 },
    ]);
  });

  it('shows maintenance until it ends', () => {
    const live = createLiveState();
    live.apply(
      ok({
        id: 'm1',
        kind: 'maintenance',
        facility: 'sep',
        time: T - 60_000,
        asset: 'pump-3',
        type: 'unplanned',
        start: T - 60_000,
        process: 'separate',
      }),
    );
    expect(live.snapshot(T).maintenance).toMatchObject([
      { asset: 'pump-3', availability: 0, start: T - 60_000 },
    ]);
    live.apply(
      ok({
        id: 'm2',
        kind: 'maintenance',
        facility: 'sep',
        time: T - 1000,
        asset: 'pump-3',
        type: 'unplanned',
        start: T - 60_000,
        end: T - 1000,
      }),
    );
    expect(live.snapshot(T).maintenance).toEqual([]);
  });
});

describe('plan against actual', () => {
  it('rolls daily buckets into months and compares pro rata with the plan', () => {
    const day = (d: number): number => Date.UTC(2026, 2, d);
    const row = (
      facility: string,
      series: string,
      bucket: number,
      sum: number,
      last: number,
    ): AggregateRow => ({
      facility,
      series,
      bucket,
      count: 1,
      sum,
      min: sum,
      max: sum,
      avg: sum,
      last,
      lastTime: bucket + 3_600_000,
    });
    const actuals = summarizeActuals(horizon, [
      {
        kind: 'production',
        rows: [
          row('mine', 'mine|conc', day(1), 100, 100),
          row('mine', 'mine|conc', day(2), 140, 140),
          row('mine', 'mine|conc', Date.UTC(2025, 11, 31), 999, 999),
        ],
      },
      {
        kind: 'inventory',
        rows: [row('hub', 'Nd-oxide', day(2), 50, 30), row('hub', 'Nd-oxide', day(1), 80, 80)],
      },
      {
        kind: 'shipment',
        rows: [
          row('mine', 'departed|conc|sep', day(1), 60, 60),
          row('sep', 'arrived|conc|sep', day(2), 60, 60),
        ],
      },
    ]);
    expect(actuals.map((a) => [a.facility, a.measure, a.item, a.period, a.tonnes])).toEqual([
      ['mine', 'production', 'mine|conc', '2026-03', 240],
      ['hub', 'inventory', 'Nd-oxide', '2026-03', 30],
      ['mine', 'shipment', 'conc|sep', '2026-03', 60],
    ]);
    const plan = {
      production: [
        {
          process: 'mine/mine',
          facility: 'mine',
          stage: 'mining',
          jurisdiction: 'X',
          country: 'X',
          material: 'conc',
          period: '2026-03',
          tonnes: 3100,
          reo: 0,
        },
      ],
      flows: [
        {
          route: 'mine->sep',
          from: 'mine',
          to: 'sep',
          material: 'conc',
          period: '2026-03',
          arrival: '2026-03',
          tonnes: 620,
          reo: 0,
          crossBorder: false,
        },
      ],
      inventories: [{ node: 'hub', material: 'Nd-oxide', period: '2026-03', tonnes: 25 }],
    };
    // As of 11 March 00:00: 10 of 31 days elapsed, so 3,100 × 10/31 = 1,000 t expected; 240 measured: −76%.
    const rows = comparePlanToActual(horizon, plan, actuals, { asOf: day(11) });
    expect(
      rows.map((r) => [r.facility, r.measure, r.expected, r.actual, r.deviation, r.deviationShare]),
    ).toEqual([
      ['hub', 'inventory', 25, 30, 5, 0.2],
      ['mine', 'production', 1000, 240, -760, -0.76],
      ['mine', 'shipment', 200, 60, -140, -0.7],
    ]);
    expect(
      evaluatePlanDeviation(
        [alertRuleSchema.parse({ id: 'dev', kind: 'plan-deviation', tolerance: 0.5 })],
        rows,
        day(11),
      ).map((s) => [s.key, s.active]),
    ).toEqual([['dev|mine|production|mine|conc|2026-03', true]]);
  });

  it('compares only what telemetry covers: nothing before its first event, no line it never reported (D2)', () => {
    const day = (d: number): number => Date.UTC(2026, 2, d);
    const plan = {
      production: [
        {
          process: 'mine/mine',
          facility: 'mine',
          stage: 'mining',
          jurisdiction: 'X',
          country: 'X',
          material: 'conc',
          period: '2026-02',
          tonnes: 2800,
          reo: 0,
        },
        {
          process: 'mine/mine',
          facility: 'mine',
          stage: 'mining',
          jurisdiction: 'X',
          country: 'X',
          material: 'conc',
          period: '2026-03',
          tonnes: 3100,
          reo: 0,
        },
        {
          process: 'sep/sep',
          facility: 'sep',
          stage: 'separation',
          jurisdiction: 'X',
          country: 'X',
          material: 'ox',
          period: '2026-03',
          tonnes: 900,
          reo: 0,
        },
      ],
      flows: [],
      inventories: [],
    };
    // No telemetry at all: a plan raises nothing (before, every planned line of every past period
    // read −100% and opened an alert).
    const rule = alertRuleSchema.parse({ id: 'dev', kind: 'plan-deviation', tolerance: 0.5 });
    expect(comparePlanToActual(horizon, plan, [], { asOf: day(11) })).toEqual([]);
    expect(evaluatePlanDeviation([rule], [], day(11))).toEqual([]);
    // The mine reports from 6 March: February is before it and not compared; March is expected
    // over the 5 covered days of 31 up to 11 March: 3,100 × 5/31 = 500 t. The separator never
    // reported: not compared.
    const actuals = summarizeActuals(horizon, [
      {
        kind: 'production',
        rows: [
          {
            facility: 'mine',
            series: 'mine|conc',
            bucket: day(6),
            count: 1,
            sum: 450,
            min: 450,
            max: 450,
            avg: 450,
            last: 450,
            lastTime: day(6) + 3_600_000,
          },
        ],
      },
    ]);
    const rows = comparePlanToActual(horizon, plan, actuals, { asOf: day(11) });
    expect(rows.map((r) => [r.facility, r.period, r.expected, r.actual])).toEqual([
      ['mine', '2026-03', 500, 450],
    ]);
    expect(rows[0]?.deviationShare).toBeCloseTo(-0.1, 12);
  });
});

/** The value, or a test failure when it is missing. */
function defined<T>(value: T | undefined): T {
  if (value === undefined) throw new Error('expected a value');
  return value;
}

describe('alert rules and book', () => {
  const threshold = alertRuleSchema.parse({
    id: 'vib',
    kind: 'threshold',
    event: 'sensor',
    series: 'pump-*|vibration',
    above: 7,
    severity: 'warning',
  });
  const reading = (id: string, value: number, time: number): TelemetryEvent =>
    ok({ id, kind: 'sensor', facility: 'sep', time, asset: 'pump-3', tag: 'vibration', value, unit: 'mm/s' });

  it('matches series patterns segment by segment', () => {
    expect(matchesSeries('*', 'a|b')).toBe(true);
    expect(matchesSeries('pump-3|*', 'pump-3|vibration')).toBe(true);
    expect(matchesSeries('*|vibration', 'pump-3|vibration')).toBe(true);
    expect(matchesSeries('*|vibration', 'pump-3|flow')).toBe(false);
    expect(matchesSeries('pump-*|vibration', 'pump-3|vibration')).toBe(false);
  });

  it('raises once, folds repeats in, escalates, is acknowledged, and resolves when the value returns', () => {
    const book = createAlertBook({ repeatIntervalMs: 60_000 });
    const rules = [
      alertRuleSchema.parse({ ...threshold, series: 'pump-3|vibration' }),
      alertRuleSchema.parse({
        id: 'vib-crit',
        kind: 'threshold',
        event: 'sensor',
        series: 'pump-3|vibration',
        above: 7,
        severity: 'critical',
      }),
    ];
    const memory: QualityMemory = new Map();
    const signalsOf = (event: TelemetryEvent) =>
      evaluateEvent([defined(rules[0])], event, { now: T, memory });
    const changes = [reading('r1', 8, T), reading('r2', 9, T + 1000), reading('r3', 9.5, T + 61_000)].flatMap(
      (e) => signalsOf(e).map((s) => book.apply(s)?.type ?? 'none'),
    );
    expect(changes).toEqual(['raised', 'none', 'repeated']);
    const [open] = book.open();
    expect(open).toMatchObject({
      rule: 'vib',
      count: 3,
      value: 9.5,
      limit: 7,
      firstTime: T,
      lastTime: T + 61_000,
      status: 'open',
    });
    expect(book.acknowledge(defined(open).id, 'ops', T + 62_000, 'checking')?.alert.acknowledged).toEqual({
      by: 'ops',
      at: T + 62_000,
      note: 'checking',
    });
    const escalated = book.apply({
      ...defined(evaluateEvent([defined(rules[1])], reading('r4', 10, T + 63_000), { now: T, memory })[0]),
      key: defined(open).key,
    });
    expect(escalated?.type).toBe('escalated');
    expect(escalated?.alert.acknowledged).toBeUndefined();
    const resolved = book.apply(defined(signalsOf(reading('r5', 3, T + 70_000))[0]));
    expect(resolved).toMatchObject({
      type: 'resolved',
      alert: { status: 'resolved', resolvedAt: T + 70_000 },
    });
    expect(book.open()).toEqual([]);
    // The same condition later is a new alert with a new id.
    expect(book.apply(defined(signalsOf(reading('r6', 8, T + 80_000))[0]))?.alert.id).not.toBe(
      defined(open).id,
    );
  });

  it('flags missing data per facility and clears it when events return', () => {
    const rule = alertRuleSchema.parse({
      id: 'quiet',
      kind: 'missing-data',
      event: 'production',
      minutes: 30,
      facilities: ['mine', 'sep'],
    });
    const seen = new Map([
      ['mine\u0000production', T - 45 * 60_000],
      ['sep\u0000production', T - 10 * 60_000],
    ]);
    expect(evaluateMissingData([rule], seen, T).map((s) => [s.facility, s.active, s.value])).toEqual([
      ['mine', true, 45],
      ['sep', false, 10],
    ]);
  });

  it('flags an out-of-spec assay at once and a slow drift through the EWMA', () => {
    // Spec 99.0–100.0 % → target 99.5, σ = 1/6; EWMA λ = 0.2, L = 3: half-width after n points 0.5·√(0.2/1.8·(1 − 0.64ⁿ)).
    // Values fall 0.05 per lot: z₇ = 99.3476 (|z − 99.5| = 0.152 < 0.163), z₈ = 99.3081 (0.192 > 0.164): the 8th lot signals.
    const rule = alertRuleSchema.parse({
      id: 'purity',
      kind: 'quality',
      material: 'Nd-oxide',
      analyte: 'purity',
      lsl: 99.0,
      usl: 100.0,
    });
    const memory: QualityMemory = new Map();
    const assay = (i: number, value: number): TelemetryEvent =>
      ok({
        id: `a${i}`,
        kind: 'assay',
        facility: 'sep',
        time: T - 100_000 + i,
        lot: `L${i}`,
        material: 'Nd-oxide',
        analyte: 'purity',
        value,
        unit: '%',
      });
    const drift = [99.5, 99.45, 99.4, 99.35, 99.3, 99.25, 99.2, 99.15, 99.1].map((v, i) =>
      evaluateEvent([rule], assay(i, v), { now: T, memory }),
    );
    expect(drift.map((signals) => signals.map((s) => s.active))).toEqual([
      [false, false],
      [false, false],
      [false, false],
      [false, false],
      [false, false],
      [false, false],
      [false, false],
      [false, true],
      [false, true],
    ]);
    expect(evaluateEvent([rule], assay(99, 98.7), { now: T, memory })[0]).toMatchObject({
      active: true,
      severity: 'critical',
      limit: 99.0,
    });
  });
});
