import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  compareMetrics,
  createRiskNetwork,
  runMetrics,
  serviceMetrics,
  toComparableRun,
  type ComparableRun,
} from '../../src/risk/index.js';
import { runMonteCarlo } from '../../src/simulate/index.js';
import { run } from '../cli/run.js';
import { twoMines } from './simulation-fixtures.js';

const dist = (mean: number, p5: number, p50: number, p95: number) => ({ mean, p5, p50, p95 });
const demandRow = (demand: string, period: string, required: number, unmet: number) => ({
  demand,
  node: demand.split(':')[0],
  material: 'ox',
  period,
  required,
  served: required - unmet,
  substituted: 0,
  unmet,
});

/** A plan: jp:ox short 20 of 200 t, kr:ox served in full (100 t); cost 1,000 of which 200 unmet. */
const PLAN = {
  status: 'optimal',
  periods: ['2026-01', '2026-02'],
  flows: [],
  production: [],
  demand: [
    demandRow('jp:ox', '2026-01', 100, 20),
    demandRow('jp:ox', '2026-02', 100, 0),
    demandRow('kr:ox', '2026-01', 50, 0),
    demandRow('kr:ox', '2026-02', 50, 0),
  ],
  shortfall: [{ demand: 'jp:ox', node: 'jp', material: 'ox', tonnes: 20, share: 0.1, value: 200 }],
  costs: { total: 1000, unmet: 200 },
};

/** A simulation: distributions over runs as `reeflow simulate --out` writes them (no flows). */
const SIMULATION = {
  model: 'risk-tiny',
  runs: 100,
  seed: 1,
  days: 59,
  allocation: 'pro-rata',
  system: { fillRate: dist(0.8, 0.6, 0.82, 0.95), tonnesShort: dist(60, 15, 54, 120) },
  demands: [
    {
      demand: 'jp:ox',
      node: 'jp',
      material: 'ox',
      required: 200,
      fillRate: dist(0.75, 0.5, 0.8, 0.9),
      tonnesShort: dist(50, 20, 40, 100),
      daysShort: dist(3, 1, 3, 6),
      timeToRecover: dist(5, 0, 4, 12),
      recoveredShare: 1,
    },
    {
      demand: 'kr:ox',
      node: 'kr',
      material: 'ox',
      required: 100,
      fillRate: dist(0.9, 0.8, 0.9, 1),
      tonnesShort: dist(10, 0, 10, 20),
      daysShort: dist(1, 0, 1, 2),
      timeToRecover: dist(0, 0, 0, 0),
      recoveredShare: 1,
    },
  ],
  consumers: [],
  stockpiles: [],
  events: {},
  invariantViolations: 0,
  version: 'test',
};

const asRun = (value: unknown): ComparableRun => {
  const parsed = toComparableRun(value);
  if (!parsed) throw new Error('not a run');
  return parsed;
};
const pick = (rows: readonly Record<string, unknown>[], demand: string, statistic: string) =>
  rows.find((r) => r['demand'] === demand && r['statistic'] === statistic);

