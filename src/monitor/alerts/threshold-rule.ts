/** The threshold alert rule: a value above or below fixed limits on matching events. */
import { z } from 'zod';
import { toSeries, type TelemetryEvent } from '../telemetry.js';
import { formatValue, matchesSeries, ruleCommon } from './rule-common.js';
import type { Signal } from './types.js';

/** Value above `above` or below `below` on matching events (sensor, assay, inventory or production). */
export const thresholdRuleSchema = z
  .object({
    ...ruleCommon,
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

export type ThresholdRule = z.infer<typeof thresholdRuleSchema>;

/** The signal one event raises or clears under a threshold rule, if it matches. */
export function thresholdSignal(rule: ThresholdRule, event: TelemetryEvent): Signal | undefined {
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
        ? `${event.facility} ${series}: ${formatValue(value)} is ${high ? 'above' : 'below'} ${formatValue(limit ?? 0)}`
        : `${event.facility} ${series}: ${formatValue(value)} is back within limits`,
    value,
    ...(limit === undefined ? {} : { limit }),
  };
}
