/**
 * Capital allocation: choose the optional projects that best serve a goal (least cost, least
 * dependence on a jurisdiction, least shortfall under one or more scenarios) under a yearly budget
 * and per-funder budgets, with the planner's MIP (`b[j] ∈ {0,1}` and its budget rows). Then say
 * what each chosen project buys — how much the goal worsens when it alone is removed, the others
 * kept — and what each unfunded one would buy if it were added on top.
 */
import {
  applyScenario,
  hasErrors,
  modelSchema,
  monthsPerPeriod,
  periodIndex,
  policySchema,
  type Model,
  type ModelInput,
} from '../model/index.js';
import { plan, type PlanResult } from '../plan/index.js';
import type { Objective } from '../plan/index.js';
import type { Solver } from '../solver/index.js';
import { CoordinateError } from './errors.js';
import { checkProjectDependencies } from './projects.js';
import { explainAllocation, projectLabel } from './allocation-explain.js';
import { appraiseProject } from './finance.js';
import type { AllocationResult, ChosenProject, UnfundedProject } from './result.js';
import { definedFields } from '../defined-fields.js';

export type { AllocationResult, ChosenProject, UnfundedProject } from './result.js';

export type AllocationGoal =
  { kind: 'cost' } | { kind: 'dependence'; jurisdiction: string } | { kind: 'shortfall' };

/** The accepted forms of a goal, for messages and help. */
export const GOAL_FORMS = 'cost, dependence:JURISDICTION or shortfall';

/** Parses `cost`, `dependence:CN` or `shortfall`; undefined otherwise. */
export function parseGoal(text: string): AllocationGoal | undefined {
  if (text === 'cost') return { kind: 'cost' };
  if (text === 'shortfall') return { kind: 'shortfall' };
  const match = /^dependence:([A-Za-z0-9][A-Za-z0-9_.:@>-]*)$/.exec(text);
  return match?.[1] ? { kind: 'dependence', jurisdiction: match[1] } : undefined;
}

/** Value of unmet demand (USD/t) while minimising shortfall: shortfall first, cost breaks ties. */
const SHORTFALL_FIRST = 1e9;
/** Relative change in the goal below which a project is taken to buy nothing (solver tolerances are ~1e-7). */
const GOAL_TOLERANCE = 1e-6;

export interface AllocateOptions {
  solver: Solver;
  goal: AllocationGoal;
  /** Most capex started a year over all projects, USD. */
  budget?: number;
  /** Most each funder puts in a year (its financing amounts), USD. */
  funderBudgets?: Record<string, number>;
  /** Scenarios to plan under; the goal is their mean. Default: the model as it is. */
  scenarios?: readonly string[];
  timeLimitSeconds?: number;
  mipGap?: number;
  /** Called as solves go, for progress displays. */
  onProgress?: (step: string) => void;
}

function goalLabel(goal: AllocationGoal): string {
  return goal.kind === 'dependence' ? `dependence:${goal.jurisdiction}` : goal.kind;
}

function goalUnit(goal: AllocationGoal): string {
  return goal.kind === 'cost'
    ? 'USD'
    : goal.kind === 'dependence'
      ? 't REO shipped out of the jurisdiction (plus 10,000 per t unmet)'
      : 't short';
}

/** The planner objective that serves a goal. */
function toObjective(goal: AllocationGoal): Objective {
  return goal.kind === 'dependence'
    ? { kind: 'dependence', jurisdiction: goal.jurisdiction }
    : { kind: 'cost' };
}

/** The goal's value in a plan result: total cost, the dependence objective, or tonnes short. */
export function measureGoal(goal: AllocationGoal, result: PlanResult): number {
  if (goal.kind === 'shortfall') return result.shortfall.reduce((a, s) => a + s.tonnes, 0);
  if (goal.kind === 'cost') return result.costs.total;
  return result.objective.value ?? Number.NaN;
}

