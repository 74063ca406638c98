import type { Command } from 'commander';
import { compareMetrics, concentration, createRiskNetwork, fromPlanResult, importReliance, resultMetrics, type Metric } from '../risk/index.js';
import type { CliIo } from './io.js';
import { readModel } from './model-input.js';
import { readPlanResult } from './plan-result-input.js';
import { printIssues, toJson } from './output.js';
import { renderMetric } from './risk-render.js';

/** `reeflow compare a.json b.json`: two saved results side by side per metric, with b − a. */
export function registerCompare(program: Command, io: CliIo, setExit: (code: number) => void): void {
  program
    .command('compare')
    .description('compare two saved plan results side by side per metric (cost, shortfall, output, HHI; with --model also HHI by country and import reliance)')
    .argument('<a>', 'first result (JSON from reeflow plan --out)')
    .argument('<b>', 'second result')
    .option('--model <path>', 'the model both were planned from, for country-level metrics')
    .option('--changed', 'only rows whose value differs')
    .option('--json', 'print the comparison as JSON')
    .addHelpText('after', '\nExample:\n  reeflow plan data/world --out base.json && reeflow plan data/world --scenario heavy-ban --out ban.json\n  reeflow compare base.json ban.json --model data/world --changed\n')
    .action(async (aPath: string, bPath: string, options: { model?: string; changed?: boolean; json?: boolean }) => {
      const a = await readPlanResult(aPath, io.cwd);
      const b = await readPlanResult(bPath, io.cwd);
      const metricsA: Metric[] = resultMetrics(a);
      const metricsB: Metric[] = resultMetrics(b);
      if (options.model) {
        const { model, issues } = await readModel(options.model, { cwd: io.cwd });
        if (!model) {
          printIssues(issues, io.stderr);
          setExit(1);
          return;
        }
        const network = createRiskNetwork(model);
        for (const [result, list] of [[a, metricsA], [b, metricsB]] as const) {
          const view = fromPlanResult(result, network);
          list.push(concentration(view, network, { elements: ['REO'] }), importReliance(view, network, { group: 'kind' }));
        }
      }
      const comparisons = compareMetrics(metricsA, metricsB).map((m) =>
        options.changed ? { ...m, values: m.values.filter((r) => Math.abs(r.value) > 1e-6 * Math.max(1, Math.abs(r.a), Math.abs(r.b))) } : m,
      );
      if (options.json) io.stdout(toJson({ a: aPath, b: bPath, comparisons }));
      else io.stdout(`a = ${aPath} (${a.scenario ?? 'base'}, ${a.status}); b = ${bPath} (${b.scenario ?? 'base'}, ${b.status}); difference = b − a\n\n${comparisons.map((m) => renderMetric(m)).join('\n')}`);
    });
}
