import type { Command } from 'commander';
import { compareRuns, createRiskNetwork, isChanged, type RiskNetwork } from '../risk/index.js';
import { renderComparison } from './compare-render.js';
import type { CliIo } from './io.js';
import { readModel } from './model-input.js';
import { describeRun, readRunResult } from './run-result-input.js';
import { printIssues, toJson } from './output.js';

/** `reeflow compare a.json b.json`: two saved runs (plans or simulations, any combination) side by side per metric, with b − a. */
export function registerCompare(program: Command, io: CliIo, setExit: (code: number) => void): void {
  program
    .command('compare')
    .description(
      'compare two saved runs — plan results or simulation results, in any combination — side by side per metric: fill rate and tonnes short (distributions for simulations), cost, output, HHI; with --model also HHI by country and import reliance. Only rows that changed are shown unless --all',
    )
    .argument('<a>', 'first result (JSON from reeflow plan --out or reeflow simulate --out)')
    .argument('<b>', 'second result')
    .option(
      '--model <path>',
      'the model both ran on (scenario applied for a simulation), for flow-based metrics',
    )
    .option('--scenario <name>', 'apply this scenario to --model first')
    .option('--all', 'every row, also those that did not change (the default shows changed rows only)')
    .option('--changed', 'only rows whose value differs (the default; kept for scripts)')
    .option('--json', 'print the comparison as JSON')
    .addHelpText(
      'after',
      '\nExamples:\n  reeflow plan data/world --out base.json && reeflow plan data/world --scenario heavy-ban --out ban.json\n  reeflow compare base.json ban.json --model data/world\n  reeflow compare base.json ban.json --all --json > all-rows.json\n  reeflow simulate data/world --scenario heavy-ban --out sim.json && reeflow compare ban.json sim.json\n',
    )
    .action(
      async (
        aPath: string,
        bPath: string,
        options: { model?: string; scenario?: string; all?: boolean; json?: boolean },
      ) => {
        const a = await readRunResult(aPath, io.cwd);
        const b = await readRunResult(bPath, io.cwd);
        let network: RiskNetwork | undefined;
        if (options.model) {
          const { model, issues } = await readModel(options.model, {
            cwd: io.cwd,
            scenario: options.scenario,
          });
          if (!model) {
            printIssues(issues, io.stderr);
            setExit(1);
            return;
          }
          network = createRiskNetwork(model);
        }
        const { kinds, comparisons: every, notCompared: onlyOne } = compareRuns(a, b, { network });
        const comparisons = every.map((m) =>
          options.all === true ? m : { ...m, values: m.values.filter(isChanged) },
        );
        if (options.json) io.stdout(toJson({ a: aPath, b: bPath, kinds, comparisons, notCompared: onlyOne }));
        else {
          const note =
            onlyOne.length > 0
              ? `\nOnly one side has: ${onlyOne.join(', ')}${network ? '' : ' (give --model for flow-based metrics)'}\n`
              : '';
          io.stdout(
            `a = ${describeRun(aPath, a)}; b = ${describeRun(bPath, b)}; difference = b − a\n\n${comparisons.map((m, i) => renderComparison(m, every[i]?.values.length ?? 0, options.all === true)).join('\n')}${note}`,
          );
        }
      },
    );
}
