/** The projects report: each project's pipeline position, expected dates and economics in one row. */
import type { Model } from '../model/index.js';
import type { PlanResult } from '../plan/index.js';
import { appraiseProject, toProjectReportRow, type Appraisal, type ProjectReportRow } from './finance.js';
import {
  horizonStartDate,
  projectPipelines,
  type PipelineOptions,
  type ProjectPipeline,
} from './projects.js';
import { definedFields } from '../defined-fields.js';

export interface ProjectsReportOptions {
  /** Default: the first day of the horizon. */
  asOf?: string;
  expedite?: PipelineOptions['expedite'];
  /** A plan whose volumes the projects get (else capacity × utilisation). */
  plan?: PlanResult;
  utilisation?: number;
}

export interface ProjectsReport {
  asOf: string;
  rows: ProjectReportRow[];
  pipelines: ProjectPipeline[];
  appraisals: Appraisal[];
}

/**
 * Pipelines and appraisals of every project of a model.
 *
 * @example reportProjects(model, { asOf: '2026-01-01' }).rows[0]?.commissioning
 */
export function reportProjects(model: Model, options: ProjectsReportOptions = {}): ProjectsReport {
  const asOf = options.asOf ?? horizonStartDate(model);
  const pipelines = projectPipelines(model, {
    asOf,
    ...definedFields({ expedite: options.expedite }),
  });
  const appraisals = model.projects.map((p) =>
    appraiseProject(model, p, {
      ...(options.plan ? { plan: options.plan } : {}),
      ...definedFields({ utilisation: options.utilisation }),
    }),
  );
  const rows = model.projects.map((p, i) => {
    const pipeline = pipelines.get(p.id);
    const appraisal = appraisals[i];
    if (!pipeline || !appraisal) throw new Error(`project '${p.id}' has no pipeline`);
    return toProjectReportRow(p, pipeline, appraisal);
  });
  return {
    asOf,
    rows,
    pipelines: model.projects
      .map((p) => pipelines.get(p.id))
      .filter((p): p is ProjectPipeline => p !== undefined),
    appraisals,
  };
}
