import { createWriteStream } from 'node:fs';
import { writeFile } from 'node:fs/promises';
import { once } from 'node:events';
import { performance } from 'node:perf_hooks';
import type { Command } from 'commander';
import {
  OBJECTIVE_FORMS,
  buildProblem,
  compareWithLeastCost,
  parseObjective,
  plan,
  verifyPlan,
  type Objective,
  type PlanResult,
} from '../plan/index.js';
import type { Model } from '../model/index.js';
import { createSolver, writeLp, writeMps, type SolverName, type Problem } from '../solver/index.js';
import { CliError } from './errors.js';
import { COMMAND_EXIT_CODES } from './exit-codes.js';
import type { CliIo } from './io.js';
import { readModel } from './model-input.js';
import { formatAmount, formatNumber, formatShare, printIssues, renderTable, toJson } from './output.js';
import { renderEnvironment, renderLeastCostComparison } from './plan-environment.js';
import { createPhaseIndicator } from './progress.js';
import { definedFields } from '../defined-fields.js';

const SOLVERS: readonly SolverName[] = ['highs', 'cbc', 'glpk', 'highs-native'];

interface PlanCliOptions {
  scenario?: string;
  objective: string;
  out?: string;
  lp?: string;
  mps?: string;
  json?: boolean;
  solver: string;
  timeLimit?: string;
  mipGap?: string;
  method: string;
  quiet?: boolean;
}

async function writeProblemFile(problem: Problem, path: string, format: 'lp' | 'mps'): Promise<void> {
  const stream = createWriteStream(path);
  const sink = (chunk: string): void => void stream.write(chunk);
  if (format === 'lp') writeLp(problem, sink, { names: 'readable' });
  else writeMps(problem, sink, { names: 'readable', markFree: true });
  stream.end();
  await once(stream, 'finish');
}

function positiveNumber(text: string | undefined, flag: string): number | undefined {
  if (text === undefined) return undefined;
  const value = Number(text);
  if (!Number.isFinite(value) || value <= 0)
    throw new CliError('CLI_BAD_OPTION', `${flag} expects a positive number; got '${text}'`);
  return value;
}

/** The unit of each objective's value, for the summary line. */
const OBJECTIVE_UNITS: Record<PlanResult['objective']['kind'], string> = {
  cost: ' USD',
  emissions: ' tCO2e (+ weighted unmet demand)',
  dependence: ' t REO shipped out (+ weighted unmet demand)',
  weighted: '',
};

/**
 * The human summary of a plan: objective, costs, shortfalls, binding constraints, shadow prices, shares.
 * With the model, the magnet row counts finished magnets only (materials of kind `magnet`), not the
 * scrap the sintering step also makes.
 */
