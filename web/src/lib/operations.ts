/**
 * Operations additions: which plan plan-against-actual can compare with, a control chart's lines
 * and rule violations for ECharts, and assets' remaining useful life as bands. Pure: shaped from
 * plan jobs, GET /v1/quality/charts and GET /v1/assets (src/monitor/quality.ts,
 * src/monitor/maintenance/assets.ts).
 */
import type { JobStatus } from '../api/types.js';

/**
 * What plan-against-actual can compare with: `ready` (with the plan to name; undefined lets the
 * server take the newest succeeded one), `unknown` while the plans are still loading, `unfinished`
 * when the chosen plan has not succeeded (yet), `none` when no plan has succeeded. Only `ready`
 * asks GET /v1/plan-vs-actual, which answers 404 (a console error in the browser) for any other.
 */
export type PlanToCompare =
  | { state: 'ready'; plan: string | undefined }
  | { state: 'unknown' }
  | { state: 'unfinished'; plan: string; status: JobStatus | 'missing' }
  | { state: 'none' };

/**
 * The plan to compare with: the chosen one (the URL's, followed by the app) once it succeeded,
 * else, with none chosen, the server's newest succeeded plan if `listed` (GET /v1/plans) has one.
 *
 * @example planToCompare(undefined, [{ status: 'running' }]) // { state: 'none' }
 */
export function planToCompare(
  chosen: { id: string; status: JobStatus | undefined; missing: boolean } | undefined,
  listed: readonly { status: JobStatus }[] | undefined,
): PlanToCompare {
  if (chosen) {
    if (chosen.missing) return { state: 'unfinished', plan: chosen.id, status: 'missing' };
    if (chosen.status === undefined) return { state: 'unknown' };
    return chosen.status === 'succeeded'
      ? { state: 'ready', plan: chosen.id }
      : { state: 'unfinished', plan: chosen.id, status: chosen.status };
  }
  if (!listed) return { state: 'unknown' };
  return listed.some((job) => job.status === 'succeeded')
    ? { state: 'ready', plan: undefined }
    : { state: 'none' };
}

export interface ChartPointShape {
  index: number;
  time: number;
  lot?: string;
  value: number | null;
  center: number;
  lcl: number;
  ucl: number;
}

export interface ViolationShape {
  rule: string;
  statistic: string;
  index: number;
  points: readonly { index: number }[];
}

export interface ControlSeries {
  statistic: string;
  /** Point labels: the lot, else the assay number (1-based). */
  labels: string[];
  value: (number | null)[];
  center: number[];
  lcl: number[];
  ucl: number[];
  /** Points that complete a violation, with every rule they break (sorted), in index order. */
  marks: { position: number; value: number; rules: string[] }[];
  /** Points that take part in a violation's pattern without completing it. */
  pattern: number[];
}

/** The lines of one statistic of a control chart, with its violations marked. */
export function toControlSeries(
  series: { statistic: string; points: readonly ChartPointShape[] },
  violations: readonly ViolationShape[],
): ControlSeries {
  const position = new Map(series.points.map((p, i) => [p.index, i]));
  const rulesAt = new Map<number, Set<string>>();
  const pattern = new Set<number>();
  for (const violation of violations) {
    if (violation.statistic !== series.statistic) continue;
    const at = position.get(violation.index);
    if (at === undefined) continue;
    const rules = rulesAt.get(at) ?? new Set<string>();
    rules.add(violation.rule);
    rulesAt.set(at, rules);
    for (const point of violation.points) {
      const p = position.get(point.index);
      if (p !== undefined) pattern.add(p);
    }
  }
  const marks = [...rulesAt]
    .sort(([a], [b]) => a - b)
    .flatMap(([at, rules]) => {
      const value = series.points[at]?.value;
      return value === null || value === undefined ? [] : [{ position: at, value, rules: [...rules].sort() }];
    });
  return {
    statistic: series.statistic,
    labels: series.points.map((p) => p.lot ?? String(p.index + 1)),
    value: series.points.map((p) => p.value),
    center: series.points.map((p) => p.center),
    lcl: series.points.map((p) => p.lcl),
    ucl: series.points.map((p) => p.ucl),
    marks,
    pattern: [...pattern].filter((p) => !rulesAt.has(p)).sort((a, b) => a - b),
  };
}

export interface RulShape {
  tag: string;
  hours: number;
  lower: number;
  upper: number | null;
}

export interface RulBand {
  asset: string;
  tag: string;
  /** Days: the lower end of the band, the estimate, and the upper end (null: the slow end never reaches the limit). */
  lower: number;
  estimate: number;
  upper: number | null;
}

/** Remaining useful life of each asset that has one, in days, shortest first (ties by asset). */
export function toRulBands(
  assets: readonly { facility: string; asset: string; rul: RulShape | null }[],
): RulBand[] {
  const day = 24;
  return assets
    .flatMap((a) =>
      a.rul
        ? [
            {
              asset: `${a.facility}/${a.asset}`,
              tag: a.rul.tag,
              lower: a.rul.lower / day,
              estimate: a.rul.hours / day,
              upper: a.rul.upper === null ? null : a.rul.upper / day,
            },
          ]
        : [],
    )
    .sort((a, b) => a.estimate - b.estimate || a.asset.localeCompare(b.asset));
}
