/** The plan-deviation alert rule: measured production, inventory or shipments off the plan. */
import { z } from 'zod';
import type { PlanVsActualRow } from '../plan-vs-actual.js';
import { formatValue, ruleCommon } from './rule-common.js';
import type { Signal } from './types.js';

/** Measured production, inventory or shipments deviate from the plan by more than `tolerance` (a fraction). */
export const planDeviationRuleSchema = z
  .object({
    ...ruleCommon,
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

export type PlanDeviationRule = z.infer<typeof planDeviationRuleSchema>;

/** Plan-deviation signals of one rule from a plan-against-actual comparison. */
export function planDeviationSignals(
  rule: PlanDeviationRule,
  rows: readonly PlanVsActualRow[],
  now: number,
): Signal[] {
  const out: Signal[] = [];
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
      message: `${row.facility} ${row.measure} ${row.item} in ${row.period}: actual ${formatValue(row.actual)} t vs ${formatValue(row.expected)} t expected (${row.deviationShare >= 0 ? '+' : ''}${(row.deviationShare * 100).toFixed(1)}%, tolerance ±${(rule.tolerance * 100).toFixed(1)}%)`,
    });
  }
  return out;
}
