// An infeasible plan problem is explained by the smallest relaxation of its constraints (issue 15
// item 6): the planner's own models are feasible by construction (unmet demand is priced, every flow
// may be zero), so these problems are built by hand, with the row names the planner gives.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RowInfo } from '../../src/plan/formulation/context.js';
import { explainInfeasible } from '../../src/plan/infeasibility.js';
import { createProblemBuilder, createSolver, toElasticProblem, type Solver } from '../../src/solver/index.js';

let solver: Solver;
beforeAll(() => {
  solver = createSolver('highs');
});
afterAll(async () => {
  await solver.dispose();
});

describe('elastic relaxation', () => {
  it('finds the smallest change to the rows that makes a problem feasible', async () => {
    // x ≤ 3 (a bound) but the row wants x ≥ 5: the row gives 2, by its surplus column.
    const b = createProblemBuilder();
    const x = b.addColumn('x', { upper: 3, cost: 1 });
    b.addRow('r', [[x, 1]], { lower: 5 });
    const plain = await solver.solve(b.build());
    expect(plain.status).toBe('infeasible');
    const { problem, slacks } = toElasticProblem(b.build(), [0]);
    const solution = await solver.solve(problem);
    expect(solution.status).toBe('optimal');
    const [surplus = -1, shortage = -1] = slacks.get(0) ?? [];
    expect(solution.values[x]).toBeCloseTo(3, 9);
    expect(solution.values[surplus]).toBeCloseTo(2, 9);
    expect(solution.values[shortage]).toBeCloseTo(0, 9);
  });
});

describe('why a plan is infeasible', () => {
  /** Node a makes at most 4 t of ox (column bound) but must use at least 10 (column bound). */
  function conflict(withCapacityRow: boolean) {
    const b = createProblemBuilder();
    const made = b.addColumn('activity[a/make,2026-01]', withCapacityRow ? {} : { upper: 4 });
    const used = b.addColumn('served[d,2026-01]', { lower: 10 });
    b.addRow(
      'balance[a:ox,2026-01]',
      [
        [made, 1],
        [used, -1],
      ],
      { lower: 0, upper: 0 },
    );
    const rows: RowInfo[] = [{ kind: 'balance', id: 'a:ox', period: '2026-01', unit: 't' }];
    if (withCapacityRow) {
      b.addRow('capacity[a/make,2026-01]', [[made, 1]], { upper: 4 });
      rows.push({ kind: 'capacity', id: 'a/make', period: '2026-01', unit: 't' });
    }
    return { problem: b.build(), rows };
  }

  it('names the node, material and period that cannot balance', async () => {
    // made − used = 0 with made ≤ 4 and used ≥ 10: the balance needs 6 t more than can be made.
    const { problem, rows } = conflict(false);
    const lines = await explainInfeasible(problem, rows, ['2026-01'], solver);
    expect(lines).toEqual([
      'the plan is infeasible; the smallest change to the constraints that makes it feasible gives way at 1 of them:',
      'a cannot balance ox in 2026-01: up to 6 t more would have to leave than can be made, arrive or be drawn there',
    ]);
  });

  it('relaxes the limit that costs least to relax, relative to its size', async () => {
    // The capacity row (≤ 4, weight 1/5) gives 6 t for 1.2; the balance (= 0, weight 1) would cost 6.
    const { problem, rows } = conflict(true);
    const lines = await explainInfeasible(problem, rows, ['2026-01'], solver);
    expect(lines[1]).toBe('capacity of a/make would have to allow up to 6 t more in 2026-01');
    expect(lines).toHaveLength(2);
  });
});
