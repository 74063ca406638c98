import type { Command } from 'commander';
import type { Model } from '../model/index.js';
import { plan } from '../plan/index.js';
import {
  concentration,
  createRiskNetwork,
  diversificationCost,
  exposure,
  exposurePaths,
  fromPlanResult,
  fromSimulation,
  type ComparableRun,
  importReliance,
  priceResponse,
  supplyRisk,
  supplyShares,
  timeToDiversify,
  traceOrigins,
  vulnerability,
  type Metric,
  HOLDERS,
  type Holder,
  toConsumer,
  RISK_METRICS,
  toMetricNames,
  type RiskMetricName,
} from '../risk/index.js';
import { createSolver, type Solver } from '../solver/index.js';
import { CliError } from './errors.js';
import { COMMAND_EXIT_CODES } from './exit-codes.js';
import type { CliIo } from './io.js';
import { readModel } from './model-input.js';
import { readRunResult } from './run-result-input.js';
import { printIssues, toJson } from './output.js';
import { createPhaseIndicator } from './progress.js';
import { renderMetric } from './risk-render.js';

/** Metrics `reeflow risk` computes; the last four re-plan the model. */
interface RiskCliOptions {
  scenario?: string;
  from?: string;
  metric?: string[];
  consumer?: string;
  through?: string;
  elements?: string;
  stage?: string;
  by?: string;
  target?: string;
  json?: boolean;
  quiet?: boolean;
}

function needs(
  names: readonly RiskMetricName[],
  options: RiskCliOptions,
  name: RiskMetricName,
  what: 'consumer' | 'through',
): boolean {
  if (!names.includes(name)) return false;
  if (what === 'consumer' && !options.consumer)
    throw new CliError('CLI_BAD_OPTION', `--metric ${name} needs --consumer`);
  if (what === 'through' && !options.through)
    throw new CliError('CLI_BAD_OPTION', `--metric ${name} needs --through JURISDICTION`);
  return true;
}

/** Computes the asked metrics; re-planning ones get a solver. */
async function computeMetrics(
  model: Model,
  run: ComparableRun,
  names: readonly RiskMetricName[],
  options: RiskCliOptions,
  solver: () => Solver,
): Promise<Metric[]> {
  const network = createRiskNetwork(model);
  const view =
    run.kind === 'plan' ? fromPlanResult(run.result, network) : fromSimulation(run.result, network);
  // What-if metrics compare re-plans with a baseline plan: the given plan, or one planned afresh.
  const baseline = run.kind === 'plan' ? { baseline: run.result } : {};
  const elements = options.elements
    ?.split(',')
    .map((s) => s.trim())
    .filter(Boolean);
  const by = (options.by ?? 'country') as Holder;
  if (!HOLDERS.includes(by))
    throw new CliError('CLI_BAD_OPTION', `--by expects ${HOLDERS.join(', ')}; got '${options.by}'`);
  const out: Metric[] = [];
  const shareElements = elements ?? ['REO'];
  if (names.includes('hhi'))
    out.push(
      concentration(view, network, {
        by,
        elements: shareElements,
        ...(options.stage ? { stages: [options.stage] } : {}),
      }),
    );
  if (names.includes('shares'))
    out.push(
      supplyShares(view, network, {
        by,
        elements: shareElements,
        ...(options.stage ? { stages: [options.stage] } : {}),
      }),
    );
  if (names.includes('import-reliance')) out.push(importReliance(view, network, { group: 'kind' }));
  const wantsTrace = names.some((n) => n === 'exposure' || n === 'paths' || n === 'supply-risk');
  const trace = wantsTrace ? traceOrigins(view, network, elements ? { elements } : {}) : undefined;
  const consumer = options.consumer ? toConsumer(network, options.consumer) : undefined;
  const through = options.through ? [options.through] : undefined;
  if (trace && consumer && needs(names, options, 'exposure', 'consumer'))
    out.push(
      exposure(trace, network, {
        consumer,
        ...(elements ? { elements } : {}),
        ...(through ? { through } : {}),
      }),
    );
  if (trace && consumer && needs(names, options, 'paths', 'consumer'))
    out.push(exposurePaths(trace, network, { consumer, ...(elements ? { elements } : {}) }));
  if (names.includes('supply-risk'))
    out.push(
      supplyRisk(
        view,
        network,
        {
          ...(elements ? { elements } : {}),
          ...(options.consumer && network.model.jurisdictions.some((j) => j.id === options.consumer)
            ? { sourcing: options.consumer }
            : {}),
        },
        trace,
      ),
    );
  if (needs(names, options, 'price-response', 'through'))
    out.push(
      priceResponse(view, network, {
        jurisdiction: options.through ?? '',
        ...(elements ? { elements } : {}),
        ...(options.stage ? { stage: options.stage } : {}),
      }),
    );
  const whatIfElements = elements ?? ['Dy', 'Tb'];
  if (needs(names, options, 'vulnerability', 'through'))
    out.push(
      await vulnerability(model, {
        solver: solver(),
        jurisdiction: options.through ?? '',
        elements: whatIfElements,
        ...(consumer ? { consumer } : {}),
        ...baseline,
      }),
    );
  if (
    needs(names, options, 'diversification', 'through') &&
    needs(names, options, 'diversification', 'consumer')
  ) {
    const c = consumer ?? {};
    out.push(
      await diversificationCost(model, {
        solver: solver(),
        consumer: {
          ...(c.jurisdiction ? { jurisdiction: c.jurisdiction } : {}),
          ...(c.demands ? { demands: c.demands } : {}),
          ...(c.node ? { demands: model.demands.filter((d) => d.node === c.node).map((d) => d.id) } : {}),
        },
        through: options.through ?? '',
        elements: whatIfElements,
      }),
    );
  }
  if (
    needs(names, options, 'time-to-diversify', 'through') &&
    needs(names, options, 'time-to-diversify', 'consumer')
  ) {
    const target = options.target === undefined ? 0.5 : Number(options.target);
    if (!(target >= 0 && target <= 1))
      throw new CliError(
        'CLI_BAD_OPTION',
        `--target expects a share between 0 and 1; got '${options.target}'`,
      );
    out.push(
      await timeToDiversify(model, {
        solver: solver(),
        consumer: consumer ?? {},
        through: options.through ?? '',
        elements: whatIfElements,
        target,
      }),
    );
  }
  return out;
}

