import type { Command } from 'commander';
import { measureDividend, type DividendResult, type RegionBasis } from '../coordinate/index.js';
import { createSolver } from '../solver/index.js';
import { CliError } from './errors.js';
import type { CliIo } from './io.js';
import { readModel } from './model-input.js';
import { formatNumber, printIssues, renderTable, toJson } from './output.js';
import { createPhaseIndicator } from './progress.js';

interface DividendCliOptions {
  by: string;
  level?: string;
  prices: string;
  scenario?: string;
  json?: boolean;
  quiet?: boolean;
}

const t = (tonnes: number): string => formatNumber(Math.abs(tonnes) < 0.5 ? 0 : tonnes, 0);

/** The human report: totals, each region's cost, gain and transfer, output, quota use and trade. */
export function renderDividend(d: DividendResult): string {
  // M USD with two decimals for models in millions; USD for small ones. Under half a unit shows 0 (no '-0').
  const large = Math.max(Math.abs(d.joint.cost), Math.abs(d.decentralised.cost)) >= 1e6;
  const unit = large ? 'M USD' : 'USD';
  const musd = (usd: number): string => {
    const value = large ? usd / 1e6 : usd;
    return formatNumber(Math.abs(value) < (large ? 0.005 : 0.5) ? 0 : value, large ? 2 : 0);
  };
  const lines = [
    `Coordination dividend of ${d.model}${d.scenario ? ` (scenario ${d.scenario})` : ''}: regions by ${d.basis}, trade at ${d.prices === 'shadow' ? "the joint plan's shadow prices" : 'market prices'}`,
    '',
    renderTable(
      ['', 'joint', 'regions alone', 'alone − joint'],
      [
        [`cost, ${unit}`, musd(d.joint.cost), musd(d.decentralised.cost), musd(d.dividend)],
        [
          'emissions, t CO2e',
          t(d.joint.emissions),
          t(d.decentralised.emissions),
          t(d.decentralised.emissions - d.joint.emissions),
        ],
        [
          'unmet demand, t',
          t(d.joint.unmetTonnes),
          t(d.decentralised.unmetTonnes),
          t(d.decentralised.unmetTonnes - d.joint.unmetTonnes),
        ],
      ],
    ),
    '',
    `By region (${unit}; gain = alone − joint, positive: better off planned jointly; transfer: + receives, − pays)`,
    renderTable(
      [
        'region',
        'joint cost',
        'alone cost',
        'gain',
        'transfer',
        'joint t CO2e',
        'alone t CO2e',
        'unmet alone, t',
      ],
      d.regions.map((r) => [
        r.region,
        musd(r.joint.cost),
        musd(r.decentralised.cost),
        musd(r.gain),
        musd(r.transfer),
        t(r.joint.emissions),
        t(r.decentralised.emissions),
        t(r.decentralised.unmetTonnes),
      ]),
    ),
  ];
  const output = d.regions.flatMap((r) =>
    [...new Set([...Object.keys(r.joint.outputReo), ...Object.keys(r.decentralised.outputReo)])].map(
      (stage) => [
        r.region,
        stage,
        t(r.joint.outputReo[stage] ?? 0),
        t(r.decentralised.outputReo[stage] ?? 0),
      ],
    ),
  );
  if (output.length > 0)
    lines.push('', 'Output, t REO', renderTable(['region', 'stage', 'joint', 'alone'], output));
  const quotas = d.regions.flatMap((r) =>
    [...new Set([...Object.keys(r.joint.quotaUse), ...Object.keys(r.decentralised.quotaUse)])].map((q) => [
      q,
      r.region,
      t(r.joint.quotaUse[q] ?? 0),
      t(r.decentralised.quotaUse[q] ?? 0),
    ]),
  );
  if (quotas.length > 0)
    lines.push('', 'Quota use, t REO', renderTable(['quota', 'region', 'joint', 'alone'], quotas));
  if (d.trade.length > 0)
    lines.push(
      '',
      "Trade between regions, t over the horizon (wanted: on this route in the buyer's plan alone; agreed: the buyer's wish at the node filled from the cheapest offers)",
      renderTable(
        ['route', 'seller', 'buyer', 'joint', 'wanted', 'offered', 'agreed', 'alone'],
        d.trade.map((r) => [
          r.route,
          r.seller,
          r.buyer,
          t(r.joint),
          t(r.wanted),
          t(r.offered),
          t(r.agreed),
          t(r.decentralised),
        ]),
      ),
    );
  lines.push(
    '',
    d.dividend <= 0.5
      ? 'Planned alone at these prices, the regions do as well as the joint plan.'
      : d.transfersSuffice
        ? 'The joint plan leaves every region at least as well off as alone with the transfers above.'
        : 'The gains do not cover the losses: some region is worse off in the joint plan whatever the transfers.',
  );
  for (const note of d.notes) lines.push(`note: ${note}`);
  lines.push(`${d.solves} plans solved; how the regions plan alone: docs/coordinate.md`);
  return `${lines.join('\n')}\n`;
}

