/**
 * The quality alert rule: an assay outside the specification, and control-chart (SPC) signals per
 * facility, material and analyte.
 */
import { z } from 'zod';
import type { Specification as ModelSpecification } from '../../model/index.js';
import { QUALITY_CHARTS, qualityChart, toAnalyteSpec, type QualityPoint } from '../quality.js';
import type { Specification } from '../spc/capability.js';
import { SpcError } from '../spc/errors.js';
import { parseRules, RULE_DESCRIPTIONS, type RuleId } from '../spc/rules.js';
import type { TelemetryEvent } from '../telemetry.js';
import {
  formatValue,
  matchesSeries,
  ruleCommon,
  type EvaluateContext,
  readingSignalBase,
} from './rule-common.js';
import type { Signal } from './types.js';
import { definedFields } from '../../defined-fields.js';

/**
 * Quality of a material's analyte, per facility: an assay outside the specification raises a critical alert
 * at once; and each series (facility × material × analyte) is charted with monitor/spc, phase II against
 * limits that are, in order: `limits` (frozen), `target` ± `sigma`, estimated from the first `reference.points`
 * assays (phase I), or the specification (centre = target or mid-range, σ = width/6). Every run-rule violation
 * at a new assay is a signal naming the rule and the assays that make the pattern. Spec limits default to the
 * model's `specifications`; lsl/usl/target here override them.
 */
export const qualityRuleSchema = z
  .object({
    ...ruleCommon,
    kind: z.literal('quality'),
    material: z.string().default('*'),
    analyte: z.string().default('*').meta({ description: "analyte, or '*' for every analyte" }),
    lsl: z.number().optional(),
    usl: z.number().optional(),
    target: z.number().optional(),
    sigma: z.number().positive().optional(),
    chart: z
      .enum(QUALITY_CHARTS)
      .default('ewma')
      .meta({ description: 'imr (with run rules), ewma or cusum' }),
    rules: z
      .string()
      .default('nelson')
      .meta({ description: "run rules of the individuals chart: 'nelson', 'we', '1,2,5'" }),
    limits: z
      .object({ center: z.number(), sigma: z.number().positive() })
      .strict()
      .optional()
      .meta({ description: 'frozen phase II limits' }),
    reference: z
      .object({ points: z.number().int().min(2).default(25) })
      .strict()
      .optional()
      .meta({ description: 'phase I: the first assays of each series estimate the limits' }),
    window: z
      .number()
      .int()
      .min(16)
      .max(10_000)
      .default(200)
      .meta({ description: 'assays kept per series for the chart' }),
    lambda: z.number().gt(0).max(1).default(0.2),
    L: z.number().positive().default(3),
    k: z.number().min(0).default(0.5),
    h: z.number().positive().default(5),
  })
  .strict()
  .refine(
    (r) => {
      try {
        parseRules(r.rules);
        return true;
      } catch {
        return false;
      }
    },
    { message: "rules: expected 'nelson', 'we', 'none' or Nelson numbers like '1,2,5'", path: ['rules'] },
  );

export type QualityRule = z.infer<typeof qualityRuleSchema>;

/** The spec limits of a rule for one material and analyte: the rule's own, else the model's. */
function specOf(
  rule: QualityRule,
  material: string,
  analyte: string,
  specifications: readonly ModelSpecification[] | undefined,
): Specification {
  const model = toAnalyteSpec(specifications, material, analyte);
  const pick = (own: number | undefined, fromModel: number | undefined): number | undefined =>
    own ?? fromModel;
  const lsl = pick(rule.lsl, model?.lsl);
  const usl = pick(rule.usl, model?.usl);
  const target = pick(rule.target, model?.target);
  return {
    ...definedFields({ lsl, usl, target }),
  };
}

/** Frozen limits when the rule or the specification gives them without data. */
function givenLimits(rule: QualityRule, spec: Specification): { center: number; sigma: number } | undefined {
  if (rule.limits) return rule.limits;
  if (rule.reference) return undefined;
  if (rule.target !== undefined && rule.sigma !== undefined)
    return { center: rule.target, sigma: rule.sigma };
  if (spec.lsl !== undefined && spec.usl !== undefined)
    return {
      center: spec.target ?? (spec.lsl + spec.usl) / 2,
      sigma: rule.sigma ?? (spec.usl - spec.lsl) / 6,
    };
  return undefined;
}

function describeLots(
  points: readonly { index: number; lot?: string }[],
  series: readonly QualityPoint[],
): string {
  const lots = points.map((p) => series[p.index]?.lot ?? `#${p.index + 1}`);
  return lots.length <= 6
    ? lots.join(', ')
    : `${lots.slice(0, 3).join(', ')}, …, ${lots.slice(-2).join(', ')} (${lots.length} assays)`;
}

