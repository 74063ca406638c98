// The bundled world model: metrics from its baseline plan against published figures, and the CLI.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadModel, type Model } from '../../src/model/index.js';
import { plan, type PlanResult } from '../../src/plan/index.js';
import {
  concentration,
  createRiskNetwork,
  exposure,
  fromPlanResult,
  herfindahl,
  traceOrigins,
} from '../../src/risk/index.js';
import { createSolver, type Solver } from '../../src/solver/index.js';
import { run } from '../cli/run.js';

let solver: Solver;
let model: Model;
let result: PlanResult;
let dir: string;
beforeAll(async () => {
  solver = createSolver('highs');
  const loaded = await loadModel('data/world');
  if (!loaded.model) throw new Error('data/world does not load');
  model = loaded.model;
  result = await plan(model, { solver });
  dir = mkdtempSync(join(tmpdir(), 'reeflow-risk-'));
  writeFileSync(join(dir, 'base.json'), JSON.stringify(result));
}, 120_000);
afterAll(async () => {
  await solver.dispose();
  rmSync(dir, { recursive: true, force: true });
});

describe('data/world baseline', () => {
  it('mining HHI by country equals the HHI of USGS MCS 2026 2025 shares within 2%', () => {
    // USGS MCS 2026, 2025e mine production, t REO (reference/rare-earth-facts.md §1a [USGS_MCS2026]).
    const usgs = [270_000, 51_000, 22_000, 29_000, 1_500, 4_800, 2_900, 2_600, 2_700, 2_000, 150, 110, 550];
    const published = herfindahl(usgs); // ≈ 5,073
    const network = createRiskNetwork(model);
    const row = concentration(fromPlanResult(result, network), network, {
      by: 'country',
      stages: ['mining'],
      elements: ['REO'],
    }).values[0];
    expect(row?.top).toBe('CN');
    expect(Math.abs((row?.value ?? 0) - published) / published).toBeLessThan(0.02);
  });

  it('traces every consumer region’s magnet supply to shares in [0, 1], China’s separation in every one', () => {
    const network = createRiskNetwork(model);
    const trace = traceOrigins(fromPlanResult(result, network), network, { elements: ['Nd', 'Dy'] });
    for (const node of ['eu-consumers', 'us-consumers', 'jp-consumers']) {
      const rows = exposure(trace, network, {
        consumer: { node },
        elements: ['Nd', 'Dy'],
        through: ['CN'],
      }).values;
      for (const r of rows) expect(r.value).toBeGreaterThanOrEqual(0);
      for (const r of rows) expect(r.value).toBeLessThanOrEqual(1 + 1e-9);
      expect(rows.find((r) => r.element === 'Nd' && r.stage === 'separation')?.value).toBeGreaterThan(0.4);
    }
    // The EU's magnets come mostly from Chinese magnet plants fed by Chinese separation (84% in the baseline).
    const eu = exposure(trace, network, {
      consumer: { node: 'eu-consumers' },
      elements: ['Nd'],
      through: ['CN'],
    }).values;
    expect(eu.find((r) => r.stage === 'separation')?.value).toBeGreaterThan(0.8);
  });
});

describe('reeflow risk and compare', () => {
  it('prints HHI, import reliance, exposure and paths with units from a saved plan', async () => {
    const { code, stdout } = await run([
      'risk',
      'data/world',
      '--from',
      join(dir, 'base.json'),
      '--consumer',
      'eu-consumers',
      '--elements',
      'Nd,Dy',
      '--quiet',
    ]);
    expect(code).toBe(0);
    expect(stdout).toMatch(/hhi: HHI \(0–10,000\)/);
    expect(stdout).toMatch(/import-reliance \(share of apparent consumption\)/);
    expect(stdout).toMatch(/exposure-paths/);
    expect(stdout).toMatch(/mining:CN → separation:CN/);
  });

  it('prints JSON and rejects unknown metrics and consumers with codes', async () => {
    const json = await run([
      'risk',
      'data/world',
      '--from',
      join(dir, 'base.json'),
      '--metric',
      'hhi',
      '--stage',
      'mining',
      '--json',
      '--quiet',
    ]);
    expect(json.code).toBe(0);
    const parsed = JSON.parse(json.stdout) as { metrics: { name: string; values: { value: number }[] }[] };
    expect(parsed.metrics[0]?.name).toBe('hhi');
    const bad = await run([
      'risk',
      'data/world',
      '--from',
      join(dir, 'base.json'),
      '--metric',
      'nope',
      '--quiet',
    ]);
    expect(bad.code).toBe(1);
    expect(bad.stderr).toMatch(/RISK_UNKNOWN_METRIC/);
    const consumer = await run([
      'risk',
      'data/world',
      '--from',
      join(dir, 'base.json'),
      '--consumer',
      'atlantis',
      '--quiet',
    ]);
    expect(consumer.stderr).toMatch(/RISK_UNKNOWN_CONSUMER/);
    const missing = await run(['risk', 'data/world', '--from', join(dir, 'missing.json'), '--quiet']);
    expect(missing.stderr).toMatch(/RESULT_UNREADABLE/);
  });

  it('compares two results side by side: a result against itself differs nowhere', async () => {
    const path = join(dir, 'base.json');
    const { code, stdout } = await run(['compare', path, path, '--model', 'data/world', '--json']);
    expect(code).toBe(0);
    const parsed = JSON.parse(stdout) as {
      comparisons: { name: string; values: { a: number; b: number; value: number }[] }[];
    };
    expect(parsed.comparisons.map((c) => c.name)).toEqual(
      expect.arrayContaining(['cost (compare)', 'hhi (compare)', 'import-reliance (compare)']),
    );
    for (const c of parsed.comparisons) for (const r of c.values) expect(r.value).toBe(0);
  });
});
