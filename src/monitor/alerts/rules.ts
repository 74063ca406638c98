/**
 * Alert rules as data (zod): threshold, deviation from plan, missing data, quality (specification
 * limits and an EWMA drift signal per material and analyte) and maintenance (unplanned stops).
 * Each rule turns evidence into Signals; the alert book (engine.ts) de-duplicates them.
 */
import { z } from 'zod';
import type { PlanVsActualRow } from '../plan-vs-actual.js';
import { TELEMETRY_KINDS, toSeries, type TelemetryEvent } from '../telemetry.js';
import { SEVERITIES, type Signal } from './types.js';

const ruleId = z.string().regex(/^[A-Za-z0-9][A-Za-z0-9_.:-]*$/, { message: "expected an id of letters, digits and '_ . : -'" });
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
  .refine((r) => r.above !== undefined || r.below !== undefined, { message: 'give above, below or both' });

/** Measured production, inventory or shipments deviate from the plan by more than `tolerance` (a fraction). */
export const planDeviationRuleSchema = z
  .object({
    ...common,
    kind: z.literal('plan-deviation'),
    measure: z.enum(['production', 'inventory', 'shipment']).default('production'),
    tolerance: z.number().positive().meta({ description: 'largest accepted |actual − expected| / expected', unit: 'fraction' }),
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
 * Quality of a material's analyte: outside the specification (lsl, usl) at once, or drifting:
 * an EWMA (λ) of the values leaves target ± L·σ·√(λ/(2−λ)), σ given or one sixth of the spec width.
 */
export const qualityRuleSchema = z
  .object({
    ...common,
    kind: z.literal('quality'),
    material: z.string().default('*'),
    analyte: z.string(),
    lsl: z.number().optional(),
    usl: z.number().optional(),
    target: z.number().optional(),
    sigma: z.number().positive().optional(),
    lambda: z.number().gt(0).max(1).default(0.2),
    L: z.number().positive().default(3),
  })
  .strict()
  .refine((r) => r.lsl !== undefined || r.usl !== undefined || (r.target !== undefined && r.sigma !== undefined), { message: 'give lsl, usl, or target and sigma' });

/** Maintenance: an unplanned stop (or any stop of the listed types) opens an alert until it ends. */
export const maintenanceRuleSchema = z
  .object({
    ...common,
    kind: z.literal('maintenance'),
    types: z.array(z.enum(['planned', 'unplanned', 'inspection'])).default(['unplanned']),
    asset: z.string().default('*'),
  })
  .strict();

export const alertRuleSchema = z.discriminatedUnion('kind', [thresholdRuleSchema, planDeviationRuleSchema, missingDataRuleSchema, qualityRuleSchema, maintenanceRuleSchema]);
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
    message: high || low ? `${event.facility} ${series}: ${format(value)} is ${high ? 'above' : 'below'} ${format(limit ?? 0)}` : `${event.facility} ${series}: ${format(value)} is back within limits`,
    value,
    ...(limit === undefined ? {} : { limit }),
  };
}

/** EWMA state per (rule, facility, material, analyte): the quality rule needs memory of recent values. */
export type QualityMemory = Map<string, { ewma: number; n: number }>;