export function renderPlanSummary(result: PlanResult, model?: Pick<Model, 'materials'>): string {
  const lines: string[] = [];
  lines.push(
    `${result.model}${result.scenario ? ` — scenario ${result.scenario}` : ''}: ${result.status}${result.message ? ` (${result.message})` : ''}`,
  );
  if (result.objective.value !== undefined)
    lines.push(
      `objective (${result.objective.kind}${result.objective.jurisdiction ? `:${result.objective.jurisdiction}` : ''}): ${formatNumber(result.objective.value)}${OBJECTIVE_UNITS[result.objective.kind]}`,
    );
  if (result.objective.tieBreak)
    lines.push(
      `Ties broken by cost: of the plans within ${result.objective.tieBreak.tolerance.toExponential(0)} of this ` +
        `${result.objective.kind} value, this is the least-cost one (${formatNumber(result.costs.total)} USD).`,
    );
  lines.push(
    `${result.stats.columns} variables, ${result.stats.rows} constraints; solved by ${result.stats.solver} in ${result.stats.solveSeconds.toFixed(2)}s`,
    '',
  );
  const costs = Object.entries(result.costs).filter(([k, v]) => k !== 'total' && Math.abs(v) > 0.5);
  if (costs.length > 0) {
    lines.push('Cost by category (USD over the horizon)');
    lines.push(
      renderTable(
        ['category', 'USD'],
        [...costs.map(([k, v]) => [k, formatNumber(v)]), ['total', formatNumber(result.costs.total)]],
      ),
      '',
    );
  }
  lines.push(...renderEnvironment(result));
  if (result.leastCost) lines.push(...renderLeastCostComparison(result, result.leastCost));
  const notMagnet = new Set(model?.materials.filter((m) => m.kind !== 'magnet').map((m) => m.id));
  const stageShares = (stage: string): [string, number][] => {
    const totals = new Map<string, number>();
    for (const p of result.production)
      if (p.stage === stage && !(stage === 'magnet' && notMagnet.has(p.material)))
        totals.set(p.country, (totals.get(p.country) ?? 0) + (stage === 'magnet' ? p.tonnes : p.reo));
    return [...totals].sort((a, b) => b[1] - a[1]);
  };
  for (const stage of ['mining', 'separation', 'magnet']) {
    const shares = stageShares(stage);
    const total = shares.reduce((a, [, v]) => a + v, 0);
    if (total <= 0) continue;
    const unit = stage !== 'magnet' ? 't REO' : model ? 't finished magnets' : 't';
    lines.push(`${stage} output by country (${unit}), top 6`);
    lines.push(
      renderTable(
        ['country', 'output', 'share'],
        shares.slice(0, 6).map(([j, v]) => [j, formatNumber(v), formatShare(v / total)]),
      ),
      '',
    );
  }
  if (result.shortfall.length > 0) {
    lines.push('Shortfalls');
    lines.push(
      renderTable(
        ['demand', 'material', 't short', 'share'],
        result.shortfall.map((s) => [s.demand, s.material, formatNumber(s.tonnes, 1), formatShare(s.share)]),
      ),
      '',
    );
  }
  if (result.diagnosis.length > 0) lines.push('Why', ...result.diagnosis.map((d) => `  - ${d}`), '');
  if (result.binding.length > 0) {
    lines.push('Binding constraints (largest shadow price first)');
    lines.push(
      renderTable(
        ['constraint', 'id', 'periods', 'USD per unit'],
        result.binding
          .slice(0, 10)
          .map((b) => [b.kind, b.id, String(b.periods.length), formatAmount(b.value)]),
      ),
      '',
    );
  }
  const built = result.projects.filter((p) => p.built);
  if (built.length > 0)
    lines.push(
      `Projects built: ${built.map((p) => `${p.project} (online ${p.onlinePeriod})`).join(', ')}`,
      '',
    );
  return `${lines.join('\n')}\n`;
}

