/**
 * plan(): build → solve → assign. The model is never changed; the result is a new value keyed by
 * input ids. Infeasible, unbounded and time-limited runs are statuses, not exceptions.
 */
import { createHash } from 'node:crypto';
import type { Model } from '../model/index.js';
import { computeObjective, withObjectiveBound } from '../solver/index.js';
import type { Solution, SolveOptions, Solver } from '../solver/solver.js';
import { VERSION } from '../version.js';
import { buildProblem, type BuiltPlan } from './formulation/index.js';
import { costCoefficients } from './formulation/objective.js';
import type { Objective, PlanOptions } from './options.js';
import type { PlanResult, ProjectRow } from './result.js';
import {
  assignActivity,
  assignBinding,
  assignCosts,
  assignDemand,
  assignDuals,
  assignElementProduction,
  assignEmissions,
  assignFlows,
  assignProduction,
  clean,
  ZERO_TOLERANCE,
} from './assign.js';
import { diagnoseShortfall } from './diagnosis.js';
import { explainInfeasible } from './infeasibility.js';
import { assignEnvironment } from './environment.js';
import { createStopwatch } from './stopwatch.js';
import { definedFields } from '../defined-fields.js';

/** Hash of the model as planned, so every result traces back to its exact inputs. */
export function hashModel(model: Model): string {
  return createHash('sha256').update(JSON.stringify(model)).digest('hex');
}

/**
 * Plans a model: the least-cost (or least-emissions, least-dependence) production, logistics and
 * expansion over its horizon. Pass a model that passed `checkModel` with any scenario applied.
 *
 * @example const result = await plan(model, { solver: createSolver('highs') });
 */
export async function plan(
  model: Model,
  options: PlanOptions & {
    solver: Solver;
    scenario?: string;
    /** Milliseconds for the phase times in `stats` (the edge passes `() => performance.now()`); without it they are 0. */
    clock?: () => number;
  },
): Promise<PlanResult> {
  const { solver, scenario, clock = () => 0, ...planOptions } = options;
  const watch = createStopwatch(clock);
  planOptions.onProgress?.('build');
  const { problem, context } = buildProblem(model, planOptions);
  const buildSeconds = watch.lap();
  planOptions.onProgress?.(
    'solve',
    `${problem.columns.names.length} variables, ${problem.rows.names.length} constraints`,
  );
  const objective = planOptions.objective ?? { kind: 'cost' };
  const solveOptions: SolveOptions = definedFields({
    timeLimitSeconds: planOptions.timeLimitSeconds,
    mipGap: planOptions.mipGap,
    threads: planOptions.threads,
    method: planOptions.method,
    signal: planOptions.signal,
  });
  const { solution, tieBreak } = await solveWithTieBreak(
    { problem, context },
    objective,
    solver,
    solveOptions,
  );
  const solveSeconds = watch.lap();
  planOptions.onProgress?.('assign');
  const result = assemblePlanResult(model, { problem, context }, solution, {
    objective,
    ...definedFields({ scenario }),
  });
  if (tieBreak) result.objective.tieBreak = tieBreak;
  if (result.status === 'infeasible')
    result.diagnosis.push(
      ...(await explainInfeasible(problem, context.rows, context.periods, solver, solveOptions)),
    );
  result.stats.buildSeconds = buildSeconds;
  result.stats.solveSeconds = solveSeconds;
  result.stats.assignSeconds = watch.lap();
  planOptions.onProgress?.('done');
  return result;
}

/** Relative tolerance on the first objective when cost breaks its ties: `|f*| · 1e-6`, at least 1e-6. */
export const TIE_BREAK_TOLERANCE = 1e-6;

/**
 * Solves for the objective and, when it is emissions or dependence (which leave cost free, so many
 * plans can share their optimum: a jurisdiction no flow touches, a model without emission
 * factors), solves again for the least cost among the plans within {@link TIE_BREAK_TOLERANCE} of
 * that optimum. The solution returned reports the first objective's value; its duals are those of
 * the second stage. If the second stage fails, the first stage's solution is returned unbroken.
 */