function qualitySignals(rule: QualityRule, event: TelemetryEvent, memory: QualityMemory): Signal[] {
  if (event.kind !== 'assay' || event.analyte !== rule.analyte || !matchesSeries(rule.material, event.material)) return [];
  const subject = `${event.material}|${event.analyte}`;
  const base = { rule: rule.id, severity: rule.severity, time: event.time, facility: event.facility, subject, value: event.value };
  const out: Signal[] = [];
  const outLow = rule.lsl !== undefined && event.value < rule.lsl;
  const outHigh = rule.usl !== undefined && event.value > rule.usl;
  const specKey = `${rule.id}|${event.facility}|${subject}|spec`;
  if (rule.lsl !== undefined || rule.usl !== undefined) {
    out.push({
      ...base,
      key: specKey,
      severity: 'critical',
      active: outLow || outHigh,
      message: outLow || outHigh ? `lot ${event.lot}: ${event.analyte} ${format(event.value)} ${event.unit} is outside the specification [${rule.lsl ?? '−∞'}, ${rule.usl ?? '∞'}]` : `lot ${event.lot}: ${event.analyte} back within specification`,
      ...(outLow && rule.lsl !== undefined ? { limit: rule.lsl } : outHigh && rule.usl !== undefined ? { limit: rule.usl } : {}),
    });
  }
  const target = rule.target ?? (rule.lsl !== undefined && rule.usl !== undefined ? (rule.lsl + rule.usl) / 2 : undefined);
  const sigma = rule.sigma ?? (rule.lsl !== undefined && rule.usl !== undefined ? (rule.usl - rule.lsl) / 6 : undefined);
  if (target !== undefined && sigma !== undefined) {
    const memoryKey = `${rule.id}|${event.facility}|${subject}`;
    const previous = memory.get(memoryKey) ?? { ewma: target, n: 0 };
    const ewma = rule.lambda * event.value + (1 - rule.lambda) * previous.ewma;
    const n = previous.n + 1;
    memory.set(memoryKey, { ewma, n });
    // Exact EWMA limit for n points: L·σ·√(λ/(2−λ)·(1−(1−λ)^{2n})) (Montgomery, Introduction to SQC, §9.2).
    const width = rule.L * sigma * Math.sqrt((rule.lambda / (2 - rule.lambda)) * (1 - (1 - rule.lambda) ** (2 * n)));
    const drifting = Math.abs(ewma - target) > width;
    out.push({
      ...base,
      key: `${memoryKey}|drift`,
      active: drifting,
      value: ewma,
      limit: ewma > target ? target + width : target - width,
      message: drifting ? `${event.facility} ${subject}: drifting ${ewma > target ? 'up' : 'down'}, EWMA ${format(ewma)} beyond ${format(target)} ± ${format(width)}` : `${event.facility} ${subject}: EWMA back within ${format(target)} ± ${format(width)}`,
    });
  }
  return out;
}

function maintenanceSignal(rule: MaintenanceRule, event: TelemetryEvent, now: number): Signal | undefined {
  if (event.kind !== 'maintenance' || !rule.types.includes(event.type) || !matchesSeries(rule.asset, event.asset)) return undefined;
  const ongoing = event.end === undefined || event.end > now;
  return {
    rule: rule.id,
    key: `${rule.id}|${event.facility}|${event.asset}|${event.start}`,
    severity: rule.severity,
    active: ongoing,
    time: event.time,
    facility: event.facility,
    subject: event.asset,
    message: ongoing ? `${event.facility} ${event.asset}: ${event.type} stop since ${new Date(event.start).toISOString()}${event.process ? ` (process ${event.process})` : ''}` : `${event.facility} ${event.asset}: back in service`,
  };
}

/**
 * Signals that one event raises or clears under the per-event rules (threshold, quality, maintenance).
 *
 * @example evaluateEvent(rules, event, {now: clock(), memory})
 */
export function evaluateEvent(rules: readonly AlertRule[], event: TelemetryEvent, context: { now: number; memory: QualityMemory }): Signal[] {
  const out: Signal[] = [];
  for (const rule of rules) {
    if (rule.facility !== undefined && rule.facility !== event.facility) continue;
    if (rule.kind === 'threshold') {
      const signal = thresholdSignal(rule, event);
      if (signal) out.push(signal);
    } else if (rule.kind === 'quality') out.push(...qualitySignals(rule, event, context.memory));
    else if (rule.kind === 'maintenance') {
      const signal = maintenanceSignal(rule, event, context.now);
      if (signal) out.push(signal);
    }
  }
  return out;
}

/** Missing-data signals at `now` from the latest source time per facility and kind. */
export function evaluateMissingData(rules: readonly AlertRule[], lastSeen: ReadonlyMap<string, number>, now: number): Signal[] {
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
        message: missing ? `${facility}: no ${rule.event} events for ${last === undefined ? 'ever' : `${Math.floor(silentMinutes)} min`} (limit ${rule.minutes} min)` : `${facility}: ${rule.event} events arriving again`,
        ...(Number.isFinite(silentMinutes) ? { value: silentMinutes } : {}),
        limit: rule.minutes,
      });
    }
  }
  return out;
}

/** Plan-deviation signals from a plan-against-actual comparison. */
export function evaluatePlanDeviation(rules: readonly AlertRule[], rows: readonly PlanVsActualRow[], now: number): Signal[] {
  const out: Signal[] = [];
  for (const rule of rules) {
    if (rule.kind !== 'plan-deviation') continue;
    for (const row of rows) {
      if (row.measure !== rule.measure || (rule.facility !== undefined && rule.facility !== row.facility)) continue;
      if (row.elapsed < rule.minElapsed || row.expected < rule.minExpected || row.deviationShare === null) continue;
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
