import { writeFile } from 'node:fs/promises';
import type { Command } from 'commander';
import {
  explainAgainstPlan,
  representativeFlows,
  runMonteCarlo,
  runReplications,
  summarizeRuns,
  type MonteCarloResult,
  type RunSummary,
} from '../simulate/index.js';
import { VERSION } from '../version.js';
import { COMMAND_EXIT_CODES } from './exit-codes.js';
import type { CliIo } from './io.js';
import { formatNumber, formatShare, renderTable, toJson } from './output.js';
import {
  createRunProgress,
  readSimulationInputs,
  readSimulationOptions,
  wholeNumber,
  type SimulationFlags,
} from './simulate-input.js';
import { runDistributed } from './sim-queue.js';

interface SimulateCliOptions extends SimulationFlags {
  runs: string;
  seed: string;
  json?: boolean;
  out?: string;
  workers?: string;
  database?: string;
  schema?: string;
  quiet?: boolean;
}

const pct = (d: { mean: number; p5: number; p50: number; p95: number }): string[] => [
  formatShare(d.mean),
  formatShare(d.p5),
  formatShare(d.p50),
  formatShare(d.p95),
];

/** The human summary: system fill rate, consumers and elements short, demands that did not recover, stockpile minima, events. */
export function renderSimulationSummary(result: MonteCarloResult): string {
  const lines = [
    `${result.model}${result.scenario ? ` — scenario ${result.scenario}` : ''}: ${result.runs} run${result.runs === 1 ? '' : 's'} × ${result.days} days, seed ${result.seed}, allocation ${result.allocation}`,
  ];
  if (result.deterministic)
    lines.push(
      'No random events (no outages, route closures, demand surges or licence draws): every run is the same, so one run tells it all.',
    );
  lines.push(
    `system fill rate: mean ${formatShare(result.system.fillRate.mean)}, P5 ${formatShare(result.system.fillRate.p5)}; tonnes short P50 ${formatNumber(result.system.tonnesShort.p50, 1)}, P95 ${formatNumber(result.system.tonnesShort.p95, 1)}`,
    '',
  );
  const short = result.consumers
    .filter((c) => c.fillRate.p5 < 0.9999)
    .sort((a, b) => a.fillRate.mean - b.fillRate.mean);
  if (short.length > 0) {
    lines.push('Fill rate by consumer and element (t REO), where any run went short');
    lines.push(
      renderTable(
        ['consumer', 'jurisdiction', 'element', 'mean', 'P5', 'P50', 'P95', 't short P50'],
        short
          .slice(0, 30)
          .map((c) => [
            c.node,
            c.jurisdiction,
            c.element,
            ...pct(c.fillRate),
            formatNumber(c.tonnesShort.p50, 2),
          ]),
      ),
      '',
    );
  } else lines.push('No consumer went short in any run.', '');
  const slow = result.demands
    .filter((d) => d.timeToRecover.p95 > 0)
    .sort((a, b) => b.timeToRecover.p50 - a.timeToRecover.p50);
  if (slow.length > 0) {
    lines.push('Days short and time to recover (days)');
    lines.push(
      renderTable(
        ['demand', 'days short P50', 'P95', 'recover P50', 'P95', 'recovered'],
        slow
          .slice(0, 20)
          .map((d) => [
            d.demand,
            formatNumber(d.daysShort.p50),
            formatNumber(d.daysShort.p95),
            formatNumber(d.timeToRecover.p50),
            formatNumber(d.timeToRecover.p95),
            formatShare(d.recoveredShare),
          ]),
      ),
      '',
    );
  }
  const drawn = result.stockpiles.filter((s) => s.minimum.p5 < s.minimum.p95 || s.minimum.mean === 0);
  if (drawn.length > 0) {
    lines.push('Stockpile minimum (t)');
    lines.push(
      renderTable(
        ['stockpile', 'material', 'mean', 'P5', 'P50'],
        drawn
          .slice(0, 20)
          .map((s) => [
            s.stockpile,
            s.material,
            formatNumber(s.minimum.mean, 1),
            formatNumber(s.minimum.p5, 1),
            formatNumber(s.minimum.p50, 1),
          ]),
      ),
      '',
    );
  }
  const events = Object.entries(result.events).filter(([name]) => !name.endsWith('-days'));
  if (events.length > 0)
    lines.push(
      `events per run (mean): ${events.map(([name, d]) => `${name} ${formatNumber(d.mean, 1)}`).join(', ')}`,
    );
  if (result.invariantViolations > 0)
    lines.push(`WARNING: ${result.invariantViolations} runs did not conserve material`);
  return `${lines.join('\n')}\n`;
}

