/** GET /v1/specifications and /v1/quality/charts, and drifting assays posted over HTTP becoming SPC alerts. */
import { afterEach, describe, expect, it } from 'vitest';
import { createModelRegistry } from '../../src/server/models.js';
import { bodyOf, createTestApp } from './helpers.js';
import { NOW } from './telemetry-helpers.js';
import { createQualityApp, postEvents, twoBaseSpecifications, type QualityApp } from './quality-helpers.js';

let current: QualityApp | undefined;
afterEach(async () => {
  await current?.close();
  current = undefined;
});
const HOUR = 3_600_000;
const assay = (i: number, value: number, analyte = 'Nd2O3/TREO') => ({
  id: `a-${analyte}-${i}`,
  kind: 'assay',
  facility: 'sep-b',
  time: NOW - (40 - i) * HOUR,
  lot: `L${i}`,
  material: 'Nd-oxide',
  analyte,
  value,
  unit: '%',
});
/** Ten in-control reference assays (mean 99.80, MR̄ = 0.24/9, σ = MR̄/d2 = 0.02363, LCL = 99.729), then a drift down by 0.02 per lot. */
const REFERENCE = [99.8, 99.82, 99.78, 99.81, 99.79, 99.8, 99.83, 99.77, 99.8, 99.8];
const DRIFT = [99.78, 99.76, 99.74, 99.72, 99.7];
const chartUrl = (query: string) =>
  `/v1/quality/charts?facility=sep-b&material=Nd-oxide&analyte=Nd2O3%2FTREO&${query}`;

describe('GET /v1/specifications', () => {
  it("lists a model's specifications, the served ones by default, and answers unknown or broken models with codes", async () => {
    const specifications = await twoBaseSpecifications();
    const { app } = (current = await createQualityApp({ specifications }));
    const named = bodyOf(await app.inject({ url: '/v1/specifications?model=two-base' }));
    expect(named['model']).toBe('two-base');
    expect((named['specifications'] as { id: string }[]).map((s) => s.id)).toEqual([
      'nd-oxide-995',
      'pr-oxide-995',
      'ndpr-metal',
    ]);
    expect(bodyOf(await app.inject({ url: '/v1/specifications' }))['specifications']).toEqual(specifications);
    expect(
      bodyOf(await app.inject({ url: '/v1/specifications?model=binding-quota' }))['specifications'],
    ).toEqual([]);
    const missing = await app.inject({ url: '/v1/specifications?model=atlantis' });
    expect([missing.statusCode, bodyOf(missing)['code']]).toEqual([404, 'MODEL_NOT_FOUND']);
  });

  it('answers 422 MODEL_INVALID for a model with errors', async () => {
    const models = createModelRegistry([]);
    models.add(
      'broken',
      { issues: [{ code: 'X', severity: 'error', path: [], message: 'broken' }] },
      'uploaded',
    );
    const broken = createTestApp({ models });
    const response = await broken.inject({ url: '/v1/specifications?model=broken' });
    expect([response.statusCode, bodyOf(response)['code']]).toEqual([422, 'MODEL_INVALID']);
    await broken.close();
  });
});

describe('drifting assays over HTTP', () => {
  it('raise quality alerts that name the run rule and the assays, and a spec alert from the model specification', async () => {
    const specifications = await twoBaseSpecifications();
    const rules = [
      {
        id: 'ndo-spc',
        kind: 'quality' as const,
        material: 'Nd-oxide',
        analyte: 'Nd2O3/TREO',
        chart: 'imr' as const,
        rules: 'nelson',
        reference: { points: 10 },
      },
    ];
    const { app } = (current = await createQualityApp({ rules, specifications }));
    const posted = await postEvents(
      app,
      [...REFERENCE, ...DRIFT, 99.4].map((v, i) => assay(i, v)),
    );
    expect(bodyOf(posted)).toMatchObject({ accepted: 16, rejected: 0 });
    const alerts = bodyOf(await app.inject({ url: '/v1/alerts?status=open' }))['alerts'] as {
      key: string;
      message: string;
      rule: string;
      severity: string;
      points?: { lot: string }[];
    }[];
    const byRule = (suffix: string) =>
      alerts.find((a) => a.key === `ndo-spc|sep-b|Nd-oxide|Nd2O3/TREO|${suffix}`);
    // Six decreasing assays (L9 = 99.80 … L14 = 99.70) complete Nelson 3 at L14; L13 = 99.72 < LCL 99.729 fires Nelson 1.
    // L15 = 99.4 continues the run, so the open alert now shows the latest six: L10 … L15.
    expect(byRule('nelson-3')?.message).toContain(
      'nelson-3 (six points in a row steadily increasing or decreasing)',
    );
    expect(byRule('nelson-3')?.points?.map((p) => p.lot)).toEqual(['L10', 'L11', 'L12', 'L13', 'L14', 'L15']);
    expect(byRule('nelson-1')?.rule).toBe('ndo-spc');
    // 99.4 is below the model's Nd2O3/TREO minimum 99.5 (specification nd-oxide-995).
    expect(byRule('spec')).toMatchObject({ severity: 'critical' });
    expect(byRule('spec')?.message).toContain('outside the specification [99.5, ∞]');
  });
});

