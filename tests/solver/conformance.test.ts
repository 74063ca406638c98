// One suite, every adapter: the same tiny problems must give the same numbers and the same dual signs.
import { afterAll, describe, expect, it } from 'vitest';
import {
  createSolver,
  findNativeSolvers,
  SolverError,
  type Solver,
  type SolverName,
} from '../../src/solver/index.js';
import {
  hardMip,
  infeasible,
  knapsack,
  mixedBounds,
  oddNames,
  smallMax,
  smallMin,
  unbounded,
} from './fixtures.js';

const requireServices = process.env.REEFLOW_REQUIRE_SERVICES === '1';
const installed = findNativeSolvers(process.env.PATH ?? '');
const native: SolverName[] = (['cbc', 'glpk', 'highs-native'] as const).filter((name) =>
  installed.includes(name),
);
if (requireServices) {
  for (const name of ['cbc', 'glpk'] as const)
    if (!installed.includes(name)) throw new Error(`REEFLOW_REQUIRE_SERVICES=1 but ${name} is not on PATH`);
}
const names: SolverName[] = ['highs', ...native];
const solvers: Solver[] = [];

afterAll(async () => {
  await Promise.all(solvers.map((solver) => solver.dispose()));
});

describe.each(names)('solver conformance: %s', (name) => {
  const solver = createSolver(name, { path: process.env.PATH ?? '' });
  solvers.push(solver);

  it('solves a small min LP with d objective / d rhs duals', async () => {
    const solution = await solver.solve(smallMin());
    expect(solution.status).toBe('optimal');
    expect(solution.solver).toBe(name);
    expect(solution.objective).toBeCloseTo(12.5, 6);
    expect(Array.from(solution.values)).toEqual([expect.closeTo(1.5, 6), expect.closeTo(0.5, 6)]);
    expect(Array.from(solution.rowActivities ?? [])).toEqual([expect.closeTo(2, 6), expect.closeTo(1.5, 6)]);
    // min: binding ≥ row → dual ≥ 0; binding ≤ row → dual ≤ 0.
    expect(Array.from(solution.rowDuals ?? [])).toEqual([expect.closeTo(2, 6), expect.closeTo(-1, 6)]);
  });

  it('solves a small max LP with the same convention (signs flip with the sense)', async () => {
    const solution = await solver.solve(smallMax());
    expect(solution.status).toBe('optimal');
    expect(solution.objective).toBeCloseTo(11, 6);
    expect(Array.from(solution.values)).toEqual([expect.closeTo(3, 6), expect.closeTo(1, 6)]);
    expect(Array.from(solution.rowDuals ?? [])).toEqual([expect.closeTo(2, 6), expect.closeTo(0, 6)]);
    expect(solution.reducedCosts?.[0]).toBeCloseTo(1, 6);
  });

  it('solves a knapsack MIP to its known optimum', async () => {
    const solution = await solver.solve(knapsack());
    expect(solution.status).toBe('optimal');
    expect(solution.objective).toBeCloseTo(23, 6);
    expect(Array.from(solution.values).map(Math.round)).toEqual([1, 1, 0, 0]);
    expect(solution.rowDuals).toBeUndefined();
  });

  it('reports infeasible as a status with NaN values', async () => {
    const solution = await solver.solve(infeasible());
    expect(solution.status).toBe('infeasible');
    expect(solution.hasSolution).toBe(false);
    expect(Number.isNaN(solution.values[0])).toBe(true);
  });

  it('reports unbounded as a status', async () => {
    const solution = await solver.solve(unbounded(), { presolve: false });
    expect(solution.status).toBe('unbounded');
    expect(solution.hasSolution).toBe(false);
  });

  it('handles ranged rows, free, fixed and bounded columns and equality rows', async () => {
    const solution = await solver.solve(mixedBounds());
    expect(solution.status).toBe('optimal');
    expect(solution.objective).toBeCloseTo(7, 6);
    expect(Array.from(solution.values)).toEqual([
      expect.closeTo(5, 6),
      expect.closeTo(2, 6),
      expect.closeTo(0, 6),
    ]);
    expect(Array.from(solution.rowDuals ?? [])).toEqual([expect.closeTo(-1, 6), expect.closeTo(2, 6)]);
  });

  it('maps odd names back to the right columns and rows', async () => {
    const solution = await solver.solve(oddNames());
    expect(solution.status).toBe('optimal');
    expect(solution.objective).toBeCloseTo(55, 6);
    expect(Array.from(solution.values)).toEqual([1, 2, 3, 4, 5].map((v) => expect.closeTo(v, 6)));
    expect(Array.from(solution.rowDuals ?? [])).toEqual([1, 2, 3, 4, 5].map((v) => expect.closeTo(v, 6)));
  });

  it('stops at a time limit with the status time-limit', async () => {
    const solution = await solver.solve(hardMip(), { timeLimitSeconds: 1 });
    expect(solution.status).toBe('time-limit');
    expect(solution.solveSeconds).toBeLessThan(15);
    if (solution.hasSolution) expect(solution.objective).toBeGreaterThan(0);
  });

  it('rejects a malformed problem with a coded error', async () => {
    const problem = smallMin();
    const broken = {
      ...problem,
      columns: { ...problem.columns, lower: Float64Array.of(5, 0), upper: Float64Array.of(1, Infinity) },
    };
    await expect(solver.solve(broken)).rejects.toMatchObject({ code: 'SOLVER_BAD_PROBLEM' });
    await expect(solver.solve(problem, { timeLimitSeconds: -1 })).rejects.toBeInstanceOf(SolverError);
  });

  it('rejects with SOLVER_ABORTED when the signal fires, and solves again afterwards', async () => {
    const controller = new AbortController();
    const running = solver.solve(hardMip(), { timeLimitSeconds: 30, signal: controller.signal });
    setTimeout(() => controller.abort(), 300);
    await expect(running).rejects.toMatchObject({ code: 'SOLVER_ABORTED' });
    const again = await solver.solve(smallMin());
    expect(again.objective).toBeCloseTo(12.5, 6);
  });
});
