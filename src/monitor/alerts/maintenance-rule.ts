/**
 * The maintenance alert rule: stops of the listed types, and with `predict` anomalous sensor
 * readings and remaining-life forecasts from the asset tracker.
 */
import { z } from 'zod';
import type { FailureLimit } from '../maintenance/assets.js';
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

/** Maintenance: an unplanned stop (or any stop of the listed types) opens an alert until it ends; `predict` adds anomaly and remaining-life alerts from sensor readings. */
export const maintenanceRuleSchema = z
  .object({
    ...ruleCommon,
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

export type MaintenanceRule = z.infer<typeof maintenanceRuleSchema>;

/** Signals one event raises or clears under a maintenance rule: a stop, or a sensor reading's anomaly and remaining life. */
export function maintenanceSignals(
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
    const base = readingSignalBase(rule, event, subject);
    if (predict.anomaly && tag.z !== null) {
      out.push({
        ...base,
        key: `${rule.id}|${event.facility}|${subject}|anomaly`,
        active: tag.anomalous,
        message: tag.anomalous
          ? `${event.facility} ${event.asset} ${event.tag}: ${formatValue(event.value)} ${event.unit} is anomalous (z ${formatValue(tag.z)}, score ${tag.score.toFixed(2)})`
          : `${event.facility} ${event.asset} ${event.tag}: back to normal`,
      });
    }
    const limit = predict.failure[event.tag];
    if (limit) {
      const rul = tag.rul;
      const due = rul !== null && rul.hours <= predict.leadHours;
      const hours = (h: number | null): string =>
        h !== null && Number.isFinite(h) ? `${formatValue(h)} h` : '∞';
      out.push({
        ...base,
        key: `${rule.id}|${event.facility}|${subject}|rul`,
        severity: rul !== null && rul.lower <= predict.leadHours / 4 ? 'critical' : rule.severity,
        active: due,
        ...(rul === null ? {} : { value: rul.hours }),
        limit: predict.leadHours,
        message:
          due && rul
            ? `${event.facility} ${event.asset}: ${event.tag} ${formatValue(event.value)} ${event.unit} is ${tag.trend}; predicted to reach ${formatValue(rul.limit)} in ${hours(rul.hours)} (band ${hours(rul.lower)}–${hours(rul.upper)}), at ${new Date(rul.at).toISOString()}${health.process ? ` (process ${health.process})` : ''}`
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

/** Failure limits of one maintenance rule with `predict`, for the asset tracker. */
export function toMaintenanceFailureLimits(rule: MaintenanceRule): FailureLimit[] {
  return rule.predict
    ? Object.entries(rule.predict.failure).map(([tag, f]): FailureLimit => ({
        asset: rule.asset,
        tag,
        model: f.model,
        ...definedFields({ above: f.above, below: f.below }),
      }))
    : [];
}