/** `reeflow simulate <model>`: Monte Carlo replications of the network under a scenario. */
export function registerSimulate(program: Command, io: CliIo, setExit: (code: number) => void): void {
  program
    .command('simulate')
    .description(
      'simulate the network day by day under a scenario, many seeded runs: fill rates, shortfalls, time to recover, stockpile use',
    )
    .argument('<model>', 'model folder or file')
    .option('--scenario <name>', 'apply this scenario (the baseline plan is made without it)')
    .option('--runs <n>', 'replications', '100')
    .option('--days <n>', 'days simulated', '365')
    .option('--seed <n>', 'master seed; the same seed gives the same numbers', '1')
    .option('--step <day|week>', 'time step')
    .option('--allocation <policy>', 'plan (default: ship as the baseline plan does), pro-rata or priority')
    .option('--outage-rate <r>', 'unplanned outages per facility per year (default 0)')
    .option('--options <file>', 'simulation options as YAML or JSON (see docs/simulate.md)')
    .option('--workers <n>', 'worker threads (0 = this thread)', '0')
    .option(
      '--database <url>',
      'run batches on `reeflow worker` processes through this PostgreSQL (postgres://user@host/db)',
    )
    .option('--schema <name>', 'pg-boss schema for --database', 'pgboss')
    .option('--out <file>', 'write the full result as JSON')
    .option('--json', 'print the full result as JSON on stdout')
    .option('--quiet', 'no progress on stderr')
    .addHelpText(
      'after',
      '\nExamples:\n  reeflow simulate data/world --scenario export-control-2025-04 --runs 1000 --seed 42 --workers 2\n  reeflow simulate data/world --outage-rate 0.5 --allocation pro-rata --json\n  reeflow simulate data/world --runs 5000 --database postgres://postgres@127.0.0.1:5432/test\n',
    )
    .action(async (path: string, flags: SimulateCliOptions) => {
      let runs = wholeNumber(flags.runs, '--runs', 1, 10_000_000) ?? 100;
      const seed = wholeNumber(flags.seed, '--seed', 0, 0xffffffff) ?? 1;
      const workers = wholeNumber(flags.workers, '--workers', 0, 256) ?? 0;
      const options = await readSimulationOptions(io, flags);
      const { model, plan, planShortfall } = await readSimulationInputs(io, path, options, flags.scenario);
      const setup = { model, options, ...(plan ? { plan } : {}) };
      // One run first: it checks the options, and when it draws no random number every run is the same.
      const probe = await runReplications(setup, { runs: 1, seed });
      if (runs > 1 && probe.summaries.every((s) => s.randomDraws === 0)) {
        if (!flags.quiet)
          io.stderr(
            `no random events in this scenario, so every run is the same: running once instead of ${runs}\n`,
          );
        runs = 1;
      }
      const progress = createRunProgress(io, !flags.quiet, 'simulating');
      let result: MonteCarloResult;
      try {
        if (flags.database) {
          const { simulator } = probe;
          const summaries: RunSummary[] = await runDistributed(
            { database: flags.database, ...(flags.schema ? { schema: flags.schema } : {}) },
            setup,
            { runs, seed, onProgress: progress.update },
          );
          result = summarizeRuns(model, summaries, {
            seed,
            days: simulator.options.days,
            allocation: simulator.policy.name,
            scenario: flags.scenario,
            version: VERSION,
            buckets: simulator.net,
          });
          const flows = representativeFlows(simulator, summaries, seed);
          if (flows) result = { ...result, flows };
        } else {
          result = await runMonteCarlo(setup, {
            runs,
            seed,
            workers,
            flows: true,
            ...(flags.scenario ? { scenario: flags.scenario } : {}),
            onProgress: progress.update,
          });
        }
      } finally {
        progress.stop();
      }
      if (flags.out) await writeFile(flags.out, toJson(result));
      // Against the plan it follows, only for the baseline without random events: a shock's or an
      // outage's shortfall is not a matter of timing.
      const against =
        flags.scenario === undefined && result.deterministic && planShortfall !== undefined
          ? explainAgainstPlan(result, planShortfall, Math.max(0, ...model.routes.map((r) => r.leadTime)))
          : undefined;
      io.stdout(
        flags.json ? toJson(result) : `${renderSimulationSummary(result)}${against ? `\n${against}\n` : ''}`,
      );
      setExit(result.invariantViolations > 0 ? COMMAND_EXIT_CODES.simulate.invariantBroken.code : 0);
    });
}