function toBasis(options: DividendCliOptions): RegionBasis {
  if (options.by !== 'jurisdiction' && options.by !== 'operator')
    throw new CliError('CLI_BAD_OPTION', `--by expects jurisdiction or operator; got '${options.by}'`);
  if (options.by === 'operator') {
    if (options.level !== undefined)
      throw new CliError('CLI_BAD_OPTION', '--level applies to --by jurisdiction only');
    return { by: 'operator' };
  }
  if (options.level === undefined) return { by: 'jurisdiction' };
  const level = Number(options.level);
  if (!Number.isInteger(level) || level < 1)
    throw new CliError(
      'CLI_BAD_OPTION',
      `--level expects a whole number from 1 (top-level jurisdictions); got '${options.level}'`,
    );
  return { by: 'jurisdiction', level };
}

/** `reeflow dividend <model>`: the model planned jointly against its regions planning alone. */
export function registerDividend(program: Command, io: CliIo, setExit: (code: number) => void): void {
  program
    .command('dividend')
    .description(
      'the coordination dividend: plan the model jointly and as regions that each plan their own facilities and trade at prices; cost, output, emissions and quota use per region, and who would need a transfer',
    )
    .argument('<model>', 'model folder or file')
    .option('--by <basis>', 'regions: jurisdiction or operator', 'jurisdiction')
    .option(
      '--level <n>',
      'jurisdiction level of the regions, 1 = top level (default: the first level with two or more)',
    )
    .option(
      '--prices <kind>',
      "what regions trade at: shadow (the joint plan's nodal prices) or market (the model's sell prices)",
      'shadow',
    )
    .option('--scenario <name>', 'apply this scenario first')
    .option('--json', 'print the result as JSON')
    .option('--quiet', 'no progress on stderr')
    .addHelpText(
      'after',
      '\nExamples:\n  reeflow dividend data/two-base --prices market\n  reeflow dividend data/two-base --by operator --json\n',
    )
    .action(async (path: string, options: DividendCliOptions) => {
      const regions = toBasis(options);
      if (options.prices !== 'shadow' && options.prices !== 'market')
        throw new CliError('CLI_BAD_OPTION', `--prices expects shadow or market; got '${options.prices}'`);
      const prices = options.prices;
      const { model, issues } = await readModel(path, { cwd: io.cwd, scenario: options.scenario });
      if (!model) {
        printIssues(issues, io.stderr);
        io.stderr(`${path}: not valid; nothing was planned\n`);
        setExit(1);
        return;
      }
      const progress = createPhaseIndicator(io, !options.quiet && !options.json);
      const solver = createSolver('highs');
      let result: DividendResult;
      try {
        result = await measureDividend(model, {
          solver,
          regions,
          prices,
          ...(options.scenario === undefined ? {} : { scenario: options.scenario }),
          onProgress: (step) => progress.phase('solving', step),
        });
      } finally {
        progress.stop();
        await solver.dispose();
      }
      io.stdout(options.json ? toJson(result) : renderDividend(result));
    });
}
