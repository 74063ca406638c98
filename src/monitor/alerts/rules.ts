/**
 * Alert rules as data (zod): threshold, deviation from plan, missing data, quality (specification
 * limits and an EWMA drift signal per material and analyte) and maintenance (unplanned stops).
 * Each rule turns evidence into Signals; the alert book (engine.ts) de-duplicates them.
 */
import { z } from 'zod';
import type { PlanVsActualRow } from '../plan-vs-actual.js';
import { TELEMETRY_KINDS, toSeries, type TelemetryEvent } from '../telemetry.js';
import type { Specification as ModelSpecification } from '../../model/index.js';
import type { AssetTracker, FailureLimit } from '../maintenance/assets.js';
import { QUALITY_CHARTS, qualityChart, toAnalyteSpec, type QualityPoint } from '../quality.js';
import type { Specification } from '../spc/capability.js';
import { SpcError } from '../spc/errors.js';
import { parseRules, RULE_DESCRIPTIONS, type RuleId } from '../spc/rules.js';
import { SEVERITIES, type Signal } from './types.js';

const ruleId = z
  .string()
  .regex(/^[A-Za-z0-9][A-Za-z0-9_.:-]*$/, { message: "expected an id of letters, digits and '_ . : -'" });
const severity = z.enum(SEVERITIES).default('warning');
const common = {
  id: ruleId,
  severity,
  facility: z.string().optional().meta({ description: 'only this facility (default: all)' }),
  description: z.string().optional(),
};

/** Value above `above` or below `below` on matching events (sensor, assay, inventory or production). */
export const thresholdRuleSchema = z
  .object({
    ...common,
    kind: z.literal('threshold'),
    event: z.enum(['sensor', 'assay', 'inventory', 'production']),
    /** Matches the event's series (`asset|tag`, `material|analyte`, `material`, `process|material`); `*` is a wildcard segment. */
    series: z.string().default('*'),
    above: z.number().optional(),
    below: z.number().optional(),
  })
  .strict()
  .refine((r) => r.above !== undefined || r.below !== undefined, {
    message: 'give above, below or both',
    path: ['above'],
  });

/** Measured production, inventory or shipments deviate from the plan by more than `tolerance` (a fraction). */
export const planDeviationRuleSchema = z
  .object({
    ...common,
    kind: z.literal('plan-deviation'),
    measure: z.enum(['production', 'inventory', 'shipment']).default('production'),
    tolerance: z
      .number()
      .positive()
      .meta({ description: 'largest accepted |actual − expected| / expected', unit: 'fraction' }),
    /** Only compare once at least this share of the period has elapsed (early days are noisy). */
    minElapsed: z.number().min(0).max(1).default(0.1),
    /** Ignore rows planned below this many tonnes. */
    minExpected: z.number().min(0).default(0),
  })
  .strict();

/** No event of `event` kind from a facility for `minutes`. */
export const missingDataRuleSchema = z
  .object({
    ...common,
    kind: z.literal('missing-data'),
    event: z.enum(TELEMETRY_KINDS),
    minutes: z.number().positive(),
    /** Facilities expected to report (default: those that ever reported). */
    facilities: z.array(z.string()).optional(),
  })
  .strict();

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
    ...common,
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

/** Maintenance: an unplanned stop (or any stop of the listed types) opens an alert until it ends; `predict` adds anomaly and remaining-life alerts from sensor readings. */
export const maintenanceRuleSchema = z
  .object({
    ...common,
    kind: z.literal('maintenance'),
    types: z.array(z.enum(['planned', 'unplanned', 'inspection'])).default(['unplanned']),
    asset: z.string().default('*'),
    predict: z
      .object({
        failure: z
          .record(
            z.string(),
            z
              .object({
                above: z.number().optional(),
                below: z.number().optional(),
                model: z.enum(['linear', 'exponential']).default('linear'),
              })
              .strict(),
          )
          .default({})
          .meta({
            description:
              'tag → the value at which the asset fails (trips); remaining life is the time to reach it',
          }),
        leadHours: z.number().positive().default(24).meta({
          description: 'alert when the predicted remaining life is at most this many hours',
          unit: 'h',
        }),
        anomaly: z
          .boolean()
          .default(true)
          .meta({ description: 'also alert while a tag reading is anomalous' }),
      })
      .strict()
      .optional(),
  })
  .strict();

