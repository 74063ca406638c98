import { readFile, stat } from 'node:fs/promises';
import { basename, dirname, join, relative, resolve } from 'node:path';
import type { Command } from 'commander';
import {
  allowance,
  calibrate,
  parseCalibration,
  type CalibrationReport,
  type FigureResult,
} from '../calibrate/index.js';
import { hasErrors, locateIssues, type Issue } from '../model/index.js';
import { parseObjective, plan, verifyPlan } from '../plan/index.js';
import { createSolver } from '../solver/index.js';
import { CliError } from './errors.js';
import { COMMON_EXIT_CODES } from './exit-codes.js';
import type { CliIo } from './io.js';
import { readModel } from './model-input.js';
import { formatAmount, formatNumber, printIssues, renderTable, toJson } from './output.js';
import { createPhaseIndicator } from './progress.js';

/** The calibration table of a model: `calibration.yaml` in its folder (or beside its file). */
export async function calibrationPathOf(modelPath: string): Promise<string> {
  const folder = (await stat(modelPath)).isDirectory() ? modelPath : dirname(modelPath);
  return join(folder, 'calibration.yaml');
}

export interface CalibrationRun {
  /** Set when the model and the table are valid and the baseline was planned. */
  report?: CalibrationReport;
  /** Issues of the model, of the table (located by file and line) and plan warnings. */
  issues: Issue[];
  warnings: string[];
}

/**
 * Plans a model's baseline (or a scenario) as `reeflow plan` does, at least cost with HiGHS, and
 * compares it with its calibration table.
 *
 * @example const { report } = await runCalibration('data/world', { cwd: process.cwd(), env: process.env })
 */
export async function runCalibration(
  path: string,
  options: {
    cwd: string;
    env: Record<string, string | undefined>;
    scenario?: string | undefined;
    table?: string | undefined;
    onPhase?: (phase: string, detail?: string) => void;
  },
): Promise<CalibrationRun> {
  options.onPhase?.('loading and checking', path);
  const loaded = await readModel(path, { cwd: options.cwd });
  if (!loaded.model) return { issues: loaded.issues, warnings: [] };
  const tablePath = options.table
    ? resolve(options.cwd, options.table)
    : await calibrationPathOf(resolve(options.cwd, path));
  const text = await readFile(tablePath, 'utf8').catch(() => {
    throw new CliError(
      'CALIBRATION_FILE_NOT_FOUND',
      `no calibration table at ${relative(options.cwd, tablePath) || tablePath}; write one (see docs/calibration.md) or pass --table <file>`,
    );
  });
  const parsed = await parseCalibration(text, relative(options.cwd, tablePath) || basename(tablePath));
  if (!parsed.table) return { issues: [...loaded.issues, ...parsed.issues], warnings: [] };
  const planned =
    options.scenario === undefined
      ? loaded
      : await readModel(path, { cwd: options.cwd, scenario: options.scenario });
  if (!planned.model) return { issues: planned.issues, warnings: [] };
  const solver = createSolver('highs', { path: options.env['PATH'] ?? '', eager: true });
  let result;
  try {
    result = await plan(planned.model, {
      solver,
      objective: parseObjective('cost') ?? { kind: 'cost' },
      ...(options.scenario === undefined ? {} : { scenario: options.scenario }),
      ...(options.onPhase ? { onProgress: options.onPhase } : {}),
    });
  } finally {
    await solver.dispose();
  }
  if (result.status !== 'optimal')
    throw new CliError(
      'CALIBRATION_NO_PLAN',
      `the baseline of ${path} did not solve (${result.status}${result.message ? `: ${result.message}` : ''}); run reeflow plan ${path} to see why`,
    );
  const warnings = verifyPlan(planned.model, result).map((v) => `${v.code}: ${v.message}`);
  const { report, issues } = calibrate(parsed.table, { base: loaded.model, planned: planned.model, result });
  return { report, issues: [...parsed.issues, ...locateIssues(issues, parsed.sources)], warnings };
}

/** A value as the tables print it: the tables' one amount format (`formatAmount`), lists as symbols. */
export function formatFigureValue(value: number | string[] | undefined): string {
  if (value === undefined) return '—';
  return Array.isArray(value) ? value.join(' ') : formatAmount(value);
}

/** The tolerance as a reader checks it: `±3 pts`, `±5%`, `at least`, `same list`. */
export function formatTolerance(figure: FigureResult): string {
  if (Array.isArray(figure.published)) return 'same list';
  const t = figure.tolerance;
  const width =
    t === undefined
      ? ''
      : t.points !== undefined
        ? `${formatNumber(t.points, 2)} pts`
        : `${formatNumber(t.percent ?? 0, 2)}%`;
  if (figure.comparison === 'at-least') return width ? `at least, −${width}` : 'at least';
  if (figure.comparison === 'at-most') return width ? `at most, +${width}` : 'at most';
  return `±${width}`;
}