describe('plans and simulations side by side', () => {
  it("gives a plan's fill rate as a point distribution: jp 1 − 20/200 = 90%, system 1 − 20/300", () => {
    const [fill, short] = serviceMetrics(asRun(PLAN));
    expect(pick(fill?.values ?? [], 'jp:ox', 'p5')?.['value']).toBeCloseTo(0.9, 12);
    expect(pick(fill?.values ?? [], 'kr:ox', 'mean')?.['value']).toBe(1);
    expect(pick(fill?.values ?? [], '(system)', 'p95')?.['value']).toBeCloseTo(1 - 20 / 300, 12);
    expect(pick(short?.values ?? [], '(system)', 'mean')?.['value']).toBe(20);
  });

  it('differences per statistic: plan (a) against simulation (b)', () => {
    const [fill, short] = compareMetrics(runMetrics(asRun(PLAN)), runMetrics(asRun(SIMULATION)));
    // jp:ox mean 0.75 − 0.9 = −0.15; P5 0.5 − 0.9 = −0.4; system mean 0.8 − 14/15 = −2/15.
    expect(fill?.values.find((r) => r.key === 'demand=jp:ox statistic=mean')).toMatchObject({
      a: expect.closeTo(0.9, 12) as number,
      b: 0.75,
      value: expect.closeTo(-0.15, 12) as number,
    });
    expect(fill?.values.find((r) => r.key === 'demand=jp:ox statistic=p5')?.value).toBeCloseTo(-0.4, 12);
    expect(fill?.values.find((r) => r.key === 'demand=(system) statistic=mean')?.value).toBeCloseTo(
      -2 / 15,
      12,
    );
    // Tonnes short jp P95: 100 − 20 = 80; kr P50: 10 − 0 = 10.
    expect(short?.values.find((r) => r.key === 'demand=jp:ox statistic=p95')?.value).toBe(80);
    expect(short?.values.find((r) => r.key === 'demand=kr:ox statistic=p50')?.value).toBe(10);
  });

  it('computes output and HHI from a simulation’s flows with the model: CN 2 t/day, AU 1 t/day over 59 days', async () => {
    const model = twoMines();
    const result = await runMonteCarlo(
      { model, options: { days: 59, allocation: 'pro-rata' } },
      { runs: 2, seed: 1, flows: true },
    );
    const metrics = runMetrics({ kind: 'simulation', result }, createRiskNetwork(model));
    expect(metrics.map((m) => m.name)).toEqual([
      'fill-rate',
      'tonnes-short',
      'output',
      'hhi-by-jurisdiction',
      'hhi',
      'import-reliance',
    ]);
    const output = metrics.find((m) => m.name === 'output')?.values ?? [];
    expect(output.find((r) => r['jurisdiction'] === 'CN')?.value).toBeCloseTo(118, 9);
    expect(output.find((r) => r['jurisdiction'] === 'AU')?.value).toBeCloseTo(59, 9);
    expect(metrics.find((m) => m.name === 'hhi-by-jurisdiction')?.values[0]?.value).toBeCloseTo(
      50_000 / 9,
      6,
    );
    // Against itself nothing differs.
    for (const m of compareMetrics(metrics, metrics)) for (const r of m.values) expect(r.value).toBe(0);
  });
});

describe('reeflow compare with simulations', () => {
  const dir = mkdtempSync(join(tmpdir(), 'reeflow-compare-'));
  const plan = join(dir, 'plan.json');
  const sim = join(dir, 'sim.json');
  writeFileSync(plan, JSON.stringify(PLAN));
  writeFileSync(sim, JSON.stringify(SIMULATION));

  it('compares a plan with a simulation in JSON, naming what only one side has', async () => {
    const { code, stdout } = await run(['compare', plan, sim, '--json']);
    expect(code).toBe(0);
    const parsed = JSON.parse(stdout) as {
      kinds: string[];
      comparisons: { name: string; values: { key: string; a: number; b: number; value: number }[] }[];
      notCompared: string[];
    };
    expect(parsed.kinds).toEqual(['plan', 'simulation']);
    expect(parsed.comparisons.map((c) => c.name)).toEqual(['fill-rate (compare)', 'tonnes-short (compare)']);
    expect(parsed.comparisons[0]?.values.find((r) => r.key === 'demand=kr:ox statistic=p5')).toEqual({
      metric: 'fill-rate',
      key: 'demand=kr:ox statistic=p5',
      a: 1,
      b: 0.8,
      value: expect.closeTo(-0.2, 12) as number,
    });
    expect(parsed.notCompared).toEqual(['cost', 'shortfall', 'output', 'hhi-by-jurisdiction']);
  });

  it('compares two simulations as tables, and only changed rows with --changed', async () => {
    const { code, stdout } = await run(['compare', sim, sim, '--changed']);
    expect(code).toBe(0);
    expect(stdout).toContain('(simulation, base, 100 runs × 59 days, seed 1)');
    expect(stdout).toContain('fill-rate (%, b − a in percentage points): no change in 12 rows');
  });

  it('refuses a file that is neither kind with RESULT_INVALID, and a missing one with RESULT_UNREADABLE', async () => {
    const other = join(dir, 'other.json');
    writeFileSync(other, JSON.stringify({ hello: 'world' }));
    const bad = await run(['compare', plan, other]);
    expect(bad.code).not.toBe(0);
    expect(bad.stderr).toContain('RESULT_INVALID');
    const missing = await run(['compare', join(dir, 'nope.json'), sim]);
    expect(missing.stderr).toContain('RESULT_UNREADABLE');
  });
});
