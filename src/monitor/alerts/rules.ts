/**
 * Alert rules as data (zod): threshold, deviation from plan, missing data, quality (specification
 * limits and control charts per material and analyte) and maintenance (stops, anomalies and
 * remaining life). Each kind is one file with its schema and evaluator; this file joins them into
 * one rule schema and runs a rule list. The alert book (engine.ts) de-duplicates the signals.
 */
import { z } from 'zod';
import type { FailureLimit } from '../maintenance/assets.js';
import type { PlanVsActualRow } from '../plan-vs-actual.js';
import type { TelemetryEvent } from '../telemetry.js';
import { maintenanceRuleSchema, maintenanceSignals, toMaintenanceFailureLimits } from './maintenance-rule.js';
import { missingDataRuleSchema, missingDataSignals } from './missing-data-rule.js';
import { planDeviationRuleSchema, planDeviationSignals } from './plan-deviation-rule.js';
import { qualityRuleSchema, qualitySignals } from './quality-rule.js';
import type { EvaluateContext } from './rule-common.js';
import { thresholdRuleSchema, thresholdSignal } from './threshold-rule.js';
import type { Signal } from './types.js';

export const alertRuleSchema = z.discriminatedUnion('kind', [
  thresholdRuleSchema,
  planDeviationRuleSchema,
  missingDataRuleSchema,
  qualityRuleSchema,
  maintenanceRuleSchema,
]);
export type AlertRule = z.infer<typeof alertRuleSchema>;
export type AlertRuleInput = z.input<typeof alertRuleSchema>;

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
  return rules.flatMap((rule) => (rule.kind === 'maintenance' ? toMaintenanceFailureLimits(rule) : []));
}

/** Missing-data signals at `now` from the latest source time per facility and kind. */
export function evaluateMissingData(
  rules: readonly AlertRule[],
  lastSeen: ReadonlyMap<string, number>,
  now: number,
): Signal[] {
  return rules.flatMap((rule) =>
    rule.kind === 'missing-data' ? missingDataSignals(rule, lastSeen, now) : [],
  );
}

/** Plan-deviation signals from a plan-against-actual comparison. */
export function evaluatePlanDeviation(
  rules: readonly AlertRule[],
  rows: readonly PlanVsActualRow[],
  now: number,
): Signal[] {
  return rules.flatMap((rule) =>
    rule.kind === 'plan-deviation' ? planDeviationSignals(rule, rows, now) : [],
  );
}