/** `reeflow plan <model>`: solve the multi-period plan and summarise it. */
export function registerPlan(program: Command, io: CliIo, setExit: (code: number) => void): void {
  program
    .command('plan')
    .description(
      'plan production, logistics and expansion over the horizon at least cost (or emissions, or dependence)',
    )
    .argument('<model>', 'model folder or file')
    .option('--scenario <name>', 'apply this scenario first')
    .option('--objective <objective>', `what to minimise: ${OBJECTIVE_FORMS}`, 'cost')
    .option('--solver <name>', `solver: ${SOLVERS.join(', ')} (the native ones must be on PATH)`, 'highs')
    .option('--method <method>', 'LP algorithm: auto, simplex or ipm (interior point with crossover)', 'auto')
    .option('--time-limit <seconds>', 'stop the solver after this many seconds')
    .option('--mip-gap <fraction>', 'relative MIP gap to stop at, e.g. 0.01')
    .option('--out <file>', 'write the full result as JSON to this file')
    .option('--lp <file>', 'also write the problem as a CPLEX LP file')
    .option('--mps <file>', 'also write the problem as a free MPS file')
    .option('--json', 'print the full result as JSON on stdout')
    .option('--quiet', 'no progress on stderr')
    .addHelpText(
      'after',
      '\nExamples:\n  reeflow plan data/world\n  reeflow plan data/world --scenario heavy-ban --out heavy-ban.json\n  reeflow plan data/world --objective dependence:CN --json\n  reeflow plan data/world --mps world.mps --solver cbc\n',
    )
    .action(async (path: string, options: PlanCliOptions) => {
      const objective = parseObjective(options.objective);
      if (!objective)
        throw new CliError(
          'PLAN_UNKNOWN_OBJECTIVE',
          `unknown objective '${options.objective}'; expected ${OBJECTIVE_FORMS}`,
        );
      if (!SOLVERS.includes(options.solver as SolverName))
        throw new CliError(
          'PLAN_UNKNOWN_SOLVER',
          `unknown solver '${options.solver}'; expected one of ${SOLVERS.join(', ')}`,
        );
      const timeLimitSeconds = positiveNumber(options.timeLimit, '--time-limit');
      const method = options.method;
      if (method !== 'auto' && method !== 'simplex' && method !== 'ipm')
        throw new CliError('CLI_BAD_OPTION', `--method expects auto, simplex or ipm; got '${method}'`);
      const mipGap = options.mipGap === undefined ? undefined : Number(options.mipGap);
      if (mipGap !== undefined && !(mipGap >= 0 && mipGap < 1))
        throw new CliError(
          'CLI_BAD_OPTION',
          `--mip-gap expects a fraction between 0 and 1; got '${options.mipGap}'`,
        );
      const progress = createPhaseIndicator(io, !options.quiet);
      // Start the solver now so HiGHS loads while the model is read and checked.
      const solver = createSolver(options.solver as SolverName, { path: io.env['PATH'] ?? '', eager: true });
      progress.phase('loading and checking', path);
      const { model, issues } = await readModel(path, { cwd: io.cwd, scenario: options.scenario });
      progress.stop();
      if (!model) {
        await solver.dispose();
        printIssues(issues, io.stderr);
        io.stderr(`${path}: not valid; nothing was planned\n`);
        setExit(1);
        return;
      }
      if (
        objective.kind === 'dependence' &&
        !model.jurisdictions.some((j) => j.id === objective.jurisdiction)
      ) {
        await solver.dispose();
        throw new CliError(
          'PLAN_UNKNOWN_OBJECTIVE',
          `objective dependence:${objective.jurisdiction} names a jurisdiction the model does not have`,
        );
      }
      if (options.lp || options.mps) {
        const { problem } = buildProblem(model, { objective });
        if (options.lp) await writeProblemFile(problem, options.lp, 'lp');
        if (options.mps) await writeProblemFile(problem, options.mps, 'mps');
      }
      let result: PlanResult;
      try {
        const run = (o: Objective): Promise<PlanResult> =>
          plan(model, {
            solver,
            objective: o,
            clock: () => performance.now(),
            ...definedFields({ scenario: options.scenario, timeLimitSeconds, mipGap }),
            method,
            onProgress: (phase, detail) =>
              phase === 'done' ? progress.stop() : progress.phase(phase, detail),
          });
        result = await run(objective);
        // A plan that trades cost for emissions is read against the least-cost plan of the same model.
        if (objective.kind !== 'cost' && result.status === 'optimal') {
          const leastCost = await run({ kind: 'cost' });
          if (leastCost.status === 'optimal')
            result = { ...result, leastCost: compareWithLeastCost(model, leastCost, result) };
        }
      } finally {
        progress.stop();
        await solver.dispose();
      }
      const violations = verifyPlan(model, result);
      for (const v of violations) io.stderr(`warning PLAN_INVARIANT ${v.code}: ${v.message}\n`);
      if (options.out) await writeFile(options.out, toJson(result));
      if (options.json) io.stdout(toJson(result));
      else io.stdout(renderPlanSummary(result, model));
      setExit(
        result.status === 'optimal' || (result.status === 'time-limit' && result.flows.length > 0)
          ? 0
          : COMMAND_EXIT_CODES.plan.notOptimal.code,
      );
    });
}