async function solveWithTieBreak(
  { problem, context }: BuiltPlan,
  objective: Objective,
  solver: Solver,
  options: SolveOptions,
): Promise<{ solution: Solution; tieBreak?: { kind: 'cost'; tolerance: number } }> {
  const first = await solver.solve(problem, options);
  if (objective.kind !== 'emissions' && objective.kind !== 'dependence') return { solution: first };
  if (first.status !== 'optimal' || !first.hasSolution || first.objective === undefined)
    return { solution: first };
  const tolerance = TIE_BREAK_TOLERANCE * Math.max(1, Math.abs(first.objective));
  const second = await solver.solve(
    withObjectiveBound(problem, 'objective-bound', first.objective + tolerance, {
      cost: costCoefficients(context, problem.columns.cost.length),
      objectiveOffset: 0,
    }),
    options,
  );
  if (second.status !== 'optimal' || !second.hasSolution) return { solution: first };
  return {
    solution: { ...second, objective: computeObjective(problem, second.values) },
    tieBreak: { kind: 'cost', tolerance },
  };
}

/**
 * The result tables of a solved (or failed) plan problem, keyed by input ids; times in `stats` are
 * left at 0 for the caller to fill.
 */
export function assemblePlanResult(
  model: Model,
  { problem, context }: BuiltPlan,
  solution: Solution,
  options: { objective: Objective; scenario?: string },
): PlanResult {
  const { objective, scenario } = options;
  const values = solution.values;
  const has = solution.hasSolution;
  const production = has ? assignProduction(context, values) : [];
  const { demand, shortfall } = has ? assignDemand(context, values) : { demand: [], shortfall: [] };
  const duals = has ? assignDuals(context, problem, solution) : [];
  const binding = assignBinding(context, duals);
  const projects: ProjectRow[] = model.projects.map((p) => {
    const planned = context.projects.get(p.id);
    const built = planned?.column !== undefined && has && (values[planned.column] ?? 0) > 0.5;
    return {
      project: p.id,
      built,
      decision: p.decision,
      ...(built && planned ? { onlinePeriod: context.periods[planned.onlinePeriod] ?? '' } : {}),
    };
  });
  return {
    status: solution.status,
    ...definedFields({ message: solution.message }),
    model: model.name,
    ...definedFields({ scenario }),
    objective: {
      kind: objective.kind,
      ...definedFields({ value: solution.objective }),
      ...(objective.kind === 'dependence' ? { jurisdiction: objective.jurisdiction } : {}),
    },
    periods: context.periods,
    costs: assignCosts(context, has ? values : new Float64Array(values.length)),
    emissions: has ? assignEmissions(context, values) : 0,
    environment: assignEnvironment(context, (column) => (has ? clean(values[column]) : 0)),
    activity: has ? assignActivity(context, values, problem, context.capacityRow) : [],
    flows: has ? assignFlows(context, values) : [],
    production,
    elementProduction: assignElementProduction(context, production),
    demand,
    shortfall,
    sinks: has
      ? context.sinkUse
          .map((s) => ({
            sink: s.sink,
            node: s.node,
            material: s.material,
            kind: model.sinks.find((k) => k.id === s.sink)?.kind ?? '',
            period: context.periods[s.period] ?? '',
            tonnes: values[s.column] ?? 0,
          }))
          .filter((s) => s.tonnes > ZERO_TOLERANCE)
      : [],
    inventories: has
      ? [...context.inventory].flatMap(([key, columns]) => {
          const [node = '', material = ''] = key.split('|');
          return columns
            .map((c, t) => ({ node, material, period: context.periods[t] ?? '', tonnes: values[c] ?? 0 }))
            .filter((r) => r.tonnes > ZERO_TOLERANCE);
        })
      : [],
    stockpiles: has
      ? [...context.stockpileLevel].flatMap(([id, columns]) =>
          columns.map((c, t) => ({ stockpile: id, period: context.periods[t] ?? '', level: values[c] ?? 0 })),
        )
      : [],
    ...(context.stockpileReleases.length > 0 && {
      releases: has
        ? context.stockpileReleases
            .map((r) => ({
              stockpile: r.stockpile,
              to: r.to,
              period: context.periods[r.period] ?? '',
              arrival: context.periods[r.arrival] ?? '',
              tonnes: values[r.column] ?? 0,
            }))
            .filter((r) => r.tonnes > ZERO_TOLERANCE)
        : [],
    }),
    projects,
    duals,
    binding,
    diagnosis: diagnoseShortfall(context, demand, shortfall, binding),
    stats: {
      columns: problem.columns.names.length,
      rows: problem.rows.names.length,
      nonzeros: problem.matrix.indices.length,
      integers: problem.columns.integer.reduce((a, b) => a + b, 0),
      solver: solution.solver,
      buildSeconds: 0,
      solveSeconds: 0,
      assignSeconds: 0,
    },
    inputsHash: hashModel(model),
    version: VERSION,
  };
}
