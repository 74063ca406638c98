import type { Command } from 'commander';
import { sizeStockpile, type StockpileSizing } from '../simulate/index.js';
import { COMMAND_EXIT_CODES } from './exit-codes.js';
import type { CliIo } from './io.js';
import { formatNumber, formatShare, renderTable, toJson } from './output.js';
import {
  fractionOption,
  readSimulationInputs,
  readSimulationOptions,
  wholeNumber,
  type SimulationFlags,
} from './simulate-input.js';

interface StockpileCliOptions extends SimulationFlags {
  material: string;
  holder: string;
  node?: string;
  target: string;
  confidence: string;
  runs: string;
  seed: string;
  workers: string;
  json?: boolean;
  quiet?: boolean;
}

function renderSizing(sizing: StockpileSizing): string {
  const head =
    sizing.level === undefined
      ? `No stockpile of ${sizing.material} at ${sizing.node} up to the largest level tried keeps ${sizing.holder}'s fill rate at ${formatShare(sizing.target)} in ${formatShare(sizing.confidence)} of runs.`
      : `Smallest stockpile of ${sizing.material} held by ${sizing.holder} at ${sizing.node}: ${formatNumber(sizing.level, 1)} t keeps the fill rate ≥ ${formatShare(sizing.target)} in ${formatShare(sizing.confidence)} of runs.`;
  // The fill rate prints to 0.01% and each level says whether it meets the target, so 94.96% is not read as 95%.
  const table = renderTable(
    ['level (t)', `fill rate at P${Math.round((1 - sizing.confidence) * 100)}`, 'meets target'],
    sizing.steps.map((s) => [
      formatNumber(s.level, 1),
      `${(s.fillRate * 100).toFixed(2)}%`,
      s.fillRate >= sizing.target - 1e-12 ? 'yes' : 'no',
    ]),
  );
  const note = sizing.note ? `Why: ${sizing.note}.\n` : '';
  return `${head}\n${note}Demands protected: ${sizing.demands.join(', ')}\n\n${table}\n`;
}

/** `reeflow stockpile <model>`: size a stockpile by bisection over Monte Carlo runs. */
export function registerStockpile(program: Command, io: CliIo, setExit: (code: number) => void): void {
  program
    .command('stockpile')
    .description(
      'find the smallest stockpile of a material at a holder that keeps its fill rate above a target under a scenario',
    )
    .argument('<model>', 'model folder or file')
    .requiredOption('--material <id>', 'material stockpiled, e.g. Dy-oxide')
    .requiredOption(
      '--holder <id>',
      'a jurisdiction (its consumers are protected) or the holder of an existing stockpile',
    )
    .option(
      '--node <facility>',
      "where a new stockpile is held (default: the holder's existing stockpile or first consumer)",
    )
    .option('--scenario <name>', 'apply this scenario')
    .option('--target <fraction>', 'fill rate to keep', '0.95')
    .option('--confidence <fraction>', 'share of runs that must reach the target', '0.95')
    .option('--runs <n>', 'replications per level (the same seeds at every level)', '100')
    .option('--days <n>', 'days simulated', '365')
    .option('--seed <n>', 'master seed', '1')
    .option('--step <day|week>', 'time step')
    .option('--allocation <policy>', 'plan (default), pro-rata or priority')
    .option('--outage-rate <r>', 'unplanned outages per facility per year')
    .option('--options <file>', 'simulation options as YAML or JSON')
    .option('--workers <n>', 'worker threads', '0')
    .option('--json', 'print the result as JSON')
    .option('--quiet', 'no progress on stderr')
    .addHelpText(
      'after',
      '\nExample:\n  reeflow stockpile data/world --scenario heavy-ban --material Dy-oxide --holder JP --target 0.95\n',
    )
    .action(async (path: string, flags: StockpileCliOptions) => {
      const target = fractionOption(flags.target, '--target') ?? 0.95;
      const confidence = fractionOption(flags.confidence, '--confidence') ?? 0.95;
      const options = await readSimulationOptions(io, flags);
      const { model, plan } = await readSimulationInputs(io, path, options, flags.scenario);
      const sizing: StockpileSizing = await sizeStockpile(model, options, plan, {
        material: flags.material,
        holder: flags.holder,
        ...(flags.node ? { node: flags.node } : {}),
        target,
        confidence,
        runs: wholeNumber(flags.runs, '--runs', 1, 1_000_000) ?? 100,
        seed: wholeNumber(flags.seed, '--seed', 0, 0xffffffff) ?? 1,
        workers: wholeNumber(flags.workers, '--workers', 0, 256) ?? 0,
        ...(flags.quiet
          ? {}
          : {
              onStep: (step: { level: number; fillRate: number; meetsTarget: boolean }) =>
                io.stderr(
                  `sizing: ${formatNumber(step.level, 1)} t → fill rate ${(step.fillRate * 100).toFixed(2)}% ${step.meetsTarget ? 'meets' : 'misses'} the target\n`,
                ),
            }),
      });
      io.stdout(flags.json ? toJson(sizing) : renderSizing(sizing));
      setExit(sizing.level === undefined ? COMMAND_EXIT_CODES.stockpile.noLevel.code : 0);
    });
}
