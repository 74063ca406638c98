/**
 * The calibration report: each published figure beside the model's value, with its tolerance and
 * whether it passes, fails or is a departure the model makes on purpose.
 */
import { expandElements, type Issue } from '../model/index.js';
import { computeFigure, createComputeContext, type CalibrationInput } from './compute.js';
import type { CalibrationFile, Figure, Tolerance } from './schema.js';

/** pass: within tolerance; fail: outside it; departure: outside it, for the reason given. */
export type FigureStatus = 'pass' | 'fail' | 'departure';

export interface FigureResult {
  id: string;
  label: string;
  unit: string;
  source: string;
  year?: string | number;
  kind: Figure['compute']['kind'];
  published: number | string[];
  /** Absent only when the figure could not be computed (an issue says why). */
  model?: number | string[];
  comparison: Figure['comparison'];
  tolerance?: Tolerance;
  /** model − published, for numeric figures. */
  difference?: number;
  status: FigureStatus;
  departure?: string;
  note?: string;
}

export interface CalibrationReport {
  model: string;
  scenario?: string;
  figures: FigureResult[];
  counts: Record<FigureStatus, number>;
  /** True when no figure fails (departures do not fail). */
  passed: boolean;
}

/** The largest distance from the published value the tolerance allows. */
export function allowance(published: number, tolerance: Tolerance | undefined): number {
  if (!tolerance) return 0;
  return tolerance.points ?? ((tolerance.percent ?? 0) / 100) * Math.abs(published);
}

/** Floating-point slack, so a value printed equal to its bound is not failed. */
const EPSILON = 1e-9;

/** Whether a numeric model value meets the published figure as the figure compares them. */
export function withinTolerance(
  model: number,
  published: number,
  comparison: Figure['comparison'],
  tolerance: Tolerance | undefined,
): boolean {
  const slack = allowance(published, tolerance) + EPSILON * Math.max(1, Math.abs(published));
  if (comparison === 'at-least') return model >= published - slack;
  if (comparison === 'at-most') return model <= published + slack;
  return Math.abs(model - published) <= slack;
}

/** Element lists compare as sets of symbols, groups expanded, in the periodic order. */
const asSymbols = (list: readonly string[]): string[] => expandElements(list);
const sameList = (a: readonly string[], b: readonly string[]): boolean =>
  asSymbols(a).join(',') === asSymbols(b).join(',');

function toResult(
  figure: Figure,
  model: number | string[] | undefined,
  note: string | undefined,
): FigureResult {
  const base: FigureResult = {
    id: figure.id,
    label: figure.label,
    unit: figure.unit,
    source: figure.source,
    kind: figure.compute.kind,
    published: Array.isArray(figure.published) ? asSymbols(figure.published) : figure.published,
    comparison: figure.comparison,
    status: 'fail',
  };
  if (figure.year !== undefined) base.year = figure.year;
  if (figure.tolerance) base.tolerance = figure.tolerance;
  if (figure.departure !== undefined) base.departure = figure.departure;
  const notes = [figure.note, note].filter((n): n is string => n !== undefined && n !== '');
  if (notes.length > 0) base.note = notes.join('; ');
  if (model === undefined) return base;
  base.model = model;
  let ok: boolean;
  if (Array.isArray(model) || Array.isArray(figure.published)) {
    ok = Array.isArray(model) && Array.isArray(figure.published) && sameList(model, figure.published);
  } else {
    base.difference = model - figure.published;
    ok = withinTolerance(model, figure.published, figure.comparison, figure.tolerance);
  }
  base.status = ok ? 'pass' : figure.departure !== undefined ? 'departure' : 'fail';
  return base;
}

/**
 * Compares every figure of `table` with the planned baseline. Figures naming something the model
 * does not have come back as issues (`CALIBRATION_UNKNOWN_REF`, with the path in the table) and
 * count as failed.
 *
 * @example calibrate(table, { base, planned: base, result }).report.counts // { pass: 31, fail: 0, departure: 2 }
 */
export function calibrate(
  table: CalibrationFile,
  input: CalibrationInput,
): { report: CalibrationReport; issues: Issue[] } {
  const ctx = createComputeContext(input);
  const issues: Issue[] = [];
  const figures = table.figures.map((figure, index) => {
    const computed = computeFigure(ctx, figure.compute);
    if ('missing' in computed) {
      const { field, message, fix } = computed.missing;
      issues.push({
        code: 'CALIBRATION_UNKNOWN_REF',
        severity: 'error',
        path: ['figures', index, 'compute', ...field],
        message: `figure '${figure.id}': ${message}`,
        ...(fix === undefined ? {} : { fix }),
      });
      return toResult(figure, undefined, undefined);
    }
    return toResult(figure, computed.value, computed.note);
  });
  const counts: Record<FigureStatus, number> = { pass: 0, fail: 0, departure: 0 };
  for (const f of figures) counts[f.status] += 1;
  const report: CalibrationReport = {
    model: input.result.model,
    figures,
    counts,
    passed: counts.fail === 0,
  };
  if (input.result.scenario !== undefined) report.scenario = input.result.scenario;
  return { report, issues };
}
