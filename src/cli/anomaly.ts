import type { Command } from 'commander';
import {
  createAnomalyScorer,
  fitHotelling,
  hotellingT2,
  type FlaggedWindow,
} from '../monitor/maintenance/index.js';
import { CliError } from './errors.js';
import { COMMAND_EXIT_CODES } from './exit-codes.js';
import type { CliIo } from './io.js';
import { formatNumber, renderTable, toJson } from './output.js';
import { readCsvTable } from './spc.js';

interface AnomalyCliOptions {
  threshold: string;
  warmup?: string;
  seasonal?: boolean;
  json?: boolean;
}

/** `reeflow anomaly FILE.csv`: streaming anomaly scores per tag and flagged windows; Hotelling T² across tags. */
export function registerAnomaly(program: Command, io: CliIo, setExit: (code: number) => void): void {
  program
    .command('anomaly')
    .description(
      'anomaly scores per sensor tag (robust median/MAD, EWMA residuals, optional daily cycle) and flagged windows; Hotelling T² across tags',
    )
    .argument('<file>', 'CSV: a timestamp column, then one column per tag (NAB files work as they are)')
    .option('--threshold <z>', 'flag when |z| reaches this', '6')
    .option('--warmup <points>', 'points used to learn the baseline (default: one day of data)')
    .option('--seasonal', 'learn a time-of-day baseline (24 hourly bins) and score residuals from it')
    .option('--json', 'print per-tag flagged points and windows as JSON')
    .addHelpText(
      'after',
      '\nExamples:\n  reeflow anomaly machine_temperature_system_failure.csv --threshold 4\n  reeflow anomaly art_daily_jumpsup.csv --seasonal --json\n',
    )
    .action(async (file: string, options: AnomalyCliOptions) => {
      const { header, rows } = await readCsvTable(file, io.cwd);
      const times = rows.map((r) =>
        Date.parse(
          /^\d{4}-\d\d-\d\d[ T]\d/.test(r[0] ?? '')
            ? `${(r[0] ?? '').replace(' ', 'T')}${/Z|[+-]\d\d:?\d\d$/.test(r[0] ?? '') ? '' : 'Z'}`
            : (r[0] ?? ''),
        ),
      );
      const badTime = times.findIndex((t) => !Number.isFinite(t));
      if (badTime >= 0)
        throw new CliError(
          'SPC_NON_FINITE',
          `${file}, row ${badTime + 2}: '${rows[badTime]?.[0]}' is not a timestamp (first column)`,
        );
      const threshold = Number(options.threshold);
      if (!(threshold > 0))
        throw new CliError(
          'CLI_BAD_OPTION',
          `--threshold expects a positive number; got '${options.threshold}'`,
        );
      const step =
        times.length > 1
          ? Math.max(1, (times[times.length - 1] as number) - (times[0] as number)) / (times.length - 1)
          : 1;
      const perDay = Math.max(10, Math.round(86_400_000 / step));
      const warmup =
        options.warmup !== undefined ? Number(options.warmup) : perDay * (options.seasonal ? 2 : 1);
      const tags = header.slice(1).map((name, j) => {
        const scorer = createAnomalyScorer({
          warmup,
          threshold,
          ...(options.seasonal ? { season: { period: 86_400_000, bins: 24 } } : {}),
        });
        const flagged: { t: string; z: number }[] = [];
        const windows: FlaggedWindow[] = [];
        let last = -Infinity;
        let maxScore = 0;
        rows.forEach((r, i) => {
          const p = scorer.update(times[i] as number, Number(r[j + 1]));
          maxScore = Math.max(maxScore, p.score);
          if (p.flagged) flagged.push({ t: r[0] ?? '', z: p.z });
          if (Math.abs(p.z) >= threshold) {
            const open = windows[windows.length - 1];
            if (open && i - last <= warmup) {
              open.end = p.t;
              open.points++;
              if (Math.abs(p.z) > Math.abs(open.peakZ)) open.peakZ = p.z;
            } else windows.push({ start: p.t, end: p.t, peakZ: p.z, points: 1 });
            last = i;
          }
        });
        return {
          tag: name,
          points: rows.length,
          skipped: scorer.skipped,
          maxScore,
          flagged,
          windows: windows.map((w) => ({
            ...w,
            start: new Date(w.start).toISOString(),
            end: new Date(w.end).toISOString(),
          })),
        };
      });
      let multivariate:
        { tags: number; baselineRows: number; ucl: number; rowsAbove: number; first?: string } | undefined;
      if (tags.length >= 2 && rows.length > warmup) {
        const matrix = rows.map((r) => r.slice(1).map(Number));
        const model = fitHotelling(matrix.slice(0, warmup));
        const above = matrix
          .map((row, i) => [i, hotellingT2(model, row)] as const)
          .filter(([i, t2]) => i >= warmup && t2 > model.ucl);
        multivariate = {
          tags: tags.length,
          baselineRows: warmup,
          ucl: model.ucl,
          rowsAbove: above.length,
          ...(above[0] ? { first: rows[above[0][0]]?.[0] ?? '' } : {}),
        };
      }
      if (options.json)
        io.stdout(toJson({ threshold, warmup, tags, ...(multivariate ? { multivariate } : {}) }));
      else {
        const out: string[] = [
          renderTable(
            ['tag', 'points', 'skipped', 'alerts', 'windows', 'max score'],
            tags.map((t) => [
              t.tag,
              String(t.points),
              String(t.skipped),
              String(t.flagged.length),
              String(t.windows.length),
              t.maxScore.toFixed(3),
            ]),
          ),
          '',
        ];
        for (const t of tags) {
          if (t.windows.length === 0) continue;
          out.push(
            `${t.tag}: flagged windows (|z| ≥ ${threshold})`,
            renderTable(
              ['start', 'end', 'points', 'peak z'],
              t.windows.map((w) => [w.start, w.end, String(w.points), formatNumber(w.peakZ, 1)]),
            ),
            '',
          );
        }
        if (multivariate)
          out.push(
            `Hotelling T² over ${multivariate.tags} tags (baseline ${multivariate.baselineRows} rows, UCL ${formatNumber(multivariate.ucl, 2)}): ${multivariate.rowsAbove} rows above${multivariate.first ? `, first at ${multivariate.first}` : ''}`,
          );
        io.stdout(`${out.join('\n')}\n`);
      }
      setExit(tags.some((t) => t.flagged.length > 0) ? COMMAND_EXIT_CODES.anomaly.flagged.code : 0);
    });
}
