import type { Command } from 'commander';
import { reportProjects, type ProjectsReport } from '../coordinate/index.js';
import { modelSchema, PROJECT_STAGES, type Model } from '../model/index.js';
import { plan, type PlanResult } from '../plan/index.js';
import { createSolver } from '../solver/index.js';
import { CliError } from './errors.js';
import type { CliIo } from './io.js';
import { readModel } from './model-input.js';
import { formatNumber, formatShare, printIssues, renderTable, toJson } from './output.js';
import { definedFields } from '../defined-fields.js';

interface ProjectsCliOptions {
  scenario?: string;
  asOf?: string;
  expedite?: string | boolean;
  plan?: boolean;
  json?: boolean;
}

const money = (usd: number): string => `${formatNumber(usd / 1e6, 1)}M`;

/** The human report: one row per project, then what holds each back. */
export function renderProjectsReport(model: Model, report: ProjectsReport): string {
  const lines = [`${model.name}: ${report.rows.length} projects as of ${report.asOf}`, ''];
  lines.push(
    renderTable(
      [
        'project',
        'status',
        'construction',
        'commissioning',
        'capex',
        'WACC',
        'NPV',
        'IRR',
        'payback',
        'name',
      ],
      report.rows.map((r) => [
        r.project,
        r.status,
        r.constructionStart ?? (r.status === 'operating' ? '' : 'started'),
        r.commissioning ?? 'operating',
        money(r.capex),
        formatShare(r.costOfCapital),
        money(r.npv),
        r.irr === undefined ? '–' : formatShare(r.irr),
        r.payback === undefined ? '–' : `${r.payback.toFixed(1)}y`,
        r.name ?? '',
      ]),
    ),
  );
  const notes = report.pipelines.flatMap((p) => [
    ...p.waitingFor.map((w) => `${p.project} waits for ${w.project} (operating ${w.commissioning})`),
    ...(p.overdueDays > 0
      ? [`${p.project} is ${formatNumber(p.overdueDays)} days past its expected ${p.status} duration`]
      : []),
  ]);
  const basis = report.rows.some((r) => r.volumeBasis === 'plan')
    ? 'volumes from the plan with every project committed'
    : 'volumes at added capacity × availability (use --plan for the plan’s volumes)';
  const label = (id: string): string => {
    const name = report.rows.find((r) => r.project === id)?.name;
    return name ? `${name} (${id})` : id;
  };
  const noProduct = report.rows.filter((r) => r.volumeBasis === 'none');
  lines.push(
    '',
    `NPV at each project's blended cost of capital (WACC) as of construction start; ${basis}; model prices. Capex and NPV in ${model.settings.currency} millions (the model's currency).`,
    "NPV is standalone: the project's own cash flows at the model's prices. It is not the project's system value, what the whole plan saves when it is built, which counts projects that complement or substitute one another: `reeflow allocate` gives that, and the two can disagree.",
    ...noProduct.map(
      (r) =>
        `${label(r.project)} makes no product of its own (an infrastructure upgrade): its cash flows are its capex and running costs, so its NPV is negative and it never pays back; its worth is to the system (\`reeflow allocate\`).`,
    ),
  );
  if (notes.length > 0) lines.push('', ...notes);
  return `${lines.join('\n')}\n`;
}

/** The model with every optional project committed, so the plan gives each its volumes. */
function withAllCommitted(model: Model): Model {
  return modelSchema.parse({
    ...model,
    projects: model.projects.map((p) => (p.decision === 'optional' ? { ...p, decision: 'committed' } : p)),
  });
}

/** `reeflow projects <model>`: pipeline stage, expected dates, NPV and IRR of each project. */
export function registerProjects(program: Command, io: CliIo, setExit: (code: number) => void): void {
  program
    .command('projects')
    .description(
      'list expansion projects: pipeline stage, expected construction and commissioning dates, cost of capital, NPV, IRR, payback',
    )
    .argument('<model>', 'model folder or file')
    .option('--scenario <name>', 'apply this scenario first')
    .option('--as-of <date>', 'today, YYYY-MM-DD (default: the first day of the horizon)')
    .option('--expedite [stages]', 'use expedited durations (all stages, or a comma list, e.g. permitting)')
    .option(
      '--plan',
      'take volumes from a plan with every project committed (solves it) instead of full capacity',
    )
    .option('--json', 'print the report as JSON')
    .addHelpText(
      'after',
      '\nExamples:\n  reeflow projects data/two-base\n  reeflow projects data/two-base --as-of 2026-06-01 --expedite permitting --json\n',
    )
    .action(async (path: string, options: ProjectsCliOptions) => {
      const { model, issues } = await readModel(path, { cwd: io.cwd, scenario: options.scenario });
      if (!model) {
        printIssues(issues, io.stderr);
        io.stderr(`${path}: not valid\n`);
        setExit(1);
        return;
      }
      let expedite: boolean | (typeof PROJECT_STAGES)[number][] | undefined;
      if (options.expedite === true) expedite = true;
      else if (typeof options.expedite === 'string') {
        const stages = options.expedite.split(',').map((s) => s.trim());
        const unknown = stages.find((s) => !(PROJECT_STAGES as readonly string[]).includes(s));
        if (unknown !== undefined)
          throw new CliError(
            'CLI_BAD_OPTION',
            `--expedite: unknown stage '${unknown}'; stages are ${PROJECT_STAGES.join(', ')}`,
          );
        expedite = stages as (typeof PROJECT_STAGES)[number][];
      }
      let planned: PlanResult | undefined;
      if (options.plan) {
        const solver = createSolver('highs');
        try {
          planned = await plan(withAllCommitted(model), { solver });
        } finally {
          await solver.dispose();
        }
      }
      const report: ProjectsReport = reportProjects(model, {
        ...definedFields({ asOf: options.asOf, expedite }),
        ...(planned ? { plan: planned } : {}),
      });
      io.stdout(options.json ? toJson(report) : renderProjectsReport(model, report));
    });
}
