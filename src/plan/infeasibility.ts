/**
 * Why a plan is infeasible, in the model's words. Every row is relaxed elastically (a surplus and a
 * shortage per row, each weighted by the row's size; src/solver/elastic.ts) and the relaxation is
 * minimised: the rows that had to give are the conflict, named by node, material, policy and period.
 * It needs no IIS support, so it works with WebAssembly HiGHS too.
 */
import { toElasticProblem, type Problem } from '../solver/index.js';
import type { SolveOptions, Solver } from '../solver/solver.js';
import { describePeriods, KIND_WORDS } from './assign.js';
import type { RowInfo } from './formulation/context.js';

const GIVE = 1e-6;

interface Give {
  info: RowInfo;
  periods: string[];
  /** Largest surplus (the row needed more than it had) and shortage (less) over the periods. */
  surplus: number;
  shortage: number;
}

const amount = (value: number, unit: string): string =>
  `${value >= 100 ? Math.round(value).toLocaleString('en-US') : Number(value.toPrecision(3)).toString()} ${unit}`;

function sentence(give: Give, periods: readonly string[]): string {
  const { info } = give;
  const when = describePeriods(give.periods, periods);
  if (info.kind === 'balance') {
    const [node = info.id, material = ''] = info.id.split(':');
    return give.surplus >= give.shortage
      ? `${node} cannot balance ${material} ${when}: up to ${amount(give.surplus, info.unit)} more would have to leave than can be made, arrive or be drawn there`
      : `${node} cannot balance ${material} ${when}: up to ${amount(give.shortage, info.unit)} would be made or arrive there with nothing to take it (no process, route, storage or sink)`;
  }
  const what = `${KIND_WORDS[info.kind] ?? info.kind} ${info.id}`;
  return give.shortage >= give.surplus
    ? `${what} would have to allow up to ${amount(give.shortage, info.unit)} more ${when}`
    : `${what} would have to ask up to ${amount(give.surplus, info.unit)} less ${when}`;
}

/**
 * Sentences naming the constraints that conflict in an infeasible plan problem, the smallest
 * relaxation first.
 *
 * @example await explainInfeasible(problem, context.rows, context.periods, solver) // ['the plan is infeasible: …', 'mine cannot balance ox in 2026-01: …']
 */
export async function explainInfeasible(
  problem: Problem,
  rows: readonly (RowInfo | undefined)[],
  periods: readonly string[],
  solver: Solver,
  options: SolveOptions = {},
): Promise<string[]> {
  const named = rows.flatMap((info, row) => (info ? [row] : []));
  const elastic = toElasticProblem(problem, named);
  const solution = await solver.solve(elastic.problem, options);
  if (solution.status !== 'optimal' || !solution.hasSolution)
    return [
      `the plan is infeasible, and relaxing every constraint did not find a plan either (${solution.status}): ` +
        'a variable bound contradicts itself; run `reeflow validate` on the model',
    ];
  const gives = new Map<string, Give>();
  for (const [row, [surplus, shortage]] of elastic.slacks) {
    const info = rows[row];
    const up = solution.values[surplus] ?? 0;
    const down = solution.values[shortage] ?? 0;
    if (!info || (up <= GIVE && down <= GIVE)) continue;
    const key = `${info.kind}|${info.id}`;
    const give = gives.get(key) ?? { info, periods: [], surplus: 0, shortage: 0 };
    if (info.period !== undefined) give.periods.push(info.period);
    give.surplus = Math.max(give.surplus, up);
    give.shortage = Math.max(give.shortage, down);
    gives.set(key, give);
  }
  const ordered = [...gives.values()].sort(
    (a, b) => Math.max(b.surplus, b.shortage) - Math.max(a.surplus, a.shortage),
  );
  return [
    `the plan is infeasible; the smallest change to the constraints that makes it feasible gives way at ${ordered.length} of them:`,
    ...ordered.slice(0, 10).map((give) => sentence(give, periods)),
  ];
}
