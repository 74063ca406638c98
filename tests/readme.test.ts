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
    const applied = applyScenario(model, 'nd-ban');
    expect(hasErrors(applied.issues)).toBe(false);
    if (!applied.model) return;
    const banned = await plan(applied.model, { solver });
    expect(banned.shortfall[0]?.tonnes).toBeCloseTo(6000, 3);
    expect(banned.binding[0]?.id).toBe('cn-export-control');
  });
});
