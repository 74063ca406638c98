import { readFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import type { Command } from 'commander';
import { parse } from 'csv-parse/sync';
import {
  capability,
  CHART_KINDS,
  controlChart,
  RULE_DESCRIPTIONS,
  type ChartData,
  type ChartKind,
  type ControlChartResult,
  type Specification,
} from '../monitor/spc/index.js';
import { CliError } from './errors.js';
import { COMMAND_EXIT_CODES } from './exit-codes.js';
import type { CliIo } from './io.js';
import { formatNumber, renderTable, toJson } from './output.js';

/** A CSV file as a header and string rows; SPC errors become coded CLI errors. */
export async function readCsvTable(
  path: string,
  cwd: string,
): Promise<{ header: string[]; rows: string[][] }> {
  let text: string;
  try {
    text = await readFile(resolve(cwd, path), 'utf8');
  } catch {
    throw new CliError('CLI_FILE_NOT_FOUND', `cannot read '${path}'`);
  }
  let records: string[][];
  try {
    records = parse(text, { skip_empty_lines: true, trim: true, relax_column_count: false }) as string[][];
  } catch (error) {
    throw new CliError('CLI_BAD_CSV', `${path}: ${error instanceof Error ? error.message : String(error)}`);
  }
  const [header, ...rows] = records;
  if (!header || rows.length === 0)
    throw new CliError('CLI_BAD_CSV', `${path}: needs a header row and at least one data row`);
  return { header, rows };
}

const INDEX_COLUMNS = /^(sample|batch|period|t|roll|id|index|group|subgroup|time|date|timestamp)$/i;
const SIZE_COLUMNS = /^(size|n|sizes|units)$/i;

interface SpcCliOptions {
  chart: string;
  phase1?: string;
  rules: string;
  spec?: string;
  json?: boolean;
  exclude?: string;
  iterate?: boolean;
  size?: string;
  lambda?: string;
  k?: string;
  h?: string;
  target?: string;
  sigma?: string;
}

function numberOption(text: string | undefined, flag: string): number | undefined {
  if (text === undefined) return undefined;
  const v = Number(text);
  if (!Number.isFinite(v)) throw new CliError('CLI_BAD_OPTION', `${flag} expects a number; got '${text}'`);
  return v;
}

/** '1-25' (1-based, inclusive) → [0, 25). */
function parseRange(text: string): { start: number; end: number } {
  const m = /^(\d+)\s*[-:]\s*(\d+)$/.exec(text.trim());
  if (!m)
    throw new CliError(
      'CLI_BAD_OPTION',
      `--phase1 expects FIRST-LAST sample numbers like 1-25; got '${text}'`,
    );
  return { start: Number(m[1]) - 1, end: Number(m[2]) };
}

function parseSpec(text: string): Specification {
  const [lo, hi] = text.split(',').map((s) => s.trim());
  const spec: Specification = {};
  if (lo) spec.lsl = Number(lo);
  if (hi) spec.usl = Number(hi);
  if (
    (spec.lsl !== undefined && !Number.isFinite(spec.lsl)) ||
    (spec.usl !== undefined && !Number.isFinite(spec.usl)) ||
    text.split(',').length !== 2
  ) {
    throw new CliError(
      'CLI_BAD_OPTION',
      `--spec expects LSL,USL (either may be empty: ',0.005' or '99,'); got '${text}'`,
    );
  }
  return spec;
}

const cell = (v: number | undefined): string =>
  v === undefined || !Number.isFinite(v) ? '—' : formatNumber(v, 5);

function limitText(values: readonly number[]): string {
  const lo = Math.min(...values);
  const hi = Math.max(...values);
  return lo === hi ? cell(lo) : `${cell(lo)}…${cell(hi)}`;
}

/** The human report of a chart: limits per series, violations (1-based points), warnings. */
export function renderChart(result: ControlChartResult, label: (i: number) => string): string {
  const lines: string[] = [];
  const ref = result.reference
    ? `phase I from ${label(result.reference.start)} to ${label(result.reference.end - 1)}`
    : 'phase II (frozen limits)';
  lines.push(
    `${result.chart} chart, ${ref}${result.excluded.length ? `, excluding ${result.excluded.map(label).join(', ')}` : ''}${result.iterations > 1 ? ` (${result.iterations} estimates)` : ''}`,
  );
  lines.push(
    renderTable(
      ['series', 'centre', 'LCL', 'UCL'],
      result.series.map((s) => [s.statistic, limitText(s.center), limitText(s.lcl), limitText(s.ucl)]),
    ),
    '',
  );
  const violations = result.series.flatMap((s) =>
    s.violations.map((v) => [
      s.statistic,
      v.rule,
      v.rule === 'beyond-limits' ? 'outside the limits' : RULE_DESCRIPTIONS[v.rule],
      label(v.index),
      v.points.map(label).join(' '),
    ]),
  );
  if (violations.length === 0) lines.push('No violations.');
  else
    lines.push(
      `Violations (${violations.length})`,
      renderTable(['series', 'rule', 'test', 'at', 'points'], violations),
    );
  for (const w of result.warnings) lines.push(`warning: ${w}`);
  return `${lines.join('\n')}\n`;
}

/** `reeflow spc FILE.csv --chart …`: control chart, run rules and capability. */
export function registerSpc(program: Command, io: CliIo, setExit: (code: number) => void): void {
  program
    .command('spc')
    .description(
      'control chart (phase I limits or phase II monitoring), run-rule violations and capability from a CSV file',
    )
    .argument(
      '<file>',
      'CSV with a header: one value column (imr, ewma, cusum), several (x̄-R, x̄-S: one subgroup per row), or counts with a size column (p, np, c, u)',
    )
    .requiredOption('--chart <kind>', CHART_KINDS.join('|'))
    .option(
      '--phase1 <range>',
      'reference samples FIRST-LAST (1-based), e.g. 1-25; default a trial/phase column if present, else all',
    )
    .option('--rules <rules>', 'run rules: nelson, we, none or Nelson numbers like 1,2,5', 'nelson')
    .option('--spec <LSL,USL>', 'specification limits for capability (either side may be empty)')
    .option('--exclude <samples>', 'reference samples to leave out (assignable causes), e.g. 15,23')
    .option('--iterate', 'drop out-of-control reference samples and re-estimate until none remain')
    .option('--size <n>', 'sample size for p, np, u when the file has no size column')
    .option('--lambda <λ>', 'EWMA weight (default 0.2)')
    .option('--k <k>', 'CUSUM reference value in sigmas (default 0.5)')
    .option('--h <h>', 'CUSUM decision interval in sigmas (default 5)')
    .option('--target <μ0>', 'EWMA/CUSUM target (default the reference mean)')
    .option('--sigma <σ>', 'EWMA/CUSUM known sigma (default estimated)')
    .option('--json', 'print the chart (0-based point indices) and capability as JSON')
    .addHelpText(
      'after',
      '\nExamples:\n  reeflow spc pistonrings.csv --chart xbar-r --phase1 1-25 --spec 73.95,74.05\n  reeflow spc orangejuice.csv --chart p --phase1 1-30 --exclude 15,23\n  reeflow spc viscosity.csv --chart imr --rules we\n',
    )
    .action(async (file: string, options: SpcCliOptions) => {
      const chart = options.chart as ChartKind;
      if (!CHART_KINDS.includes(chart))
        throw new CliError(
          'SPC_BAD_OPTION',
          `unknown chart '${options.chart}'; expected ${CHART_KINDS.join(', ')}`,
        );
      const { header, rows } = await readCsvTable(file, io.cwd);
      const numeric = (j: number): boolean =>
        rows.every((r) => r[j] !== undefined && r[j] !== '' && Number.isFinite(Number(r[j])));
      const phaseColumn = header.findIndex((h) => /^(trial|phase)$/i.test(h));
      const sizeColumn = header.findIndex((h) => SIZE_COLUMNS.test(h));
      const valueColumns = header
        .map((h, j) => j)
        .filter(
          (j) =>
            j !== sizeColumn &&
            j !== phaseColumn &&
            !(j === 0 && INDEX_COLUMNS.test(header[0] ?? '')) &&
            numeric(j),
        );
      if (valueColumns.length === 0)
        throw new CliError(
          'SPC_BAD_SHAPE',
          `${file}: no numeric value column (columns: ${header.join(', ')})`,
        );
      const col = (j: number): number[] => rows.map((r) => Number(r[j]));
      let data: ChartData;
      if (chart === 'p' || chart === 'np' || chart === 'c' || chart === 'u') {
        const size = numberOption(options.size, '--size');
        data = {
          counts: col(valueColumns[0] as number),
          ...(sizeColumn >= 0 ? { sizes: col(sizeColumn) } : size !== undefined ? { sizes: size } : {}),
        };
      } else if (valueColumns.length === 1) data = { values: col(valueColumns[0] as number) };
      else if (chart === 'imr')
        throw new CliError(
          'SPC_BAD_SHAPE',
          `${file}: the individuals chart needs one value column; found ${valueColumns.map((j) => header[j]).join(', ')}`,
        );
      else data = { subgroups: rows.map((r) => valueColumns.map((j) => Number(r[j]))) };
      let reference = options.phase1 ? parseRange(options.phase1) : undefined;
      if (!reference && phaseColumn >= 0) {
        const inPhase1 = rows.map((r) => /^(true|i|1|yes)$/i.test(r[phaseColumn] ?? ''));
        const end = inPhase1.indexOf(false) < 0 ? rows.length : inPhase1.indexOf(false);
        if (end > 0) reference = { start: 0, end };
      }
      const labels =
        header[0] && INDEX_COLUMNS.test(header[0])
          ? rows.map((r) => r[0] ?? '')
          : rows.map((_, i) => String(i + 1));
      const label = (i: number): string => labels[i] ?? String(i + 1);
      const result = controlChart(data, {
        chart,
        rules: options.rules,
        ...(reference ? { reference } : {}),
        ...(options.exclude ? { exclude: options.exclude.split(',').map((s) => Number(s.trim()) - 1) } : {}),
        ...(options.iterate ? { iterate: true } : {}),
        ...(options.lambda !== undefined
          ? { lambda: numberOption(options.lambda, '--lambda') as number }
          : {}),
        ...(options.k !== undefined ? { k: numberOption(options.k, '--k') as number } : {}),
        ...(options.h !== undefined ? { h: numberOption(options.h, '--h') as number } : {}),
        ...(options.target !== undefined
          ? { target: numberOption(options.target, '--target') as number }
          : {}),
        ...(options.sigma !== undefined ? { sigma: numberOption(options.sigma, '--sigma') as number } : {}),
      });
      let cap: ReturnType<typeof capability> | undefined;
      if (options.spec) {
        if ('counts' in data)
          throw new CliError(
            'SPC_BAD_SPEC',
            'capability needs measured values, not counts (use imr, xbar-r, xbar-s, ewma or cusum data)',
          );
        const spec = parseSpec(options.spec);
        const ref = result.reference ?? { start: 0, end: result.series[0]?.values.length ?? 0 };
        const kept = (i: number): boolean => i >= ref.start && i < ref.end && !result.excluded.includes(i);
        const observations =
          'values' in data
            ? data.values.filter((_, i) => kept(i))
            : data.subgroups.filter((_, i) => kept(i)).flat();
        const within =
          chart === 'imr' || chart === 'xbar-r' || chart === 'xbar-s' ? result.limits.sigma : undefined;
        cap = capability(observations, spec, within !== undefined ? { sigmaWithin: within } : {});
      }
      if (options.json) {
        io.stdout(toJson({ ...result, ...(cap ? { capability: cap } : {}) }));
      } else {
        let text = renderChart(result, label);
        if (cap) {
          const row = (
            name: string,
            c: { value: number | null; lower: number | null; upper: number | null },
          ): string[] => [
            name,
            cell(c.value ?? undefined),
            cell(c.lower ?? undefined),
            cell(c.upper ?? undefined),
          ];
          text += `\nCapability (n = ${cap.n}, mean ${cell(cap.mean)}, σ within ${cell(cap.sigmaWithin)}, σ overall ${cell(cap.sigmaOverall)}, ${Math.round(cap.confidence * 100)}% intervals)\n`;
          text += `${renderTable(['index', 'value', 'lower', 'upper'], [row('Cp', cap.cp), row('Cpk', cap.cpk), row('Pp', cap.pp), row('Ppk', cap.ppk)])}\n`;
        }
        io.stdout(text);
      }
      setExit(
        result.series.some((s) => s.violations.length > 0) ? COMMAND_EXIT_CODES.spc.outOfControl.code : 0,
      );
    });
}
