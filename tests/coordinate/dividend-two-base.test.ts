// The coordination dividend of data/two-base, as data/two-base/README.md and the README tell it.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readModel } from '../../src/cli/model-input.js';
import { measureDividend } from '../../src/coordinate/index.js';
import type { Model } from '../../src/model/index.js';
import { createSolver, type Solver } from '../../src/solver/index.js';

let solver: Solver;
let model: Model;
beforeAll(async () => {
  solver = createSolver('highs');
  const read = await readModel('data/two-base', { cwd: process.cwd() });
  if (!read.model) throw new Error('data/two-base does not load');
  model = read.model;
});
afterAll(async () => {
  await solver.dispose();
});

describe('the coordination dividend of data/two-base (README numbers)', () => {
  it('at market prices the provinces alone leave 32,000 t of magnets unmade; Inner Mongolia would need a transfer', async () => {
    const d = await measureDividend(model, { solver, prices: 'market' });
    expect(d.basis).toBe('jurisdiction level 2');
    expect(d.joint.cost / 1e6).toBeCloseTo(418.33, 2);
    expect(d.decentralised.cost / 1e6).toBeCloseTo(30_742.35, 1);
    expect(d.decentralised.unmetTonnes).toBeCloseTo(32_000, 0);
    const nm = d.regions.find((r) => r.region === 'CN-NM');
    expect((nm?.gain ?? 0) / 1e6).toBeCloseTo(-41.32, 1);
    expect((nm?.transfer ?? 0) / 1e6).toBeCloseTo(41.32, 1);
    expect(d.transfersSuffice).toBe(true);
  });

  it("at the joint plan's shadow prices the provinces reproduce it, up to 0.30 M USD", async () => {
    const d = await measureDividend(model, { solver });
    expect(d.dividend).toBeGreaterThanOrEqual(0);
    expect(d.dividend / 1e6).toBeCloseTo(0.3, 1);
    expect(d.decentralised.unmetTonnes).toBeCloseTo(0, 6);
  });
});
