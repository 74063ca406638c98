/**
 * What every alert rule kind shares: the common fields of its schema, series matching, number
 * formatting in messages and the context per-event rules read.
 */
import { z } from 'zod';
import type { Specification as ModelSpecification } from '../../model/index.js';
import type { AssetTracker } from '../maintenance/assets.js';
import type { QualityPoint } from '../quality.js';
import { SEVERITIES, type Severity, type Signal } from './types.js';

export const ruleId = z
  .string()
  .regex(/^[A-Za-z0-9][A-Za-z0-9_.:-]*$/, { message: "expected an id of letters, digits and '_ . : -'" });
export const severity = z.enum(SEVERITIES).default('warning');
/** Fields every alert rule has: id, severity, an optional facility and description. */
export const ruleCommon = {
  id: ruleId,
  severity,
  facility: z.string().optional().meta({ description: 'only this facility (default: all)' }),
  description: z.string().optional(),
};

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

/** A number as messages show it: integers whole, others to 4 significant digits. */
export function formatValue(value: number): string {
  return Number.isInteger(value) ? String(value) : value.toPrecision(4);
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

/** The fields every signal about one reading (an assay, a sensor value) shares. */
export function readingSignalBase(
  rule: { id: string; severity: Severity },
  event: { time: number; facility: string; value: number },
  subject: string,
): Pick<Signal, 'rule' | 'severity' | 'time' | 'facility' | 'subject' | 'value'> {
  return {
    rule: rule.id,
    severity: rule.severity,
    time: event.time,
    facility: event.facility,
    subject,
    value: event.value,
  };
}
