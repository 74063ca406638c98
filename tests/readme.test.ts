// The README's model example must stay valid and behave as the README says.
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { applyScenario, checkModel, hasErrors, loadModel, type Model } from '../src/model/index.js';
import { plan, verifyPlan } from '../src/plan/index.js';
import { createSolver, type Solver } from '../src/solver/index.js';

let solver: Solver;
let model: Model;
beforeAll(async () => {
  solver = createSolver('highs');
  const readme = readFileSync('README.md', 'utf8');
  const start = readme.indexOf('```yaml\nschemaVersion');
  const end = readme.indexOf('```', start + 7);
  const dir = mkdtempSync(join(tmpdir(), 'reeflow-readme-'));
  writeFileSync(join(dir, 'model.yaml'), readme.slice(start + '```yaml\n'.length, end));
  const loaded = await loadModel(dir);
  expect(loaded.issues).toEqual([]);
  if (!loaded.model) throw new Error('README model did not load');
  model = loaded.model;
});
afterAll(async () => {
  await solver.dispose();
});

describe('README example model', () => {
  it('is valid with no warnings', () => {
    expect(checkModel(model)).toEqual([]);
  });

  it('is short 1,000 t for the first two months under the licence delay, and 6,000 t under nd-ban', async () => {
    const base = await plan(model, { solver });
    expect(verifyPlan(model, base)).toEqual([]);
    expect(base.shortfall[0]?.tonnes).toBeCloseTo(1000, 3);
    // The diagnosis names the periods and the cause chain, not cost (user walk D6): 35 d at sea
    // (1 month as planned) + 45 d licence delay (1 month) → nothing arrives before 2026-03.
    expect(base.diagnosis).toContain(
      'demand tokyo-magnets:Nd-oxide is short 1,000 t of Nd-oxide (16.7% of its requirement): 500 t in 2026-01, 500 t in 2026-02',
    );
    expect(base.diagnosis).toContain(
      'short in 2026-01 and 2026-02 because nothing shipped to tokyo-magnets can arrive before 2026-03: ' +
        'the fastest route, baotou-separation → tokyo-magnets, takes 35 d + licence delay 45 d under cn-export-control (2 periods as planned)',
    );
    expect(base.diagnosis.join('\n')).not.toContain('supply costs more than the value of unmet demand');
    const applied = applyScenario(model, 'nd-ban');
    expect(hasErrors(applied.issues)).toBe(false);
    if (!applied.model) return;
    const banned = await plan(applied.model, { solver });
    expect(banned.shortfall[0]?.tonnes).toBeCloseTo(6000, 3);
    expect(banned.binding[0]?.id).toBe('cn-export-control');
  });
});
