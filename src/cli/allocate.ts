import type { Command } from 'commander';
import { allocateCapital, GOAL_FORMS, parseGoal, type AllocationResult } from '../coordinate/index.js';
import { parseMoney } from '../model/index.js';
import { createSolver } from '../solver/index.js';
import { CliError } from './errors.js';
import type { CliIo } from './io.js';
import { readModel } from './model-input.js';
import { printIssues, toJson } from './output.js';
import { renderAllocation } from './allocate-render.js';

export { renderAllocation } from './allocate-render.js';
import { createPhaseIndicator } from './progress.js';

interface AllocateCliOptions {
  budget?: string;
  funderBudget: string[];
  goal: string;
  scenario?: string;
  json?: boolean;
  quiet?: boolean;
}

/** `850M`, `-5M` (negative: a coded error, not an unknown format), `1.2B`. */
function toBudget(text: string, flag: string): number {
  const negative = /^\s*-/.test(text);
  const value = parseMoney(text.replace(/^\s*-/, ''));
  if (value === undefined)
    throw new CliError(
      'CLI_BAD_OPTION',
      `${flag} expects an amount of USD a year such as 150M or 2.5B; got '${text}'`,
    );
  if (negative) throw new CliError('ALLOCATE_NEGATIVE_BUDGET', `${flag} must not be negative; got '${text}'`);
  return value;
}

/** `reeflow allocate <model> --budget … --goal …`: which projects to fund, and what each buys. */
export function registerAllocate(program: Command, io: CliIo, setExit: (code: number) => void): void {
  program
    .command('allocate')
    .description(
      "choose the optional projects that best serve a goal under budgets (the planner's MIP), and what each buys",
    )
    .argument('<model>', 'model folder or file')
    .option(
      '--budget <usd>',
      'most capex started a year over the optional projects (committed ones are already funded), e.g. 150M',
    )
    .option(
      '--funder-budget <funder=usd>',
      "most one funder puts in a year, e.g. 'China Development Bank=100M' (repeatable)",
      (value: string, previous: string[]) => [...previous, value],
      [] as string[],
    )
    .option('--goal <goal>', `what to serve: ${GOAL_FORMS}`, 'cost')
    .option('--scenario <names>', 'plan under this scenario, or the mean over a comma list of them')
    .option('--json', 'print the result as JSON')
    .option('--quiet', 'no progress on stderr')
    .addHelpText(
      'after',
      '\nExamples:\n  reeflow allocate data/two-base --budget 200M --goal cost\n  reeflow allocate data/two-base --budget 150M --funder-budget "China Development Bank=80M" --goal shortfall --scenario la-ce-market-slump\n',
    )
    .action(async (path: string, options: AllocateCliOptions) => {
      const goal = parseGoal(options.goal);
      if (!goal)
        throw new CliError('ALLOCATE_BAD_GOAL', `unknown goal '${options.goal}'; expected ${GOAL_FORMS}`);
      const budget = options.budget === undefined ? undefined : toBudget(options.budget, '--budget');
      const funderBudgets: Record<string, number> = {};
      for (const entry of options.funderBudget) {
        const at = entry.lastIndexOf('=');
        if (at <= 0)
          throw new CliError(
            'CLI_BAD_OPTION',
            `--funder-budget expects FUNDER=AMOUNT, e.g. 'China Development Bank=100M'; got '${entry}'`,
          );
        funderBudgets[entry.slice(0, at).trim()] = toBudget(
          entry.slice(at + 1),
          `--funder-budget ${entry.slice(0, at).trim()}`,
        );
      }
      const { model, issues } = await readModel(path, { cwd: io.cwd });
      if (!model) {
        printIssues(issues, io.stderr);
        io.stderr(`${path}: not valid; nothing was allocated\n`);
        setExit(1);
        return;
      }
      const progress = createPhaseIndicator(io, !options.quiet && !options.json);
      const solver = createSolver('highs');
      let result: AllocationResult;
      try {
        result = await allocateCapital(model, {
          solver,
          goal,
          ...(budget === undefined ? {} : { budget }),
          funderBudgets,
          ...(options.scenario === undefined
            ? {}
            : {
                scenarios: options.scenario
                  .split(',')
                  .map((s) => s.trim())
                  .filter((s) => s.length > 0),
              }),
          onProgress: (step) => progress.phase('solving', step),
        });
      } finally {
        progress.stop();
        await solver.dispose();
      }
      io.stdout(options.json ? toJson(result) : renderAllocation(result));
    });
}
