/**
 * The permitting pipeline of expansion projects: stage durations (normal or expedited), the dates
 * each stage is expected to start and end from the stage a project is in today, the expected
 * commissioning date (when it starts operating), dependencies between projects, and stage
 * transitions that may only move one stage forward.
 *
 * Dates are calendar days in UTC written `YYYY-MM-DD`. Durations are days (a month is 365/12 days,
 * as everywhere in the model); a stage ends `ceil(elapsed days)` after the as-of date, so a stage of
 * 30.4 days that starts on 2026-01-01 ends on 2026-02-01.
 */
import {
  createJurisdictionTree,
  PROJECT_STAGES,
  type Issue,
  type Model,
  type Project,
} from '../model/index.js';
import { CoordinateError } from './errors.js';
import type { ProjectPipeline, StageTiming } from './result.js';
import { definedFields } from '../defined-fields.js';

export type { ProjectPipeline, StageTiming } from './result.js';

export type ProjectStage = (typeof PROJECT_STAGES)[number];

const DAY_MS = 86_400_000;
const DATE_PATTERN = /^(\d{4})-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])$/;

/** Days since 1970-01-01 of a `YYYY-MM-DD` date (UTC); a coded error for anything else. */
export function fromDateToDay(date: string): number {
  const match = DATE_PATTERN.exec(date);
  if (!match) throw new CoordinateError('BAD_DATE', `expected a date written 'YYYY-MM-DD'; got '${date}'`);
  const [year, month, day] = [Number(match[1]), Number(match[2]), Number(match[3])];
  const ms = Date.UTC(year, month - 1, day);
  if (new Date(ms).getUTCDate() !== day)
    throw new CoordinateError('BAD_DATE', `'${date}' is not a calendar date`);
  return ms / DAY_MS;
}

/** The `YYYY-MM-DD` date of a day number (days since 1970-01-01, UTC). */
export function fromDayToDate(day: number): string {
  return new Date(Math.round(day) * DAY_MS).toISOString().slice(0, 10);
}

/** `date` plus `days` (fractional days round up to the next whole day). `addDays('2026-01-01', 30.4)` → '2026-02-01'. */
export function addDays(date: string, days: number): string {
  return fromDayToDate(fromDateToDay(date) + Math.ceil(days - 1e-9));
}

/** The stage after `stage`, or undefined after `operating`. */
export function nextStage(stage: ProjectStage): ProjectStage | undefined {
  return PROJECT_STAGES[PROJECT_STAGES.indexOf(stage) + 1];
}

export interface PipelineOptions {
  /** Today, `YYYY-MM-DD`: the date the remaining stages are counted from. */
  asOf: string;
  /** Use the expedited duration of every stage that has one (`true`), or of the named stages. */
  expedite?: boolean | readonly ProjectStage[];
  /** Extra days per stage (a delay to test), added to its duration. */
  delays?: Partial<Record<ProjectStage, number>>;
}

/**
 * Expected days in `stage`: the project's permitting entry for it (its expedited duration when
 * expedited and given), else the build time for construction, else 0; plus any delay.
 */
export function stageDuration(
  project: Project,
  stage: ProjectStage,
  options: Omit<PipelineOptions, 'asOf'> = {},
): number {
  const entry = project.permitting.find((p) => p.stage === stage);
  const expedite =
    options.expedite === true || (Array.isArray(options.expedite) && options.expedite.includes(stage));
  const base = entry
    ? expedite && entry.expedited !== undefined
      ? entry.expedited
      : entry.duration
    : stage === 'construction'
      ? project.buildTime
      : 0;
  return base + (options.delays?.[stage] ?? 0);
}

/** The jurisdiction whose authority acts on a stage: its own, else the facility's. */
export function stageJurisdiction(
  model: Pick<Model, 'facilities'>,
  project: Project,
  stage: ProjectStage,
): string {
  const entry = project.permitting.find((p) => p.stage === stage);
  return entry?.jurisdiction ?? model.facilities.find((f) => f.id === project.facility)?.jurisdiction ?? '';
}

/**
 * Dependency issues: unknown projects in `dependsOn` and cycles (each cycle reported once, naming
 * its members in order).
 */