export const alertRuleSchema = z.discriminatedUnion('kind', [
  thresholdRuleSchema,
  planDeviationRuleSchema,
  missingDataRuleSchema,
  qualityRuleSchema,
  maintenanceRuleSchema,
]);
export type AlertRule = z.infer<typeof alertRuleSchema>;
export type AlertRuleInput = z.input<typeof alertRuleSchema>;
export type ThresholdRule = z.infer<typeof thresholdRuleSchema>;
export type PlanDeviationRule = z.infer<typeof planDeviationRuleSchema>;
export type MissingDataRule = z.infer<typeof missingDataRuleSchema>;
export type QualityRule = z.infer<typeof qualityRuleSchema>;
export type MaintenanceRule = z.infer<typeof maintenanceRuleSchema>;

/** Whether `series` matches `pattern` segment by segment; `*` matches any segment, a trailing `*` any rest. */
export function matchesSeries(pattern: string, series: string): boolean {
  if (pattern === '*' || pattern === series) return true;
  const want = pattern.split('|');
  const have = series.split('|');
  for (let i = 0; i < want.length; i += 1) {
    if (want[i] === '*') {
      if (i === want.length - 1) return true;
      continue;
    }
    if (want[i] !== have[i]) return false;
  }
  return want.length === have.length;
}

function format(value: number): string {
  return Number.isInteger(value) ? String(value) : value.toPrecision(4);
}

function thresholdSignal(rule: ThresholdRule, event: TelemetryEvent): Signal | undefined {
  if (event.kind !== rule.event) return undefined;
  const { series, value } = toSeries(event);
  if (value === null || !matchesSeries(rule.series, series)) return undefined;
  const high = rule.above !== undefined && value > rule.above;
  const low = rule.below !== undefined && value < rule.below;
  const limit = high ? rule.above : low ? rule.below : (rule.above ?? rule.below);
  return {
    rule: rule.id,
    key: `${rule.id}|${event.facility}|${series}`,
    severity: rule.severity,
    active: high || low,
    time: event.time,
    facility: event.facility,
    subject: series,
    message:
      high || low
        ? `${event.facility} ${series}: ${format(value)} is ${high ? 'above' : 'below'} ${format(limit ?? 0)}`
        : `${event.facility} ${series}: ${format(value)} is back within limits`,
    value,
    ...(limit === undefined ? {} : { limit }),
  };
}

/** Chart state per (rule, facility, material, analyte): recent assays and, once known, the frozen limits. */
export type QualityMemory = Map<
  string,
  { points: QualityPoint[]; limits?: { center: number; sigma: number }; seen: number }
>;

/** What per-event rules may read besides the event: the clock, chart memory, the model's specifications, asset health. */
export interface EvaluateContext {
  now: number;
  memory: QualityMemory;
  specifications?: readonly ModelSpecification[];
  assets?: AssetTracker;
}

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
    ...(lsl === undefined ? {} : { lsl }),
    ...(usl === undefined ? {} : { usl }),
    ...(target === undefined ? {} : { target }),
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

function qualitySignals(rule: QualityRule, event: TelemetryEvent, context: EvaluateContext): Signal[] {
  if (
    event.kind !== 'assay' ||
    !matchesSeries(rule.analyte, event.analyte) ||
    !matchesSeries(rule.material, event.material)
  )
    return [];
  const subject = `${event.material}|${event.analyte}`;
  const base = {
    rule: rule.id,
    severity: rule.severity,
    time: event.time,
    facility: event.facility,
    subject,
    value: event.value,
  };
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
          ? `lot ${event.lot}: ${event.analyte} ${format(event.value)} ${event.unit} is outside the specification [${spec.lsl ?? '−∞'}, ${spec.usl ?? '∞'}]`
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
        ? `${event.facility} ${subject}: ${ruleId} (${description}) on the ${rule.chart} chart at lots ${describeLots(found.points, state.points)}; centre ${format(chart.limits.center)}, σ ${format(chart.limits.sigma)}`
        : `${event.facility} ${subject}: ${ruleId} no longer violated on the ${rule.chart} chart`,
      ...(found
        ? {
            points: found.points.map((p) => ({
              time: p.time,
              value: state.points[p.index]?.value ?? NaN,
              ...(p.lot === undefined ? {} : { lot: p.lot }),
            })),
          }
        : {}),
    });
  }
  return out;
}