/** The cells of one figure: id, unit, published, model, tolerance, result. */
export function toFigureCells(figure: FigureResult): string[] {
  return [
    figure.id,
    figure.unit,
    formatFigureValue(figure.published),
    formatFigureValue(figure.model),
    formatTolerance(figure),
    figure.status === 'fail' ? 'FAIL' : figure.status,
  ];
}

export const FIGURE_HEADER = ['figure', 'unit', 'published', 'model', 'tolerance', 'result'] as const;

/** One line of counts: `33 figures: 30 pass, 2 departure, 1 FAIL`. */
export function summarizeReport(report: CalibrationReport): string {
  const { pass, fail, departure } = report.counts;
  return `${report.figures.length} figures: ${pass} pass, ${departure} departure${departure === 1 ? '' : 's'}, ${fail} ${fail > 0 ? 'FAIL' : 'fail'}`;
}

/** The text report: the table, then the departures' reasons and the failures' sources. */
export function renderCalibration(report: CalibrationReport, path: string): string {
  const lines = [
    `${path}${report.scenario ? ` — scenario ${report.scenario}` : ''}: ${summarizeReport(report)}`,
    '',
    renderTable(FIGURE_HEADER, report.figures.map(toFigureCells)),
    '',
  ];
  const departures = report.figures.filter((f) => f.departure !== undefined);
  if (departures.length > 0)
    lines.push('Departures (printed, not failed)', ...departures.map((f) => `  ${f.id}: ${f.departure}`), '');
  const failed = report.figures.filter((f) => f.status === 'fail');
  if (failed.length > 0)
    lines.push(
      'Outside tolerance',
      ...failed.map((f) => {
        const off =
          typeof f.difference === 'number'
            ? ` (off by ${formatFigureValue(f.difference)}, allowed ${formatFigureValue(allowance(f.published as number, f.tolerance))})`
            : '';
        return `  ${f.id}: ${f.label} [${f.source}]${off}`;
      }),
      '',
    );
  return `${lines.join('\n')}\n`;
}

interface CalibrateCliOptions {
  scenario?: string;
  table?: string;
  json?: boolean;
  quiet?: boolean;
}

/** `reeflow calibrate <model>`: the baseline against the published figures beside the model. */
export function registerCalibrate(program: Command, io: CliIo, setExit: (code: number) => void): void {
  program
    .command('calibrate')
    .description(
      "plan the model's baseline and compare it with the published figures in its calibration.yaml (exit 1 when a figure is outside its tolerance)",
    )
    .argument('<model>', 'model folder or file; the table is calibration.yaml beside it')
    .option('--scenario <name>', 'plan this scenario instead of the baseline')
    .option('--table <file>', 'a calibration table other than <model>/calibration.yaml')
    .option('--json', 'print the report as JSON on stdout')
    .option('--quiet', 'no progress on stderr')
    .addHelpText(
      'after',
      '\nA figure passes within its tolerance (±points for shares, ±% for tonnages); a figure with a\n`departure` reason is printed, not failed. See docs/calibration.md.\n\nExamples:\n  reeflow calibrate data/world\n  reeflow calibrate data/two-base --json\n  reeflow calibrate data/world --scenario export-control-2025-04\n',
    )
    .action(async (path: string, options: CalibrateCliOptions) => {
      const progress = createPhaseIndicator(io, !options.quiet);
      let run: CalibrationRun;
      try {
        run = await runCalibration(path, {
          cwd: io.cwd,
          env: io.env,
          scenario: options.scenario,
          table: options.table,
          onPhase: (phase, detail) => (phase === 'done' ? progress.stop() : progress.phase(phase, detail)),
        });
      } finally {
        progress.stop();
      }
      for (const warning of run.warnings) io.stderr(`warning PLAN_INVARIANT ${warning}\n`);
      if (run.issues.length > 0) printIssues(run.issues, io.stderr);
      if (!run.report || hasErrors(run.issues)) {
        io.stderr(`${path}: not calibrated; fix the issues above\n`);
        setExit(COMMON_EXIT_CODES.failed.code);
        return;
      }
      io.stdout(options.json ? toJson(run.report) : renderCalibration(run.report, path));
      setExit(run.report.passed ? COMMON_EXIT_CODES.ok.code : COMMON_EXIT_CODES.failed.code);
    });
}