export function checkProjectDependencies(model: Pick<Model, 'projects'>): Issue[] {
  const issues: Issue[] = [];
  const index = new Map(model.projects.map((p, i) => [p.id, i]));
  model.projects.forEach((p, i) => {
    (p.dependsOn ?? []).forEach((dep, k) => {
      if (!index.has(dep)) {
        issues.push({
          code: 'PROJECT_UNKNOWN_DEPENDENCY',
          severity: 'error',
          path: ['projects', i, 'dependsOn', k],
          message: `project '${p.id}' depends on unknown project '${dep}'`,
          fix: `use one of: ${[...index.keys()].join(', ')}`,
        });
      }
    });
  });
  const state = new Map<string, 'open' | 'closed'>();
  const reported = new Set<string>();
  const visit = (id: string, trail: string[]): void => {
    if (state.get(id) === 'closed') return;
    if (state.get(id) === 'open') {
      const cycle = trail.slice(trail.indexOf(id));
      const key = [...cycle].sort().join(',');
      if (!reported.has(key)) {
        reported.add(key);
        issues.push({
          code: 'PROJECT_DEPENDENCY_CYCLE',
          severity: 'error',
          path: ['projects', index.get(id) ?? 0, 'dependsOn'],
          message: `projects depend on each other in a cycle: ${[...cycle, id].join(' → ')}`,
          fix: 'remove one of these dependsOn entries',
        });
      }
      return;
    }
    state.set(id, 'open');
    const project = model.projects[index.get(id) ?? -1];
    for (const dep of project?.dependsOn ?? []) if (index.has(dep)) visit(dep, [...trail, id]);
    state.set(id, 'closed');
  };
  for (const p of model.projects) visit(p.id, []);
  return issues;
}

/** Projects in dependency order (dependencies first); a coded error on a cycle or unknown dependency. */
export function sortByDependencies(model: Pick<Model, 'projects'>): Project[] {
  const first = checkProjectDependencies(model)[0];
  if (first)
    throw new CoordinateError(
      first.code as 'PROJECT_DEPENDENCY_CYCLE' | 'PROJECT_UNKNOWN_DEPENDENCY',
      first.message,
    );
  const byId = new Map(model.projects.map((p) => [p.id, p]));
  const out: Project[] = [];
  const seen = new Set<string>();
  const add = (p: Project): void => {
    if (seen.has(p.id)) return;
    seen.add(p.id);
    for (const dep of p.dependsOn ?? []) add(byId.get(dep) as Project);
    out.push(p);
  };
  for (const p of model.projects) add(p);
  return out;
}

/**
 * The expected pipeline of every project: stage dates from the stage it is in today, with
 * construction held until each dependency operates. A coded error on a dependency cycle.
 *
 * @example projectPipelines(model, { asOf: '2026-01-01' }).get('baiyin-expansion')?.commissioning // '2027-01-01'
 */