/** Signals one assay raises or clears under a quality rule: the specification, then each run rule. */
export function qualitySignals(rule: QualityRule, event: TelemetryEvent, context: EvaluateContext): Signal[] {
  if (
    event.kind !== 'assay' ||
    !matchesSeries(rule.analyte, event.analyte) ||
    !matchesSeries(rule.material, event.material)
  )
    return [];
  const subject = `${event.material}|${event.analyte}`;
  const base = readingSignalBase(rule, event, subject);
  const spec = specOf(rule, event.material, event.analyte, context.specifications);
  const out: Signal[] = [];
  const outLow = spec.lsl !== undefined && event.value < spec.lsl;
  const outHigh = spec.usl !== undefined && event.value > spec.usl;
  if (spec.lsl !== undefined || spec.usl !== undefined) {
    out.push({
      ...base,
      key: `${rule.id}|${event.facility}|${subject}|spec`,
      severity: 'critical',
      active: outLow || outHigh,
      message:
        outLow || outHigh
          ? `lot ${event.lot}: ${event.analyte} ${formatValue(event.value)} ${event.unit} is outside the specification [${spec.lsl ?? '−∞'}, ${spec.usl ?? '∞'}]`
          : `lot ${event.lot}: ${event.analyte} back within specification`,
      ...(outLow && spec.lsl !== undefined
        ? { limit: spec.lsl }
        : outHigh && spec.usl !== undefined
          ? { limit: spec.usl }
          : {}),
    });
  }
  const memoryKey = `${rule.id}|${event.facility}|${subject}`;
  const state = context.memory.get(memoryKey) ?? { points: [], seen: 0 };
  context.memory.set(memoryKey, state);
  state.points.push({ time: event.time, value: event.value, lot: event.lot });
  state.seen += 1;
  if (state.points.length > rule.window) state.points.splice(0, state.points.length - rule.window);
  if (!state.limits) {
    const given = givenLimits(rule, spec);
    if (given) state.limits = given;
  }
  const referencePoints = rule.reference?.points ?? 25;
  let chart;
  try {
    if (!state.limits) {
      if (state.seen < referencePoints) return out;
      // Phase I: the first `referencePoints` assays of the series (still all in the window) estimate the limits, then freeze.
      const estimate = qualityChart(state.points, {
        chart: rule.chart,
        rules: rule.rules,
        reference: { points: referencePoints },
        lambda: rule.lambda,
        L: rule.L,
        k: rule.k,
        h: rule.h,
      });
      state.limits = { center: estimate.limits.center, sigma: estimate.limits.sigma };
    }
    chart = qualityChart(state.points, {
      chart: rule.chart,
      rules: rule.rules,
      limits: state.limits,
      lambda: rule.lambda,
      L: rule.L,
      k: rule.k,
      h: rule.h,
    });
  } catch (error) {
    if (error instanceof SpcError) return out; // e.g. a constant reference: no limits to judge against yet
    throw error;
  }
  const last = state.points.length - 1;
  const primary = chart.series[0]?.points[last];
  const checked: (RuleId | 'beyond-limits')[] = rule.chart === 'imr' ? chart.rules : ['beyond-limits'];
  const statistics = rule.chart === 'imr' ? ['x'] : chart.series.map((s) => s.statistic);
  for (const ruleId of checked) {
    const found = chart.violations.find(
      (v) => v.rule === ruleId && v.index === last && statistics.includes(v.statistic),
    );
    const point =
      chart.series.find((s) => s.statistic === (found?.statistic ?? statistics[0]))?.points[last] ?? primary;
    const value = point?.value ?? event.value;
    const high = point !== undefined && value > point.center;
    const description =
      ruleId === 'beyond-limits'
        ? `${found?.statistic ?? chart.series[0]?.statistic ?? 'statistic'} beyond its control limits`
        : RULE_DESCRIPTIONS[ruleId];
    out.push({
      ...base,
      key: `${memoryKey}|${ruleId}`,
      active: found !== undefined,
      value,
      ...(point ? { limit: high ? point.ucl : point.lcl } : {}),
      message: found
        ? `${event.facility} ${subject}: ${ruleId} (${description}) on the ${rule.chart} chart at lots ${describeLots(found.points, state.points)}; centre ${formatValue(chart.limits.center)}, σ ${formatValue(chart.limits.sigma)}`
        : `${event.facility} ${subject}: ${ruleId} no longer violated on the ${rule.chart} chart`,
      ...(found
        ? {
            points: found.points.map((p) => ({
              time: p.time,
              value: state.points[p.index]?.value ?? NaN,
              ...definedFields({ lot: p.lot }),
            })),
          }
        : {}),
    });
  }
  return out;
}
