/** The missing-data alert rule: no event of a kind from a facility for some minutes. */
import { z } from 'zod';
import { TELEMETRY_KINDS } from '../telemetry.js';
import { ruleCommon } from './rule-common.js';
import type { Signal } from './types.js';

/** No event of `event` kind from a facility for `minutes`. */
export const missingDataRuleSchema = z
  .object({
    ...ruleCommon,
    kind: z.literal('missing-data'),
    event: z.enum(TELEMETRY_KINDS),
    minutes: z.number().positive(),
    /** Facilities expected to report (default: those that ever reported). */
    facilities: z.array(z.string()).optional(),
  })
  .strict();

export type MissingDataRule = z.infer<typeof missingDataRuleSchema>;

/** Missing-data signals of one rule at `now` from the latest source time per facility and kind. */
export function missingDataSignals(
  rule: MissingDataRule,
  lastSeen: ReadonlyMap<string, number>,
  now: number,
): Signal[] {
  const out: Signal[] = [];
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
  return out;
}
