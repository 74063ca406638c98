// Tiny problems with hand-computed answers, shared by the conformance and file-format tests.
import { createProblemBuilder, type Problem } from '../../src/solver/index.js';
import { createRandom } from '../../src/random.js';

/**
 * min x + 2y + 10  s.t.  r0: x + y ≥ 2,  r1: x ≤ 1.5,  x, y ≥ 0.
 * Cheapest is x as far as r1 allows (1.5), y = 0.5: objective 1.5 + 1 + 10 = 12.5.
 * Duals: raising r0's bound by 1 buys one more y: +2; raising r1's by 1 swaps y for x: -1.
 */
export function smallMin(): Problem {
  const b = createProblemBuilder({ name: 'small-min', objectiveOffset: 10 });
  const x = b.addColumn('x', { cost: 1 });
  const y = b.addColumn('y', { cost: 2 });
  b.addRow(
    'r0',
    [
      [x, 1],
      [y, 1],
    ],
    { lower: 2 },
  );
  b.addRow('r1', [[x, 1]], { upper: 1.5 });
  return b.build();
}

/**
 * max 3x + 2y  s.t.  cap: x + y ≤ 4,  slack: x + 3y ≤ 9,  0 ≤ x ≤ 3.
 * x takes its bound 3, y = 1 fills cap (slack row: 6 < 9): objective 11.
 * d obj / d cap = +2 (one more y); d obj / d x.upper = 3 - 2 = +1; slack row is not binding: 0.
 */
export function smallMax(): Problem {
  const b = createProblemBuilder({ name: 'small-max', sense: 'max' });
  const x = b.addColumn('x', { cost: 3, upper: 3 });
  const y = b.addColumn('y', { cost: 2 });
  b.addRow(
    'cap',
    [
      [x, 1],
      [y, 1],
    ],
    { upper: 4 },
  );
  b.addRow(
    'slack',
    [
      [x, 1],
      [y, 3],
    ],
    { upper: 9 },
  );
  return b.build();
}

/**
 * Knapsack: max 10a + 13b + 7c + 8d, weights 4, 6, 3, 5, capacity 10, binary choices.
 * Pairs that fit: ab 23 (weight 10), bc 20, ad 18, ac 17, cd 15; no triple fits. Optimum a, b: 23.
 */
export function knapsack(): Problem {
  const b = createProblemBuilder({ name: 'knapsack', sense: 'max' });
  const items = [
    ['a', 10, 4],
    ['b', 13, 6],
    ['c', 7, 3],
    ['d', 8, 5],
  ] as const;
  const columns = items.map(([name, value]) => b.addColumn(name, { cost: value, upper: 1, integer: true }));
  b.addRow(
    'weight',
    items.map(([, , weight], k) => [columns[k] ?? 0, weight] as const),
    { upper: 10 },
  );
  return b.build();
}

/** x ≥ 0 with a row x ≤ -1: infeasible. */
export function infeasible(): Problem {
  const b = createProblemBuilder({ name: 'infeasible' });
  const x = b.addColumn('x', { cost: 1 });
  b.addRow('impossible', [[x, 1]], { upper: -1 });
  return b.build();
}

/** min -x with x ≥ 1 and nothing above: unbounded. */
export function unbounded(): Problem {
  const b = createProblemBuilder({ name: 'unbounded' });
  const x = b.addColumn('x', { cost: -1 });
  const y = b.addColumn('y', { cost: 0 });
  b.addRow(
    'floor',
    [
      [x, 1],
      [y, 1],
    ],
    { lower: 1 },
  );
  return b.build();
}

/**
 * min x + y + 2z  with x free, y fixed at 2, -10 ≤ z ≤ 10,
 * range: 1 ≤ x - y ≤ 3, balance: x + z = 5.
 * z = 5 - x, so objective = x + 2 + 10 - 2x = 12 - x: push x up until range binds, x = y + 3 = 5,
 * z = 0 (inside its bounds): objective 7.
 * d obj / d range.upper = -1 (x up, z down: +1 - 2); d obj / d balance.rhs = +2 (z up).
 */
export function mixedBounds(): Problem {
  const b = createProblemBuilder({ name: 'mixed-bounds' });
  const x = b.addColumn('x', { cost: 1, lower: -Infinity });
  const y = b.addColumn('y', { cost: 1, lower: 2, upper: 2 });
  const z = b.addColumn('z', { cost: 2, lower: -10, upper: 10 });
  b.addRow(
    'range',
    [
      [x, 1],
      [y, -1],
    ],
    { lower: 1, upper: 3 },
  );
  b.addRow(
    'balance',
    [
      [x, 1],
      [z, 1],
    ],
    { lower: 5, upper: 5 },
  );
  return b.build();
}

/**
 * The planner's kind of names, plus names that collide once sanitised, start with a digit or an
 * `e`, or use non-ASCII letters. min Σ cost·flow with each flow ≥ its index + 1: objective
 * 1·1 + 2·2 + 3·3 + 4·4 + 5·5 = 55; all demand duals equal their costs.
 */
export function oddNames(): Problem {
  const b = createProblemBuilder({ name: 'odd names / 2026' });
  const names = [
    'flow[baotou,NdPr-oxide,2026-03]',
    'flow baotou NdPr oxide 2026 03',
    'flow_baotou_NdPr_oxide_2026_03',
    '1st: e1 <= x',
    '镝 Dy-oxide',
  ];
  names.forEach((name, k) => {
    const column = b.addColumn(name, { cost: k + 1 });
    b.addRow(`balance[${name}]`, [[column, 1]], { lower: k + 1 });
  });
  return b.build();
}

/**
 * A market-split instance (Cornuéjols & Dawande): 4 equality rows over 30 binaries with slack,
 * minimise total slack. Tiny, but branch-and-bound needs far longer than a second on it.
 */
export function hardMip(): Problem {
  const generator = createRandom(12345);
  const random = (): number => generator.next();
  const b = createProblemBuilder({ name: 'market-split' });
  const n = 30;
  const x = Array.from({ length: n }, (_, j) => b.addColumn(`x${j}`, { upper: 1, integer: true }));
  for (let i = 0; i < 4; i += 1) {
    const coefficients = x.map(() => Math.floor(random() * 100));
    const rhs = Math.floor(coefficients.reduce((sum, a) => sum + a, 0) / 2);
    const over = b.addColumn(`over${i}`, { cost: 1 });
    const under = b.addColumn(`under${i}`, { cost: 1 });
    b.addRow(
      `split${i}`,
      [...x.map((column, j) => [column, coefficients[j] ?? 0] as const), [over, -1], [under, 1]],
      { lower: rhs, upper: rhs },
    );
  }
  return b.build();
}
