import { describe, expect, it } from 'vitest';
import { createProblemBuilder, SolverError } from '../../src/solver/index.js';

describe('createProblemBuilder', () => {
  it('sums repeated columns in a row and drops zeros', () => {
    const b = createProblemBuilder();
    const x = b.addColumn('x');
    const y = b.addColumn('y');
    b.addRow(
      'r',
      [
        [x, 1],
        [y, 2],
        [x, 3],
        [y, -2],
      ],
      { upper: 4 },
    );
    const { matrix } = b.build();
    expect(Array.from(matrix.starts)).toEqual([0, 1]);
    expect(Array.from(matrix.indices)).toEqual([0]);
    expect(Array.from(matrix.values)).toEqual([4]);
  });

  it.each([
    ['NaN cost', (b: ReturnType<typeof createProblemBuilder>) => b.addColumn('x', { cost: Number.NaN })],
    [
      'lower > upper',
      (b: ReturnType<typeof createProblemBuilder>) => b.addColumn('x', { lower: 2, upper: 1 }),
    ],
    [
      'NaN coefficient',
      (b: ReturnType<typeof createProblemBuilder>) => b.addRow('r', [[b.addColumn('x'), Number.NaN]]),
    ],
    ['unknown column', (b: ReturnType<typeof createProblemBuilder>) => b.addRow('r', [[3, 1]])],
    ['duplicate name', (b: ReturnType<typeof createProblemBuilder>) => [b.addColumn('x'), b.addColumn('x')]],
    [
      'row lower +Infinity',
      (b: ReturnType<typeof createProblemBuilder>) => b.addRow('r', [], { lower: Infinity }),
    ],
  ])('rejects %s with SOLVER_BAD_PROBLEM', (_label, act) => {
    const b = createProblemBuilder();
    expect(() => act(b)).toThrow(SolverError);
    try {
      act(createProblemBuilder());
    } catch (error) {
      expect((error as SolverError).code).toBe('SOLVER_BAD_PROBLEM');
    }
  });
});