/** A copy of the model with project decisions set and budget policies replaced (parsed, never mutated). */
function withDecisions(
  model: Model,
  decisions: ReadonlyMap<string, 'optional' | 'committed' | 'excluded'>,
  budgets: { budget?: number; funderBudgets: Record<string, number> } | undefined,
  goal: AllocationGoal,
): Model {
  const input = structuredClone(model) as unknown as ModelInput & {
    projects: { id: string; decision: string }[];
    policies: { kind: string }[];
    demands: { unmetCost?: number }[];
  };
  for (const p of input.projects) p.decision = decisions.get(p.id) ?? p.decision;
  const policies = input.policies.filter((p) => p.kind !== 'budget');
  if (budgets) {
    // The allocation's budgets bound what it decides: the model's optional projects. Committed ones are
    // already funded (and dependency branching commits projects only to force them, not to exempt them).
    const projects = model.projects.filter((p) => p.decision === 'optional').map((p) => p.id);
    if (budgets.budget !== undefined)
      policies.push(
        policySchema.parse({
          id: 'allocation-budget',
          kind: 'budget',
          projects,
          limit: budgets.budget,
        }) as never,
      );
    for (const [funder, limit] of Object.entries(budgets.funderBudgets))
      policies.push(
        policySchema.parse({
          id: `allocation-budget:${funder}`,
          kind: 'budget',
          funder,
          projects,
          limit,
        }) as never,
      );
  }
  input.policies = policies;
  if (goal.kind === 'shortfall') for (const d of input.demands) d.unmetCost = SHORTFALL_FIRST;
  return modelSchema.parse(input);
}

/**
 * Chooses projects for a goal under budgets with the planner's MIP. Dependencies (`dependsOn`) are
 * enforced by branching outside the MIP: a portfolio that builds a project without its dependency
 * is re-solved with the project excluded and with the dependency committed, and the better kept.
 * Several scenarios: each scenario's best portfolio is a candidate; each candidate is evaluated
 * under every scenario and the best mean wins (a heuristic, not a stochastic program).
 *
 * @example await allocateCapital(model, { solver, goal: { kind: 'cost' }, budget: 150e6 })
 */
