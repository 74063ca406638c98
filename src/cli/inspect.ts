import type { Command } from 'commander';
import { summarizeModel } from '../model/index.js';
import type { CliIo } from './io.js';
import { readModel } from './model-input.js';
import { formatNumber, formatShare, printIssues, renderTable, toJson } from './output.js';

/** Tonnes per year: whole tonnes, and two decimals below 1 t so a tiny capacity does not read as 0. */
const tonnes = (value: number): string => formatNumber(value, value > 0 && value < 1 ? 2 : 0);

/** `reeflow inspect <model>`: counts, capacity by stage and country, element content of capacity. */
export function registerInspect(program: Command, io: CliIo, setExit: (code: number) => void): void {
  program
    .command('inspect')
    .description('summarise a model: counts, capacity by stage and country, element content of capacity')
    .argument('<model>', 'model folder or file')
    .option('--scenario <name>', 'inspect the model with this scenario applied')
    .option('--stage <stage>', 'only this stage, in both tables')
    .option('--json', 'print the summary as JSON')
    .addHelpText(
      'after',
      '\nExamples:\n  reeflow inspect data/world\n  reeflow inspect data/world --stage mining --json\n',
    )
    .action(async (path: string, options: { scenario?: string; stage?: string; json?: boolean }) => {
      const { model, issues } = await readModel(path, { cwd: io.cwd, scenario: options.scenario });
      if (!model) {
        printIssues(issues, io.stderr);
        io.stderr(`${path}: not valid; run 'reeflow validate ${path}' for details\n`);
        setExit(1);
        return;
      }
      printIssues(
        issues.filter((i) => i.severity === 'warning'),
        io.stderr,
      );
      const summary = summarizeModel(model);
      if (options.stage) {
        summary.capacity = summary.capacity.filter((r) => r.stage === options.stage);
        summary.elementCapacity = summary.elementCapacity.filter((r) => r.stage === options.stage);
      }
      const stageTotal = (stage: string): number =>
        summary.capacity.filter((r) => r.stage === stage).reduce((sum, r) => sum + r.effective, 0);
      if (options.json) {
        io.stdout(toJson(summary));
        setExit(0);
        return;
      }
      const counts = Object.entries(summary.counts)
        .filter(([, n]) => n > 0)
        .map(([k, n]) => `${n} ${k}`)
        .join(', ');
      io.stdout(
        `${summary.name}\nhorizon: ${summary.horizon.periods} ${summary.horizon.step}s from ${summary.horizon.start}\n${counts}, ${summary.processes} processes\n\n`,
      );
      io.stdout(
        "Capacity by stage and country (effective = capacity × availability, t/yr on each process's reference flow; mining and separation in t REO)\n",
      );
      io.stdout(
        `${renderTable(
          ['stage', 'country', 'capacity', 'effective', 'share', 't REO out/yr'],
          summary.capacity.map((r) => [
            r.stage,
            r.jurisdiction,
            tonnes(r.capacity),
            tonnes(r.effective),
            stageTotal(r.stage) > 0 ? formatShare(r.share) : '–',
            formatNumber(r.reoOutput),
          ]),
        )}\n\n`,
      );
      const stages = [...new Set(summary.elementCapacity.map((e) => e.stage))];
      const elements = [...new Set(summary.elementCapacity.map((e) => e.element))];
      io.stdout('Element content of output capacity (t REO/yr)\n');
      io.stdout(
        `${renderTable(
          ['stage', ...elements],
          stages.map((s) => [
            s,
            ...elements.map((e) =>
              formatNumber(
                summary.elementCapacity.find((x) => x.stage === s && x.element === e)?.reoOutput ?? 0,
              ),
            ),
          ]),
        )}\n`,
      );
      setExit(0);
    });
}