/** `reeflow risk <model>`: concentration, import reliance, exposure and what-ifs from a plan's flows. */
export function registerRisk(program: Command, io: CliIo, setExit: (code: number) => void): void {
  program
    .command('risk')
    .description(
      'measure supply risk from a plan’s own flows: concentration (HHI), import reliance, multi-tier exposure, EU supply risk, price response, vulnerability and diversification',
    )
    .argument('<model>', 'model folder or file')
    .option('--scenario <name>', 'apply this scenario first')
    .option(
      '--from <result.json>',
      'read a saved plan (reeflow plan --out) or simulation (reeflow simulate --out) instead of planning',
    )
    .option(
      '--metric <name...>',
      `metrics: ${RISK_METRICS.join(', ')} (default hhi, import-reliance, supply-risk, plus exposure and paths with --consumer)`,
    )
    .option(
      '--consumer <id>',
      'the consumer: a demand id, a demand node, a jurisdiction or a bloc (EU, G7, Quad, MSP)',
    )
    .option('--through <jurisdiction>', 'the jurisdiction whose share, ban or price shock is measured')
    .option('--elements <list>', 'elements or groups, comma-separated, e.g. Nd,Pr,DyTb')
    .option('--stage <stage>', 'only this stage (hhi, shares, price-response)')
    .option(
      '--by <holder>',
      'shares and HHI by country, jurisdiction (province), operator or bloc (EU, G7, Quad, MSP…)',
      'country',
    )
    .option('--target <share>', 'dependence target for time-to-diversify, 0–1', '0.5')
    .option('--json', 'print the metrics as JSON')
    .option('--quiet', 'no progress on stderr')
    .addHelpText(
      'after',
      '\nExamples:\n  reeflow risk data/world\n  reeflow risk data/world --consumer jp-consumers --elements Nd,Dy --through CN\n  reeflow plan data/world --out base.json && reeflow risk data/world --from base.json --metric hhi --by operator --stage separation\n  reeflow risk data/world --metric vulnerability --through CN --elements Dy,Tb\n',
    )
    .action(async (path: string, options: RiskCliOptions) => {
      const names = toMetricNames(options.metric, RISK_METRICS, { consumer: options.consumer !== undefined });
      const progress = createPhaseIndicator(io, !options.quiet);
      progress.phase('loading and checking', path);
      const { model, issues } = await readModel(path, { cwd: io.cwd, scenario: options.scenario });
      progress.stop();
      if (!model) {
        printIssues(issues, io.stderr);
        io.stderr(`${path}: not valid; no risk measured\n`);
        setExit(1);
        return;
      }
      let solver: Solver | undefined;
      const getSolver = (): Solver => (solver ??= createSolver('highs', { path: io.env['PATH'] ?? '' }));
      try {
        let run: ComparableRun;
        if (options.from) run = await readRunResult(options.from, io.cwd);
        else {
          progress.phase('planning', path);
          run = {
            kind: 'plan',
            result: await plan(model, {
              solver: getSolver(),
              ...(options.scenario === undefined ? {} : { scenario: options.scenario }),
            }),
          };
          progress.stop();
        }
        if (run.kind === 'plan' && run.result.flows.length === 0 && run.result.production.length === 0) {
          throw new CliError(
            'RISK_NO_FLOWS',
            `the plan has no flows (status ${run.result.status}); nothing to measure`,
            COMMAND_EXIT_CODES.risk.noFlows.code,
          );
        }
        if (run.kind === 'simulation' && !run.result.flows) {
          throw new CliError(
            'RISK_NO_FLOWS',
            `'${options.from ?? ''}' has no flows; save the simulation with 'reeflow simulate … --out FILE' (it records a representative run's flows)`,
            COMMAND_EXIT_CODES.risk.noFlows.code,
          );
        }
        progress.phase('measuring');
        const metrics = await computeMetrics(model, run, names, options, getSolver);
        progress.stop();
        const status = run.kind === 'plan' ? run.result.status : `simulation, ${run.result.runs} runs`;
        if (options.json)
          io.stdout(toJson({ model: model.name, scenario: run.result.scenario ?? null, status, metrics }));
        else io.stdout(metrics.map((m) => renderMetric(m)).join('\n'));
      } finally {
        progress.stop();
        await solver?.dispose();
      }
    });
}
