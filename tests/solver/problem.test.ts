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

  it('takes terms packed flat, [column, coefficient, …], with the same result as tuples', () => {
    const b = createProblemBuilder();
    const x = b.addColumn('x');
    const y = b.addColumn('y');
    const z = b.addColumn('z');
    // Row 0: x + 2y + 3x − 2y + 0z = 4x; row 1: −z.
    b.addPackedRow('r', [x, 1, y, 2, x, 3, y, -2, z, 0], { upper: 4 });
    b.addPackedRow('s', new Float64Array([z, -1]), { lower: -1, upper: -1 });
    const { matrix, rows } = b.build();
    expect(Array.from(matrix.starts)).toEqual([0, 1, 2]);
    expect(Array.from(matrix.indices)).toEqual([0, 2]);
    expect(Array.from(matrix.values)).toEqual([4, -1]);
    expect(rows.names).toEqual(['r', 's']);
    expect(Array.from(rows.upper)).toEqual([4, -1]);
  });

  it('leaves no trace of a row it rejects part-way, so the next row is whole', () => {
    const b = createProblemBuilder();
    const x = b.addColumn('x');
    const y = b.addColumn('y');
    expect(() => b.addPackedRow('bad', [x, 1, y, 2, 7, 1])).toThrow(/column index 7/);
    expect(() => b.addPackedRow('odd', [x, 1, y])).toThrow(/odd length 3/);
    expect(() =>
      b.addRow('nan', [
        [y, 5],
        [x, Number.NaN],
      ]),
    ).toThrow(/not finite/);
    // Row 0 must be exactly x + y: nothing left from the rejected rows, no stale merge of x or y.
    b.addPackedRow('good', [x, 1, y, 1]);
    const { matrix, rows } = b.build();
    expect(rows.names).toEqual(['good']);
    expect(Array.from(matrix.starts)).toEqual([0, 2]);
    expect(Array.from(matrix.indices)).toEqual([0, 1]);
    expect(Array.from(matrix.values)).toEqual([1, 1]);
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