function maintenanceSignals(
  rule: MaintenanceRule,
  event: TelemetryEvent,
  context: EvaluateContext,
): Signal[] {
  if (event.kind === 'sensor') {
    const predict = rule.predict;
    if (!predict || !context.assets || !matchesSeries(rule.asset, event.asset)) return [];
    const health = context.assets.get(event.facility, event.asset);
    const tag = health?.tags.find((t) => t.tag === event.tag);
    if (!health || !tag || tag.time !== event.time) return [];
    const out: Signal[] = [];
    const subject = `${event.asset}|${event.tag}`;
    const base = {
      rule: rule.id,
      severity: rule.severity,
      time: event.time,
      facility: event.facility,
      subject,
      value: event.value,
    };
    if (predict.anomaly && tag.z !== null) {
      out.push({
        ...base,
        key: `${rule.id}|${event.facility}|${subject}|anomaly`,
        active: tag.anomalous,
        message: tag.anomalous
          ? `${event.facility} ${event.asset} ${event.tag}: ${format(event.value)} ${event.unit} is anomalous (z ${format(tag.z)}, score ${tag.score.toFixed(2)})`
          : `${event.facility} ${event.asset} ${event.tag}: back to normal`,
      });
    }
    const limit = predict.failure[event.tag];
    if (limit) {
      const rul = tag.rul;
      const due = rul !== null && rul.hours <= predict.leadHours;
      const hours = (h: number): string => (Number.isFinite(h) ? `${format(h)} h` : '∞');
      out.push({
        ...base,
        key: `${rule.id}|${event.facility}|${subject}|rul`,
        severity: rul !== null && rul.lower <= predict.leadHours / 4 ? 'critical' : rule.severity,
        active: due,
        ...(rul === null ? {} : { value: rul.hours }),
        limit: predict.leadHours,
        message:
          due && rul
            ? `${event.facility} ${event.asset}: ${event.tag} ${format(event.value)} ${event.unit} is ${tag.trend}; predicted to reach ${format(rul.limit)} in ${hours(rul.hours)} (band ${hours(rul.lower)}–${hours(rul.upper)}), at ${new Date(rul.at).toISOString()}${health.process ? ` (process ${health.process})` : ''}`
            : `${event.facility} ${event.asset}: ${event.tag} not expected to reach its failure limit within ${predict.leadHours} h`,
        ...(due && rul ? { leadHours: rul.hours } : {}),
      });
    }
    return out;
  }
  if (
    event.kind !== 'maintenance' ||
    !rule.types.includes(event.type) ||
    !matchesSeries(rule.asset, event.asset)
  )
    return [];
  const ongoing = event.end === undefined || event.end > context.now;
  return [
    {
      rule: rule.id,
      key: `${rule.id}|${event.facility}|${event.asset}|${event.start}`,
      severity: rule.severity,
      active: ongoing,
      time: event.time,
      facility: event.facility,
      subject: event.asset,
      message: ongoing
        ? `${event.facility} ${event.asset}: ${event.type} stop since ${new Date(event.start).toISOString()}${event.process ? ` (process ${event.process})` : ''}`
        : `${event.facility} ${event.asset}: back in service`,
    },
  ];
}

/**
 * Signals that one event raises or clears under the per-event rules (threshold, quality, maintenance).
 * Sensor readings must be folded into `context.assets` before (the operate service does it).
 *
 * @example evaluateEvent(rules, event, {now: clock(), memory})
 */