export function projectPipelines(
  model: Pick<Model, 'projects' | 'facilities'>,
  options: PipelineOptions,
): Map<string, ProjectPipeline> {
  const today = fromDateToDay(options.asOf);
  const out = new Map<string, ProjectPipeline>();
  for (const project of sortByDependencies(model)) {
    const facility = model.facilities.find((f) => f.id === project.facility);
    const current = PROJECT_STAGES.indexOf(project.status);
    const elapsed =
      project.statusSince === undefined ? 0 : Math.max(0, today - fromDateToDay(project.statusSince));
    const waitingFor: ProjectPipeline['waitingFor'] = [];
    const stages: StageTiming[] = [];
    let cursor = 0; // days after `today`, fractional
    let overdueDays = 0;
    let constructionStart: string | undefined;
    for (const [i, stage] of PROJECT_STAGES.entries()) {
      if (stage === 'operating') break;
      const entry = project.permitting.find((p) => p.stage === stage);
      const expedited =
        entry?.expedited !== undefined &&
        (options.expedite === true || (Array.isArray(options.expedite) && options.expedite.includes(stage)));
      const common = {
        stage,
        expedited,
        ...(entry?.authority === undefined ? {} : { authority: entry.authority }),
        jurisdiction: stageJurisdiction(model, project, stage),
      };
      if (i < current) {
        stages.push({ ...common, days: 0, state: 'done' });
        continue;
      }
      if (stage === 'construction' && i > current) {
        // Construction waits for every dependency to operate.
        for (const dep of project.dependsOn ?? []) {
          const pipeline = out.get(dep);
          if (!pipeline || pipeline.commissioning === undefined) continue;
          const ready = fromDateToDay(pipeline.commissioning) - today;
          if (ready > cursor) {
            waitingFor.push({ project: dep, commissioning: pipeline.commissioning });
            cursor = ready;
          }
        }
        constructionStart = addDays(options.asOf, cursor);
      }
      const full = stageDuration(project, stage, options);
      const days = i === current ? Math.max(0, full - elapsed) : full;
      if (i === current) overdueDays = Math.max(0, elapsed - full);
      const start = addDays(options.asOf, cursor);
      cursor += days;
      stages.push({
        ...common,
        days,
        state: i === current ? 'current' : 'ahead',
        start,
        end: addDays(options.asOf, cursor),
      });
    }
    const operating = project.status === 'operating';
    out.set(project.id, {
      project: project.id,
      status: project.status,
      jurisdiction: facility?.jurisdiction ?? '',
      ...(facility?.operator === undefined ? {} : { operator: facility.operator }),
      stages,
      ...definedFields({ constructionStart }),
      ...(operating ? {} : { commissioning: addDays(options.asOf, cursor) }),
      daysToCommissioning: operating ? 0 : Math.max(0, Math.ceil(cursor - 1e-9)),
      overdueDays,
      waitingFor,
    });
  }
  return out;
}

/**
 * Checks a stage transition: only to the next stage. Skipping (proposed → approved), going back,
 * staying, or moving an operating project are coded errors. Returns the stage being completed.
 *
 * @example checkStageTransition(project, 'permitting') // 'proposed' for a proposed project
 */
export function checkStageTransition(project: Project, to: string): ProjectStage {
  const target = PROJECT_STAGES.indexOf(to as ProjectStage);
  if (target < 0)
    throw new CoordinateError(
      'PROJECT_STAGE_UNKNOWN',
      `unknown stage '${to}'; stages are ${PROJECT_STAGES.join(' → ')}`,
    );
  const from = PROJECT_STAGES.indexOf(project.status);
  if (project.status === 'operating')
    throw new CoordinateError(
      'PROJECT_OPERATING',
      `project '${project.id}' is operating already; it has no further stage`,
    );
  if (target <= from) {
    throw new CoordinateError(
      'PROJECT_STAGE_BACKWARD',
      `project '${project.id}' is ${project.status}; it cannot move back or stay (${to}); the next stage is ${nextStage(project.status) ?? 'none'}`,
    );
  }
  if (target > from + 1) {
    const skipped = PROJECT_STAGES.slice(from + 1, target);
    throw new CoordinateError(
      'PROJECT_STAGE_SKIP',
      `project '${project.id}' is ${project.status}; moving to ${to} would skip ${skipped.join(', ')}; the next stage is ${nextStage(project.status) ?? 'none'}`,
    );
  }
  return project.status;
}

/**
 * Who completes a stage: the authority when the model names one for it (permits, approvals), else
 * the sponsor (the facility's operator, through a planner).
 */
export function stageActor(project: Project, stage: ProjectStage): 'authority' | 'sponsor' {
  return project.permitting.some((p) => p.stage === stage && p.authority !== undefined)
    ? 'authority'
    : 'sponsor';
}

/** True when `jurisdiction` is `scope` or lies inside it (an authority of CN acts on CN-NM). */
export function isWithinJurisdiction(
  model: Pick<Model, 'jurisdictions'>,
  jurisdiction: string,
  scope: string,
): boolean {
  return createJurisdictionTree(model).within(jurisdiction, scope);
}

/** The first day of the model's horizon, the default as-of date (never the wall clock, so reports reproduce). */
export function horizonStartDate(model: Pick<Model, 'horizon'>): string {
  return `${model.horizon.start}-01`;
}
