/**
 * Quality charts of stored assays: one facility × material × analyte series of lab results, drawn with
 * monitor/spc (individuals, EWMA or CUSUM), limits from a phase I reference window or frozen limits,
 * selectable run rules, and capability against the model's specification. Pure: the caller reads the
 * assays from the store.
 */
import type { Specification as ModelSpecification } from '../model/index.js';
import { capability, type CapabilityResult, type Specification } from './spc/capability.js';
import { controlChart } from './spc/chart.js';
import { SpcError } from './spc/errors.js';
import { RULE_DESCRIPTIONS, type RuleId } from './spc/rules.js';
import type { FrozenLimits, PointRange } from './spc/types.js';
import { definedFields } from '../defined-fields.js';

/** The charts that suit single lab results, one per lot. */
export const QUALITY_CHARTS = ['imr', 'ewma', 'cusum'] as const;
export type QualityChartKind = (typeof QUALITY_CHARTS)[number];

/** One assay as charted. */
export interface QualityPoint {
  time: number;
  value: number;
  lot?: string;
}

export interface QualityChartOptions {
  /** Default 'imr'. */
  chart?: QualityChartKind;
  /** Run rules for the individuals chart: 'nelson' (default), 'we', '1,2,5', 'none'. */
  rules?: string;
  /** Phase I: estimate limits from the points with from ≤ time < to, at most the first `points` of them; default every point. */
  reference?: { from?: number; to?: number; points?: number };
  /** Phase II: frozen centre and sigma of one assay (ignores `reference`). */
  limits?: { center: number; sigma: number };
  /** Specification limits (LSL, USL, target) for capability. */
  spec?: Specification;
  /** Re-estimate phase I limits without reference points beyond them; default false. */
  iterate?: boolean;
  lambda?: number;
  L?: number;
  k?: number;
  h?: number;
}

/** One plotted point of one statistic. */
export interface QualityChartPoint {
  index: number;
  time: number;
  lot?: string;
  value: number;
  center: number;
  lcl: number;
  ucl: number;
}

/** A violation with the rule, its description and the assays that make the pattern. */
export interface QualityViolation {
  rule: RuleId | 'beyond-limits';
  description: string;
  statistic: string;
  /** The point that completed the pattern. */
  index: number;
  time: number;
  points: { index: number; time: number; lot?: string }[];
}

export interface QualityChart {
  chart: QualityChartKind;
  phase: 'I' | 'II';
  /** The parameters to freeze for phase II monitoring. */
  limits: FrozenLimits;
  /** Phase I reference: point indices [start, end) and their times. */
  reference?: PointRange & { from: number; to: number };
  excluded: number[];
  rules: RuleId[];
  series: { statistic: string; points: QualityChartPoint[] }[];
  violations: QualityViolation[];
  /** Capability against the specification; null without one (or when the data cannot give it, see warnings). */
  capability: CapabilityResult | null;
  spec: Specification | null;
  warnings: string[];
}

/** The model's limits for one material and analyte as an SPC specification; undefined when the model has none. */
export function toAnalyteSpec(
  specifications: readonly ModelSpecification[] | undefined,
  material: string,
  analyte: string,
): (Specification & { unit: string; specification: string }) | undefined {
  for (const spec of specifications ?? []) {
    if (spec.material !== material) continue;
    const limit = spec.analytes.find((a) => a.analyte === analyte);
    if (!limit) continue;
    return {
      specification: spec.id,
      unit: limit.unit,
      ...definedFields({ lsl: limit.min, usl: limit.max, target: limit.target }),
    };
  }
  return undefined;
}

function toReference(
  points: readonly QualityPoint[],
  reference: NonNullable<QualityChartOptions['reference']>,
): PointRange {
  let start = 0;
  while (
    start < points.length &&
    reference.from !== undefined &&
    (points[start] as QualityPoint).time < reference.from
  )
    start++;
  let end = start;
  while (
    end < points.length &&
    (reference.to === undefined || (points[end] as QualityPoint).time < reference.to) &&
    (reference.points === undefined || end - start < reference.points)
  )
    end++;
  if (end <= start)
    throw new SpcError(
      'SPC_BAD_RANGE',
      'no assays in the phase I reference window; widen it or give frozen limits',
    );
  return { start, end };
}

/**
 * Draws one assay series (sorted by time here) as a control chart with its violations and capability.
 *
 * @example qualityChart(assays, { chart: 'imr', rules: 'we', reference: { points: 25 }, spec: { lsl: 99 } }).violations
 */
export function qualityChart(
  input: readonly QualityPoint[],
  options: QualityChartOptions = {},
): QualityChart {
  const chart = options.chart ?? 'imr';
  if (!QUALITY_CHARTS.includes(chart))
    throw new SpcError(
      'SPC_BAD_OPTION',
      `chart '${String(chart)}' does not suit single assays; expected one of ${QUALITY_CHARTS.join(', ')}`,
    );
  const points = [...input].sort((a, b) => a.time - b.time);
  const values = points.map((p) => p.value);
  const reference =
    options.limits === undefined && options.reference !== undefined
      ? toReference(points, options.reference)
      : undefined;
  const result = controlChart(
    { values },
    {
      chart,
      rules: options.rules ?? 'nelson',
      ...(options.limits === undefined
        ? {}
        : { limits: { chart, center: options.limits.center, sigma: options.limits.sigma } }),
      ...definedFields({
        reference,
        iterate: options.iterate,
        lambda: options.lambda,
        L: options.L,
        k: options.k,
        h: options.h,
      }),
    },
  );
  const at = (i: number): { index: number; time: number; lot?: string } => {
    const p = points[i] as QualityPoint;
    return { index: i, time: p.time, ...definedFields({ lot: p.lot }) };
  };
  const series = result.series.map((s) => ({
    statistic: s.statistic,
    points: s.values.map((value, i) => ({
      ...at(i),
      value,
      center: s.center[i] as number,
      lcl: s.lcl[i] as number,
      ucl: s.ucl[i] as number,
    })),
  }));
  const violations = result.series.flatMap((s) =>
    s.violations.map((v): QualityViolation => ({
      rule: v.rule,
      description:
        v.rule === 'beyond-limits' ? `${s.statistic} beyond its control limits` : RULE_DESCRIPTIONS[v.rule],
      statistic: s.statistic,
      index: v.index,
      time: (points[v.index] as QualityPoint).time,
      points: v.points.map(at),
    })),
  );
  const spec =
    options.spec !== undefined && (options.spec.lsl !== undefined || options.spec.usl !== undefined)
      ? options.spec
      : null;
  const warnings = [...result.warnings];
  let cap: CapabilityResult | null = null;
  if (spec) {
    try {
      cap = capability(values, spec, chart === 'imr' ? { sigmaWithin: result.limits.sigma } : {});
    } catch (error) {
      if (!(error instanceof SpcError)) throw error;
      warnings.push(`no capability: ${error.message}`);
    }
  }
  return {
    chart,
    phase: result.phase,
    limits: result.limits,
    ...(result.reference
      ? {
          reference: {
            ...result.reference,
            from: (points[result.reference.start] as QualityPoint).time,
            to: (points[result.reference.end - 1] as QualityPoint).time,
          },
        }
      : {}),
    excluded: result.excluded,
    rules: result.rules,
    series,
    violations,
    capability: cap,
    spec,
    warnings,
  };
}