export function evaluateEvent(
  rules: readonly AlertRule[],
  event: TelemetryEvent,
  context: EvaluateContext,
): Signal[] {
  const out: Signal[] = [];
  for (const rule of rules) {
    if (rule.facility !== undefined && rule.facility !== event.facility) continue;
    if (rule.kind === 'threshold') {
      const signal = thresholdSignal(rule, event);
      if (signal) out.push(signal);
    } else if (rule.kind === 'quality') out.push(...qualitySignals(rule, event, context));
    else if (rule.kind === 'maintenance') out.push(...maintenanceSignals(rule, event, context));
  }
  return out;
}

/** Failure limits of every maintenance rule with `predict`, for the asset tracker. */
export function toFailureLimits(rules: readonly AlertRule[]): FailureLimit[] {
  return rules.flatMap((rule) =>
    rule.kind === 'maintenance' && rule.predict
      ? Object.entries(rule.predict.failure).map(([tag, f]): FailureLimit => ({
          asset: rule.asset,
          tag,
          model: f.model,
          ...(f.above === undefined ? {} : { above: f.above }),
          ...(f.below === undefined ? {} : { below: f.below }),
        }))
      : [],
  );
}

/** Missing-data signals at `now` from the latest source time per facility and kind. */
export function evaluateMissingData(
  rules: readonly AlertRule[],
  lastSeen: ReadonlyMap<string, number>,
  now: number,
): Signal[] {
  const out: Signal[] = [];
  for (const rule of rules) {
    if (rule.kind !== 'missing-data') continue;
    const reporting = new Set<string>(rule.facilities ?? []);
    if (!rule.facilities) for (const key of lastSeen.keys()) reporting.add(key.split('\u0000')[0] ?? '');
    for (const facility of reporting) {
      if (rule.facility !== undefined && rule.facility !== facility) continue;
      const last = lastSeen.get(`${facility}\u0000${rule.event}`);
      const silentMinutes = last === undefined ? Infinity : (now - last) / 60_000;
      const missing = silentMinutes > rule.minutes;
      out.push({
        rule: rule.id,
        key: `${rule.id}|${facility}|${rule.event}`,
        severity: rule.severity,
        active: missing,
        time: now,
        facility,
        subject: rule.event,
        message: missing
          ? `${facility}: no ${rule.event} events for ${last === undefined ? 'ever' : `${Math.floor(silentMinutes)} min`} (limit ${rule.minutes} min)`
          : `${facility}: ${rule.event} events arriving again`,
        ...(Number.isFinite(silentMinutes) ? { value: silentMinutes } : {}),
        limit: rule.minutes,
      });
    }
  }
  return out;
}

/** Plan-deviation signals from a plan-against-actual comparison. */
export function evaluatePlanDeviation(
  rules: readonly AlertRule[],
  rows: readonly PlanVsActualRow[],
  now: number,
): Signal[] {
  const out: Signal[] = [];
  for (const rule of rules) {
    if (rule.kind !== 'plan-deviation') continue;
    for (const row of rows) {
      if (row.measure !== rule.measure || (rule.facility !== undefined && rule.facility !== row.facility))
        continue;
      if (row.elapsed < rule.minElapsed || row.expected < rule.minExpected || row.deviationShare === null)
        continue;
      const off = Math.abs(row.deviationShare) > rule.tolerance;
      const subject = `${row.measure}|${row.item}|${row.period}`;
      out.push({
        rule: rule.id,
        key: `${rule.id}|${row.facility}|${subject}`,
        severity: rule.severity,
        active: off,
        time: now,
        facility: row.facility,
        subject,
        value: row.deviationShare,
        limit: rule.tolerance,
        message: `${row.facility} ${row.measure} ${row.item} in ${row.period}: actual ${format(row.actual)} t vs ${format(row.expected)} t expected (${row.deviationShare >= 0 ? '+' : ''}${(row.deviationShare * 100).toFixed(1)}%, tolerance ±${(rule.tolerance * 100).toFixed(1)}%)`,
      });
    }
  }
  return out;
}