export async function allocateCapital(model: Model, options: AllocateOptions): Promise<AllocationResult> {
  const { goal } = options;
  const funderBudgets = options.funderBudgets ?? {};
  if (options.budget !== undefined && !(options.budget >= 0))
    throw new CoordinateError(
      'ALLOCATE_NEGATIVE_BUDGET',
      `the budget must be a non-negative amount of USD a year; got ${options.budget}`,
    );
  for (const [funder, limit] of Object.entries(funderBudgets)) {
    if (!(limit >= 0))
      throw new CoordinateError(
        'ALLOCATE_NEGATIVE_BUDGET',
        `the budget of funder '${funder}' must be a non-negative amount of USD a year; got ${limit}`,
      );
    if (!model.projects.some((p) => p.financing.some((s) => s.source === funder))) {
      throw new CoordinateError(
        'ALLOCATE_BAD_GOAL',
        `no project is financed by '${funder}'; funders: ${[...new Set(model.projects.flatMap((p) => p.financing.map((s) => s.source)))].join(', ')}`,
      );
    }
  }
  if (goal.kind === 'dependence' && !model.jurisdictions.some((j) => j.id === goal.jurisdiction)) {
    throw new CoordinateError(
      'ALLOCATE_BAD_GOAL',
      `goal dependence:${goal.jurisdiction} names a jurisdiction the model does not have; it has ${model.jurisdictions.map((j) => j.id).join(', ')}`,
    );
  }
  const cycle = checkProjectDependencies(model)[0];
  if (cycle) throw new CoordinateError(cycle.code as 'PROJECT_DEPENDENCY_CYCLE', cycle.message);
  const optional = model.projects.filter((p) => p.decision === 'optional');
  if (optional.length === 0)
    throw new CoordinateError(
      'ALLOCATE_NO_PROJECTS',
      'the model has no optional project to allocate capital to (every project is committed or excluded)',
    );
  const notes: string[] = [];
  const scenarios = options.scenarios && options.scenarios.length > 0 ? [...options.scenarios] : [undefined];
  const bases = scenarios.map((id) => {
    if (id === undefined) return model;
    const applied = applyScenario(model, id);
    if (!applied.model || hasErrors(applied.issues))
      throw new CoordinateError(
        'ALLOCATE_BAD_GOAL',
        `scenario '${id}' cannot be applied: ${applied.issues[0]?.message ?? 'unknown scenario'}`,
      );
    return applied.model;
  });
  // Judged on the horizon each plan actually runs over: a scenario may lengthen it (e.g. yearly periods).
  for (const base of new Set(bases.map((b) => b.horizon))) {
    const late = optional.filter((p) => {
      const start = p.earliestStart === undefined ? 0 : Math.max(0, periodIndex(base, p.earliestStart));
      return start + Math.ceil(p.buildTime / ((365 / 12) * monthsPerPeriod(base)) - 1e-9) >= base.periods;
    });
    if (late.length > 0)
      notes.push(
        `${late.map((p) => projectLabel({ project: p.id, name: p.name })).join(', ')} cannot be online inside the horizon (${base.periods} ${base.step}s), so the plan cannot value ${late.length === 1 ? 'it' : 'them'}; lengthen the horizon (a scenario that sets horizon.step and horizon.periods) to compare them`,
      );
  }
  const budgets = { ...definedFields({ budget: options.budget }), funderBudgets };
  let solves = 0;
  const solve = async (
    base: Model,
    decisions: Map<string, 'optional' | 'committed' | 'excluded'>,
    withBudget: boolean,
    label: string,
  ): Promise<PlanResult> => {
    options.onProgress?.(label);
    solves++;
    const result = await plan(withDecisions(base, decisions, withBudget ? budgets : undefined, goal), {
      solver: options.solver,
      objective: toObjective(goal),
      ...definedFields({ timeLimitSeconds: options.timeLimitSeconds, mipGap: options.mipGap }),
    });
    if (result.status !== 'optimal' && result.status !== 'time-limit')
      throw new CoordinateError(
        'ALLOCATE_INFEASIBLE',
        `the plan for ${label} is ${result.status}${result.message ? `: ${result.message}` : ''}`,
      );
    if (result.status === 'time-limit')
      notes.push(`${label}: stopped at the time limit; the portfolio may not be optimal`);
    return result;
  };
  const builtOf = (result: PlanResult): Set<string> =>
    new Set(result.projects.filter((p) => p.built).map((p) => p.project));
  const byId = new Map(model.projects.map((p) => [p.id, p]));

  /** Best portfolio for one scenario, with dependencies enforced by branching. */
  const choose = async (
    base: Model,
    decisions: Map<string, 'optional' | 'committed' | 'excluded'>,
    depth: number,
  ): Promise<{ built: Set<string>; value: number } | undefined> => {
    let result: PlanResult;
    try {
      result = await solve(base, decisions, true, `allocation (${goalLabel(goal)})`);
    } catch (error) {
      if (error instanceof CoordinateError && error.code === 'ALLOCATE_INFEASIBLE' && depth > 0)
        return undefined;
      throw error;
    }
    const built = builtOf(result);
    const broken = [...built].flatMap((id) =>
      (byId.get(id)?.dependsOn ?? []).filter((dep) => !built.has(dep)).map((dep) => [id, dep] as const),
    )[0];
    if (!broken || depth >= 8) {
      if (broken)
        notes.push(`dependency branching stopped at depth 8; '${broken[0]}' is built without '${broken[1]}'`);
      return { built, value: measureGoal(goal, result) };
    }
    const [id, dep] = broken;
    const without = await choose(base, new Map([...decisions, [id, 'excluded']]), depth + 1);
    const withDep =
      decisions.get(dep) === 'excluded'
        ? undefined
        : await choose(base, new Map([...decisions, [dep, 'committed']]), depth + 1);
    if (!without) return withDep;
    if (!withDep) return without;
    return withDep.value < without.value ? withDep : without;
  };

  const start = new Map(model.projects.map((p) => [p.id, p.decision]));
  const candidates: Set<string>[] = [];
  for (const base of bases) {
    const best = await choose(base, new Map(start), 0);
    if (!best)
      throw new CoordinateError('ALLOCATE_INFEASIBLE', 'no portfolio satisfies the budgets and dependencies');
    if (!candidates.some((c) => c.size === best.built.size && [...c].every((x) => best.built.has(x))))
      candidates.push(best.built);
  }

  /** Mean goal over the scenarios with exactly `portfolio` of the optional projects built (each portfolio solved once). */
  const evaluated = new Map<string, number>();
  const evaluate = async (portfolio: ReadonlySet<string>, label: string): Promise<number> => {
    const key = [...portfolio].sort().join('|');
    const known = evaluated.get(key);
    if (known !== undefined) return known;
    const decisions = new Map(
      model.projects.map((p) => [
        p.id,
        p.decision === 'optional'
          ? portfolio.has(p.id)
            ? ('committed' as const)
            : ('excluded' as const)
          : p.decision,
      ]),
    );
    let sum = 0;
    for (const base of bases) sum += measureGoal(goal, await solve(base, decisions, false, label));
    evaluated.set(key, sum / bases.length);
    return sum / bases.length;
  };
  const optionalIds = new Set(optional.map((p) => p.id));
  let chosenSet = new Set([...(candidates[0] ?? [])].filter((id) => optionalIds.has(id)));
  let value = await evaluate(chosenSet, 'chosen portfolio');
  if (candidates.length > 1) {
    notes.push(
      `${candidates.length} scenario-optimal portfolios compared on their mean over ${bases.length} scenarios`,
    );
    for (const candidate of candidates.slice(1)) {
      const set = new Set([...candidate].filter((id) => optionalIds.has(id)));
      const v = await evaluate(set, 'candidate portfolio');
      if (v < value) {
        value = v;
        chosenSet = set;
      }
    }
  }
  const baseline = await evaluate(new Set(), 'no optional project');
  // Alone (with its optional dependencies) against no optional project: set beside `buys`/`wouldBuy`, it
  // shows when a project's value depends on the others (complements gain together, substitutes lose).
  const alone = new Map<string, number>();
  for (const p of optional) {
    const set = new Set([p.id, ...(p.dependsOn ?? []).filter((d) => optionalIds.has(d))]);
    alone.set(p.id, baseline - (await evaluate(set, `${p.id} alone`)));
  }
  // Standalone NPV as `reeflow projects` gives it, beside the system value; one scenario only (NPV has no mean).
  const single = bases.length === 1 ? bases[0] : undefined;
  const described = (id: string) => {
    const p = byId.get(id);
    const npv = single && p ? appraiseProject(single, p).npv : undefined;
    return { project: id, ...definedFields({ name: p?.name, npv }), status: p?.status ?? 'proposed' };
  };
  const buysOf = async (set: ReadonlySet<string>, at: number): Promise<ChosenProject[]> => {
    const out: ChosenProject[] = [];
    for (const id of [...set].sort()) {
      const rest = new Set([...set].filter((x) => x !== id && !(byId.get(x)?.dependsOn ?? []).includes(id)));
      out.push({
        ...described(id),
        capex: byId.get(id)?.capex ?? 0,
        buys: (await evaluate(rest, `without ${id}`)) - at,
        alone: alone.get(id) ?? 0,
      });
    }
    return out;
  };
  let chosen = await buysOf(chosenSet, value);
  // Ties: the MIP is indifferent between portfolios with the same goal, so it may fund projects that
  // buy nothing. Drop the dearest such project, one at a time (two may each look free while the other stays).
  for (;;) {
    const idle = chosen
      .filter((c) => c.buys <= GOAL_TOLERANCE * Math.max(1, Math.abs(value)))
      .sort((a, b) => b.capex - a.capex || a.project.localeCompare(b.project))[0];
    if (!idle) break;
    chosenSet = new Set(
      [...chosenSet].filter(
        (x) => x !== idle.project && !(byId.get(x)?.dependsOn ?? []).includes(idle.project),
      ),
    );
    value = await evaluate(chosenSet, `without ${idle.project}`);
    notes.push(
      `${projectLabel({ project: idle.project, name: byId.get(idle.project)?.name })} bought nothing for this goal and was not funded (the same goal for USD ${(idle.capex / 1e6).toLocaleString('en-US', { maximumFractionDigits: 1 })}M less capital)`,
    );
    chosen = await buysOf(chosenSet, value);
  }
  const unfunded: UnfundedProject[] = [];
  for (const p of optional) {
    if (chosenSet.has(p.id)) continue;
    const plus = new Set([...chosenSet, p.id, ...(p.dependsOn ?? []).filter((d) => optionalIds.has(d))]);
    unfunded.push({
      ...described(p.id),
      capex: p.capex,
      wouldBuy: value - (await evaluate(plus, `with ${p.id}`)),
      alone: alone.get(p.id) ?? 0,
    });
  }
  unfunded.sort((a, b) => b.wouldBuy - a.wouldBuy || a.project.localeCompare(b.project));
  const result: Omit<AllocationResult, 'explanations'> = {
    goal: goalLabel(goal),
    unit: goalUnit(goal),
    currency: model.settings.currency,
    horizons: bases
      .map(({ horizon: { start, periods, step } }) => ({ start, periods, step }))
      .filter(
        (h, i, all) =>
          all.findIndex(
            (o) => `${o.start}/${o.periods}/${o.step}` === `${h.start}/${h.periods}/${h.step}`,
          ) === i,
      ),
    ...definedFields({ budget: options.budget }),
    funderBudgets,
    scenarios: scenarios.filter((s): s is string => s !== undefined),
    value,
    baseline,
    chosen,
    unfunded,
    ...(unfunded[0] ? { nextBest: unfunded[0] } : {}),
    fixed: model.projects
      .filter((p) => p.decision !== 'optional')
      .map((p) => ({ ...described(p.id), decision: p.decision })),
    solves,
    notes,
  };
  return { ...result, explanations: explainAllocation(result) };
}
