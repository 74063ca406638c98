/**
 * The Projects view's data: the permitting pipeline as Gantt bars (one row per project, one bar per
 * stage still ahead or under way) and each project's capital by kind of source. Pure: shaped from
 * what `GET /v1/models/:id/projects/:project` returns (src/coordinate: ProjectPipeline, Appraisal).
 */

/** One stage of a pipeline as the API gives it (`StageTiming`). */
export interface StageTimingShape {
  stage: string;
  days: number;
  state: 'done' | 'current' | 'ahead';
  authority?: string;
  start?: string;
  end?: string;
}

export interface PipelineShape {
  project: string;
  status: string;
  stages: readonly StageTimingShape[];
  commissioning?: string;
  overdueDays: number;
}

export interface GanttBar {
  /** Row index (0 = top). */
  row: number;
  project: string;
  stage: string;
  state: 'current' | 'ahead';
  /** Milliseconds since 1970 (UTC midnight) of the first day and of the day after the last. */
  start: number;
  end: number;
  days: number;
  authority?: string;
}

export interface Gantt {
  /** Project ids, top to bottom. */
  rows: string[];
  bars: GanttBar[];
  /** Commissioning dates as milestones (ms), per row; absent for projects that operate already. */
  milestones: { row: number; project: string; at: number }[];
  /** The as-of date (ms): the "today" line. */
  asOf: number;
  /** The time axis: from the as-of date to the last end or milestone. */
  min: number;
  max: number;
}

/** `YYYY-MM-DD` → ms at UTC midnight. */
export function dayMs(date: string): number {
  const [y, m, d] = date.split('-').map(Number);
  return Date.UTC(y ?? 1970, (m ?? 1) - 1, d ?? 1);
}

/**
 * Gantt bars of project pipelines. Stages already done are left out (they have no dates), as are
 * stages of no length (approval as a formality). Rows are ordered by expected commissioning,
 * earliest first; projects already operating come first, ties by id.
 */
export function toGantt(pipelines: readonly PipelineShape[], asOf: string): Gantt {
  const ordered = [...pipelines].sort(
    (a, b) =>
      (a.commissioning === undefined ? -1 : 0) - (b.commissioning === undefined ? -1 : 0) ||
      (a.commissioning ?? '').localeCompare(b.commissioning ?? '') ||
      a.project.localeCompare(b.project),
  );
  const today = dayMs(asOf);
  const bars: GanttBar[] = [];
  const milestones: Gantt['milestones'] = [];
  let max = today;
  ordered.forEach((pipeline, row) => {
    for (const stage of pipeline.stages) {
      if (stage.state === 'done' || stage.start === undefined || stage.end === undefined) continue;
      const start = dayMs(stage.start);
      const end = dayMs(stage.end);
      if (!(end > start)) continue;
      bars.push({
        row,
        project: pipeline.project,
        stage: stage.stage,
        state: stage.state,
        start,
        end,
        days: stage.days,
        ...(stage.authority === undefined ? {} : { authority: stage.authority }),
      });
      max = Math.max(max, end);
    }
    if (pipeline.commissioning !== undefined) {
      const at = dayMs(pipeline.commissioning);
      milestones.push({ row, project: pipeline.project, at });
      max = Math.max(max, at);
    }
  });
  return { rows: ordered.map((p) => p.project), bars, milestones, asOf: today, min: today, max };
}

/** A capital source as the appraisal lists it (`CapitalSource`). */
export interface SourceShape {
  source: string;
  kind: string;
  amount: number;
}

export interface FinancingStack {
  projects: string[];
  /** One series per kind of source (loan, equity, grant, …), then `unfunded` for the gap. */
  series: { kind: string; values: number[] }[];
}

/**
 * USD of each kind of capital per project, for a stacked bar: sources summed by kind in order of
 * first appearance, price floors left out (they raise no capital), and the gap to capex as
 * `unfunded` when any project has one.
 */
export function toFinancingStack(
  projects: readonly { project: string; capex: number; sources: readonly SourceShape[] }[],
): FinancingStack {
  const kinds: string[] = [];
  const amounts = projects.map((p) => {
    const byKind = new Map<string, number>();
    for (const source of p.sources) {
      if (source.kind === 'price-floor' || !(source.amount > 0)) continue;
      if (!kinds.includes(source.kind)) kinds.push(source.kind);
      byKind.set(source.kind, (byKind.get(source.kind) ?? 0) + source.amount);
    }
    return byKind;
  });
  const series = kinds.map((kind) => ({ kind, values: amounts.map((byKind) => byKind.get(kind) ?? 0) }));
  const gaps = projects.map((p, i) =>
    Math.max(0, p.capex - [...(amounts[i]?.values() ?? [])].reduce((a, b) => a + b, 0)),
  );
  if (gaps.some((gap) => gap > 0)) series.push({ kind: 'unfunded', values: gaps });
  return { projects: projects.map((p) => p.project), series };
}

/**
 * What the projects table's NPV is and is not, in the model's currency, and why a project with no
 * product of its own (an infrastructure upgrade) shows a negative NPV and no payback.
 */
export function npvNotes(
  rows: readonly { project: string; name?: string; volumeBasis: string }[],
  currency: string,
): string[] {
  return [
    `Capex and NPV in ${currency}. NPV is standalone: the project's own cash flows at the model's prices, at its blended cost of capital. It is not the project's system value, what the whole plan saves when it is built, which counts projects that complement or substitute one another: the capital allocation below gives that, and the two can disagree.`,
    ...rows
      .filter((r) => r.volumeBasis === 'none')
      .map(
        (r) =>
          `${r.name ?? r.project} makes no product of its own (an infrastructure upgrade): its cash flows are its capex and running costs, so its NPV is negative and it never pays back; its worth is to the system.`,
      ),
  ];
}

/** `items` in the order of `order` (the Gantt's rows), so the table, the Gantt and the financing agree; unknown ones last. */
export function inRowOrder<T>(items: readonly T[], key: (item: T) => string, order: readonly string[]): T[] {
  const rank = (item: T): number => {
    const at = order.indexOf(key(item));
    return at < 0 ? order.length : at;
  };
  return [...items].sort((a, b) => rank(a) - rank(b));
}
