import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { applyScenario, loadModel, type Model } from '../../src/model/index.js';
import { plan, type PlanResult } from '../../src/plan/index.js';
import { createSolver } from '../../src/solver/index.js';
import { runMonteCarlo } from '../../src/simulate/monte-carlo.js';
import { createSimulator } from '../../src/simulate/simulate.js';
import { checkRun } from '../../src/simulate/invariants.js';
import { traced } from './helpers.js';

const solver = createSolver('highs');
let base: Model;
let baseline: PlanResult;

beforeAll(async () => {
  const loaded = await loadModel('data/world');
  if (!loaded.model) throw new Error('data/world does not load');
  base = loaded.model;
  baseline = await plan(base, { solver });
}, 120_000);
afterAll(() => solver.dispose());

function scenario(id: string): Model {
  const applied = applyScenario(base, id);
  if (!applied.model) throw new Error(`scenario ${id} does not apply`);
  return applied.model;
}

describe('data/world', () => {
  it('without disruptions, plan-guided shipments over a year match the plan flows on the busiest routes', () => {
    const sim = createSimulator(base, { days: 365 }, baseline);
    const run = traced(sim, 0, 1);
    expect(checkRun(base, run.trace)).toEqual([]);
    const simulated = new Map<string, number>();
    for (const s of run.trace.shipments)
      simulated.set(`${s.route}|${s.material}`, (simulated.get(`${s.route}|${s.material}`) ?? 0) + s.tonnes);
    const planned = new Map<string, number>();
    for (const f of baseline.flows)
      planned.set(`${f.route}|${f.material}`, (planned.get(`${f.route}|${f.material}`) ?? 0) + f.tonnes);
    const busiest = [...planned].sort((a, b) => b[1] - a[1]).slice(0, 10);
    for (const [key, tonnes] of busiest)
      expect(Math.abs((simulated.get(key) ?? 0) - tonnes) / tonnes, key).toBeLessThan(0.05);
  });

  it('April 2025 licence regime: Dy and Tb go short outside China, La and Ce stay above 99.5%; every run balances', async () => {
    const model = scenario('export-control-2025-04');
    const result = await runMonteCarlo(
      { model, options: { days: 365 }, plan: baseline },
      { runs: 8, seed: 2025, scenario: 'export-control-2025-04' },
    );
    expect(result.invariantViolations).toBe(0);
    const outside = result.consumers.filter((c) => c.jurisdiction !== 'CN');
    for (const element of ['Dy', 'Tb'] as const) {
      const rows = outside.filter((c) => c.element === element);
      expect(rows.length).toBeGreaterThan(0);
      expect(rows.some((c) => c.tonnesShort.p50 > 0)).toBe(true);
    }
    // La and Ce are not on the list. Their end uses (catalysts, polishing, glass) take 99% of 2025
    // output, so the daily simulation leaves small gaps that are the same in every run (at worst
    // Korea: 10.7 t of 3,901 t La and 19.0 t of 6,942 t Ce, 99.73%): fill rates stay above 99.5%.
    for (const element of ['La', 'Ce']) {
      const rows = result.consumers.filter((c) => c.element === element);
      expect(rows.length).toBeGreaterThan(0);
      for (const c of rows) expect(c.fillRate.p5, `${c.node} ${element}`).toBeGreaterThan(0.995);
    }
    const china = result.consumers.filter(
      (c) => c.jurisdiction === 'CN' && (c.element === 'Dy' || c.element === 'Tb'),
    );
    expect(china.every((c) => c.fillRate.p50 > 0.99)).toBe(true);
  }, 120_000);
});
