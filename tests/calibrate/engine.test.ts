/**
 * The calibration engine on a hand-made model and plan (tests/calibrate/fixtures.ts): each compute
 * kind against a value worked out by hand, tolerances, bounds, a failing figure and a departure.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  CALIBRATION_CODES,
  calibrate,
  computeFigure,
  createComputeContext,
  parseCalibration,
  withinTolerance,
  type CalibrationFile,
  type Compute,
} from '../../src/calibrate/index.js';
import { calibrationModel, calibrationResult } from './fixtures.js';

const model = calibrationModel();
const ctx = createComputeContext({ base: model, planned: model, result: calibrationResult() });
const value = (compute: Record<string, unknown>): unknown => {
  const computed = computeFigure(ctx, compute as Compute);
  return 'value' in computed ? computed.value : computed;
};
const defaults = { basis: 'reo', by: 'country' };

describe('compute kinds', () => {
  it('share: CN mines 600 of 1,000 t REO; MM holds 40 of 48 t Dy; operator CNRE 600 of 1,000', () => {
    expect(value({ kind: 'share', stage: 'mining', holder: 'CN', ...defaults })).toBeCloseTo(60, 9);
    expect(
      value({ kind: 'share', stage: 'mining', elements: ['Dy'], holder: 'MM', ...defaults }),
    ).toBeCloseTo((100 * 40) / 48, 9);
    expect(
      value({ kind: 'share', stage: 'mining', ...defaults, by: 'operator', holder: 'CNRE' }),
    ).toBeCloseTo(60, 9);
    // Separated Nd: CN 300, AU 100 t.
    expect(
      value({ kind: 'share', stage: 'separation', elements: ['Nd'], holder: 'CN', ...defaults }),
    ).toBeCloseTo(75, 9);
  });

  it('share of finished magnets counts magnets only (200 of 300 t), not scrap (280 of 380 t)', () => {
    const magnets = { kind: 'share', stage: 'magnet', holder: 'CN', ...defaults, basis: 'tonnes' };
    expect(value({ ...magnets, materialKinds: ['magnet'] })).toBeCloseTo((100 * 200) / 300, 9);
    expect(value(magnets)).toBeCloseTo((100 * 280) / 380, 9);
  });

  it('hhi: shares 60/20/20 → 3,600 + 400 + 400 = 4,400', () => {
    expect(value({ kind: 'hhi', stage: 'mining', ...defaults })).toBeCloseTo(4400, 6);
  });

  it('tonnage: horizon totals over half a year, so t a year = total × 2', () => {
    expect(value({ kind: 'tonnage', stage: 'mining', country: 'CN', basis: 'reo' })).toBeCloseTo(1200, 9);
    expect(value({ kind: 'tonnage', stage: 'mining', operator: 'CNRE', basis: 'reo' })).toBeCloseTo(1200, 9);
    expect(value({ kind: 'tonnage', stage: 'mining', facility: 'mine-mm', basis: 'tonnes' })).toBeCloseTo(
      800,
      9,
    );
    expect(
      value({ kind: 'tonnage', stage: 'magnet', materialKinds: ['magnet'], basis: 'tonnes' }),
    ).toBeCloseTo(600, 9);
    expect(
      value({ kind: 'tonnage', stage: 'separation', country: 'CN', elements: ['Dy'], basis: 'reo' }),
    ).toBeCloseTo(60, 9);
  });

  it('composition: Ce is 50% of mine-nm ore, La–Nd 99%', () => {
    expect(
      value({ kind: 'composition', stage: 'mining', facility: 'mine-nm', elements: ['Ce'] }),
    ).toBeCloseTo(50, 9);
    expect(
      value({
        kind: 'composition',
        stage: 'mining',
        facility: 'mine-nm',
        elements: ['La', 'Ce', 'Pr', 'Nd'],
      }),
    ).toBeCloseTo(99, 9);
  });

  it('import reliance: JP makes 100 t of magnets and imports 100 t → 50%; MM exports all its clay → net exporter', () => {
    expect(value({ kind: 'import-reliance', jurisdiction: 'JP', materials: ['magnet'] })).toBeCloseTo(50, 9);
    expect(
      computeFigure(ctx, { kind: 'import-reliance', jurisdiction: 'MM', materialKind: 'concentrate' }),
    ).toEqual({
      value: 0,
      note: 'net exporter',
    });
    expect(computeFigure(ctx, { kind: 'import-reliance', jurisdiction: 'AU', materials: ['ore'] })).toEqual({
      value: 0,
      note: 'no imports or exports in the plan',
    });
  });

  it('price, quota and export-control list come from the model and its scenario', () => {
    expect(value({ kind: 'price', material: 'Dy-oxide' })).toBe(200_000);
    expect(value({ kind: 'quota', policy: 'q-cn' })).toBe(1000);
    expect(value({ kind: 'export-control', scenario: 'dy-ban', policy: 'ban-dytb' })).toEqual(['Tb', 'Dy']);
  });

  it('trade flow: MM → CN 400 t clay (200 t REO) a half-year → 400 t REO a year; CN magnets out 200 t a year', () => {
    expect(value({ kind: 'trade-flow', from: 'MM', to: 'CN', basis: 'reo' })).toBeCloseTo(400, 9);
    expect(value({ kind: 'trade-flow', from: 'CN', materialKinds: ['magnet'], basis: 'tonnes' })).toBeCloseTo(
      200,
      9,
    );
    expect(value({ kind: 'trade-flow', from: 'CN', to: 'JP', basis: 'reo' })).toBeCloseTo(60, 9);
    expect(value({ kind: 'trade-flow', from: 'JP', basis: 'reo' })).toBe(0);
  });

  it('end-use share: Nd in magnets 120 of 220 t REO; NEV 200 of 400 t of magnets', () => {
    expect(value({ kind: 'end-use-share', elements: ['Nd'], sectors: ['NEV', 'wind'] })).toBeCloseTo(
      (100 * 120) / 220,
      9,
    );
    expect(value({ kind: 'end-use-share', materials: ['magnet'], sectors: ['NEV'] })).toBeCloseTo(50, 9);
  });

  it('an unknown reference is missing, with a suggestion', () => {
    expect(
      computeFigure(ctx, { kind: 'share', stage: 'mining', holder: 'JPN', by: 'country', basis: 'reo' }),
    ).toEqual({
      missing: { field: ['holder'], message: "unknown jurisdiction 'JPN'", fix: "did you mean 'JP'?" },
    });
    expect(computeFigure(ctx, { kind: 'quota', policy: 'q-cm' })).toMatchObject({
      missing: { field: ['policy'], fix: "did you mean 'q-cn'?" },
    });
  });
});

describe('tolerances', () => {
  it('points are absolute, percent relative; bounds are one-sided', () => {
    expect(withinTolerance(69.4, 69.2, 'within', { points: 0.2 })).toBe(true);
    expect(withinTolerance(69.5, 69.2, 'within', { points: 0.2 })).toBe(false);
    expect(withinTolerance(10_500, 10_000, 'within', { percent: 5 })).toBe(true);
    expect(withinTolerance(10_501, 10_000, 'within', { percent: 5 })).toBe(false);
    expect(withinTolerance(98, 95, 'at-least', undefined)).toBe(true);
    expect(withinTolerance(94.9, 95, 'at-least', undefined)).toBe(false);
    expect(withinTolerance(176_020, 176_020, 'at-most', undefined)).toBe(true);
  });
});

const TABLE = `figures:
- {id: cn-mining, label: CN mining share, published: 61, unit: '%', tolerance: {points: 2}, source: S1,
   compute: {kind: share, stage: mining, holder: CN}}
- {id: magnets-cn, label: CN magnets, published: 94, unit: '%', tolerance: {points: 3}, source: S2,
   compute: {kind: share, stage: magnet, materialKinds: [magnet], basis: tonnes, holder: CN}}
- {id: magnets-cn-departure, label: CN magnets, published: 94, unit: '%', tolerance: {points: 3}, source: S2,
   compute: {kind: share, stage: magnet, materialKinds: [magnet], basis: tonnes, holder: CN},
   departure: the model leaves out bonded magnets}
- {id: lree, label: La-Nd, published: 95, comparison: at-least, unit: '%', source: S3,
   compute: {kind: composition, stage: mining, facility: mine-nm, elements: [La, Ce, Pr, Nd]}}
- {id: ban, label: list, published: [DyTb], unit: elements, source: S4,
   compute: {kind: export-control, scenario: dy-ban, policy: ban-dytb}}
`;

describe('calibrate', () => {
  it('passes, fails and departs figure by figure, and counts them', async () => {
    const { table, issues } = await parseCalibration(TABLE, 'calibration.yaml');
    expect(issues).toEqual([]);
    const { report } = calibrate(table as CalibrationFile, {
      base: model,
      planned: model,
      result: calibrationResult(),
    });
    expect(report.figures.map((f) => [f.id, f.status])).toEqual([
      ['cn-mining', 'pass'],
      ['magnets-cn', 'fail'],
      ['magnets-cn-departure', 'departure'],
      ['lree', 'pass'],
      ['ban', 'pass'],
    ]);
    expect(report.figures[1]?.difference).toBeCloseTo((100 * 200) / 300 - 94, 9);
    expect(report.figures[4]?.published).toEqual(['Tb', 'Dy']);
    expect(report.counts).toEqual({ pass: 3, fail: 1, departure: 1 });
    expect(report.passed).toBe(false);
  });

  it('reports a figure naming what the model lacks as CALIBRATION_UNKNOWN_REF at its path', async () => {
    const text = TABLE.replace('holder: CN}}', 'holder: CX}}');
    const { table } = await parseCalibration(text, 'calibration.yaml');
    const { report, issues } = calibrate(table as CalibrationFile, {
      base: model,
      planned: model,
      result: calibrationResult(),
    });
    expect(issues).toMatchObject([
      {
        code: 'CALIBRATION_UNKNOWN_REF',
        path: ['figures', 0, 'compute', 'holder'],
        fix: "did you mean 'CN'?",
      },
    ]);
    expect(report.figures[0]?.status).toBe('fail');
    expect(report.figures[0]?.model).toBeUndefined();
  });
});

describe('codes', () => {
  it('every CALIBRATION_ code the engine and the command use is listed (docs/calibration.md shows the list)', () => {
    const files = [
      ...readdirSync('src/calibrate').map((f) => join('src/calibrate', f)),
      'src/cli/calibrate.ts',
    ].filter((f) => !f.endsWith('codes.ts'));
    const used = new Set(
      files.flatMap((f) =>
        [...readFileSync(f, 'utf8').matchAll(/'(CALIBRATION_[A-Z_]+)'/g)].map((m) => m[1] ?? ''),
      ),
    );
    expect(used.size).toBeGreaterThanOrEqual(6);
    expect([...used].filter((code) => !(code in CALIBRATION_CODES))).toEqual([]);
  });
});
