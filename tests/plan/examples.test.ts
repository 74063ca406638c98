// The bundled examples state their hand-computed optimum in their header comment
// ("Expected optimal objective: … = N"); the planner must reach exactly that, with every invariant intact.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { checkModel, loadModel } from '../../src/model/index.js';
import { plan, verifyPlan } from '../../src/plan/index.js';
import { createSolver, type Solver } from '../../src/solver/index.js';

const root = 'data/examples';
const examples = readdirSync(root, { withFileTypes: true })
  .filter((d) => d.isDirectory())
  .map((d) => d.name);

/** The number after the last '=' on the "Expected optimal objective" line, before any parenthesis. */
function expectedObjective(text: string): number {
  const line = text.split('\n').find((l) => l.includes('Expected optimal objective')) ?? '';
  const beforeParen = line.split('(without')[0] ?? line;
  const value = beforeParen.split('=').at(-1)?.trim().replace(/[,.]$/, '').replace(/,/g, '').split(/\s/)[0];
  return Number(value);
}

let solver: Solver;
beforeAll(() => {
  solver = createSolver('highs');
});
afterAll(async () => {
  await solver.dispose();
});

describe('bundled examples reach their hand-computed optimum', () => {
  it('has the ten examples the docs promise', () => {
    expect(examples.length).toBeGreaterThanOrEqual(10);
  });

  for (const name of examples) {
    it(name, async () => {
      const file = join(root, name, 'model.yaml');
      const expected = expectedObjective(readFileSync(file, 'utf8'));
      expect(Number.isFinite(expected), `${file} states its expected objective`).toBe(true);
      const loaded = await loadModel(join(root, name));
      expect(loaded.issues.filter((i) => i.severity === 'error')).toEqual([]);
      if (!loaded.model) return;
      expect(checkModel(loaded.model).filter((i) => i.severity === 'error')).toEqual([]);
      const result = await plan(loaded.model, { solver });
      expect(result.status).toBe('optimal');
      expect(verifyPlan(loaded.model, result)).toEqual([]);
      expect(result.objective.value).toBeCloseTo(expected, 3);
    });
  }
});