describe('GET /v1/quality/charts', () => {
  it('charts stored assays with phase I limits, violations with their lots, and capability against the specification', async () => {
    const { app } = (current = await createQualityApp({ specifications: await twoBaseSpecifications() }));
    await postEvents(
      app,
      [...REFERENCE, ...DRIFT].map((v, i) => assay(i, v)),
    );
    const response = await app.inject({ url: chartUrl('reference=10&rules=1,3') });
    expect(response.statusCode).toBe(200);
    const chart = bodyOf(response) as {
      phase: string;
      limits: { center: number; sigma: number };
      count: number;
      specification: unknown;
      violations: { rule: string; index: number; points: { lot: string }[] }[];
      capability: { cpk: { value: number } };
      series: { statistic: string; points: { ucl: number }[] }[];
      reference: unknown;
    };
    expect(chart).toMatchObject({
      phase: 'I',
      count: 15,
      specification: { id: 'nd-oxide-995', lsl: 99.5 },
      reference: { start: 0, end: 10 },
    });
    const sigma = 0.24 / 9 / (2 / Math.sqrt(Math.PI));
    expect(chart.limits.center).toBeCloseTo(99.8, 10);
    expect(chart.limits.sigma).toBeCloseTo(sigma, 10);
    expect(chart.series[0]?.points[0]?.ucl).toBeCloseTo(99.8 + 3 * sigma, 10);
    expect(chart.violations.map((v) => [v.rule, v.index])).toEqual([
      ['nelson-1', 13],
      ['nelson-1', 14],
      ['nelson-3', 14],
    ]);
    // One-sided: Cpk = (x̄ − 99.5)/(3σ) over all 15 assays, x̄ = (998.00 + 498.70)/15.
    expect(chart.capability.cpk.value).toBeCloseTo(((998 + 498.7) / 15 - 99.5) / (3 * sigma), 8);
    const frozen = bodyOf(await app.inject({ url: chartUrl('center=99.8&sigma=0.1&chart=ewma&lambda=0.2') }));
    expect(frozen).toMatchObject({ phase: 'II', chart: 'ewma', limits: { center: 99.8, sigma: 0.1 } });
  });

  it('answers bad queries, unknown rules, missing data and degenerate references with codes', async () => {
    const { app } = (current = await createQualityApp());
    await postEvents(app, [assay(0, 5, 'Fe2O3'), assay(1, 5, 'Fe2O3'), assay(2, 5, 'Fe2O3')]);
    const codeOf = async (url: string) => {
      const response = await app.inject({ url });
      return [response.statusCode, bodyOf(response)['code']];
    };
    expect(await codeOf('/v1/quality/charts?material=Nd-oxide&analyte=TREO')).toEqual([
      400,
      'VALIDATION_FAILED',
    ]);
    expect(await codeOf(chartUrl('center=99'))).toEqual([400, 'VALIDATION_FAILED']);
    expect(await codeOf(chartUrl('chart=xbar-r'))).toEqual([400, 'VALIDATION_FAILED']);
    expect(await codeOf(chartUrl(''))).toEqual([404, 'NOT_FOUND']);
    const fe = '/v1/quality/charts?facility=sep-b&material=Nd-oxide&analyte=Fe2O3';
    expect(await codeOf(`${fe}&rules=nelson-9`)).toEqual([400, 'SPC_BAD_RULE']);
    expect(await codeOf(`${fe}&referenceFrom=${NOW}`)).toEqual([400, 'SPC_BAD_RANGE']);
    expect(await codeOf(fe)).toEqual([422, 'SPC_ZERO_VARIANCE']);
    expect(await codeOf(`${fe}&model=atlantis`)).toEqual([404, 'MODEL_NOT_FOUND']);
    const plain = createTestApp();
    const unavailable = await plain.inject({ url: chartUrl('') });
    expect([unavailable.statusCode, bodyOf(unavailable)['code']]).toEqual([503, 'UNAVAILABLE']);
    await plain.close();
  });
});
