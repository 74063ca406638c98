/**
 * Plan against actual: per facility, period and measure, the planned and the measured tonnes and
 * their deviation. Actuals come from daily aggregates of the telemetry store, rolled up into the
 * plan's periods (UTC months), so the comparison never reads raw events.
 */
import { z } from 'zod';
import { periodIndex, periodLabels, type Horizon } from '../model/index.js';
import type { PlanResult } from '../plan/index.js';
import type { AggregateRow } from './ports.js';

export const MEASURES = ['production', 'inventory', 'shipment'] as const;
export type Measure = (typeof MEASURES)[number];

/** One measured quantity in one plan period. */
export interface ActualRow {
  facility: string;
  measure: Measure;
  /** production: `process|material`; inventory: `material`; shipment: `material|to`. */
  item: string;
  period: string;
  /** t produced or shipped in the period; for inventory the latest level in the period. */
  tonnes: number;
  /** Epoch ms of the latest event counted. */
  lastTime: number;
  /** Epoch ms of the start of the earliest bucket counted: when telemetry of this line began, as far as the aggregates tell. */
  firstTime: number;
}

export const planVsActualRowSchema = z
  .object({
    facility: z.string(),
    measure: z.enum(MEASURES),
    item: z.string().meta({
      description: 'production: `process|material`; inventory: `material`; shipment: `material|to`',
    }),
    period: z.string(),
    planned: z
      .number()
      .meta({ unit: 't', description: 'over the whole period (inventory: planned end-of-period level)' }),
    elapsed: z
      .number()
      .meta({ unit: 'fraction', description: 'share of the period elapsed at `asOf` (1 for past periods)' }),
    expected: z.number().meta({
      unit: 't',
      description:
        'up to `asOf`: planned × the share of the period telemetry covers for production and shipments, planned for inventory',
    }),
    actual: z.number().meta({ unit: 't' }),
    deviation: z.number().meta({ unit: 't', description: 'actual − expected' }),
    deviationShare: z
      .number()
      .nullable()
      .meta({ unit: 'fraction', description: 'deviation / expected; null when nothing was expected' }),
  })
  .meta({ id: 'PlanVsActualRow' });
export type PlanVsActualRow = z.infer<typeof planVsActualRowSchema>;

export interface CompareOptions {
  /** Epoch ms the comparison is made at; periods after it are left out. */
  asOf: number;
  facility?: string;
}

function monthLabel(time: number): string {
  const date = new Date(time);
  return `${date.getUTCFullYear()}-${String(date.getUTCMonth() + 1).padStart(2, '0')}`;
}

/** Epoch ms bounds [start, end) of each period of the horizon. */
export function periodBounds(horizon: Horizon): { label: string; start: number; end: number }[] {
  const step = horizon.step === 'month' ? 1 : horizon.step === 'quarter' ? 3 : 12;
  return periodLabels(horizon).map((label) => {
    const [year, month] = label.split('-').map(Number);
    const start = Date.UTC(year ?? 1970, (month ?? 1) - 1, 1);
    return { label, start, end: Date.UTC(year ?? 1970, (month ?? 1) - 1 + step, 1) };
  });
}

/** The label of the horizon period holding `time`, or undefined outside the horizon. */
export function toPeriodLabel(horizon: Horizon, time: number): string | undefined {
  const index = periodIndex(horizon, monthLabel(time));
  return index >= 0 && index < horizon.periods ? periodLabels(horizon)[index] : undefined;
}

/**
 * Rolls daily (or finer) aggregates of production, inventory and shipment events up into plan periods.
 * Shipments count departures at their origin facility.
 */
export function summarizeActuals(
  horizon: Horizon,
  rows: { kind: Measure; rows: readonly AggregateRow[] }[],
): ActualRow[] {
  const out = new Map<string, ActualRow>();
  for (const { kind, rows: aggregates } of rows) {
    for (const row of aggregates) {
      const period = toPeriodLabel(horizon, row.bucket);
      if (period === undefined) continue;
      let item = row.series;
      if (kind === 'shipment') {
        const [status, material, to] = row.series.split('|');
        if (status !== 'departed') continue;
        item = `${material ?? ''}|${to ?? ''}`;
      }
      const key = `${row.facility}\u0000${kind}\u0000${item}\u0000${period}`;
      const entry = out.get(key) ?? {
        facility: row.facility,
        measure: kind,
        item,
        period,
        tonnes: 0,
        lastTime: -Infinity,
        firstTime: Infinity,
      };
      if (kind === 'inventory') {
        if (row.lastTime >= entry.lastTime) entry.tonnes = row.last ?? 0;
      } else {
        entry.tonnes += row.sum ?? 0;
      }
      entry.lastTime = Math.max(entry.lastTime, row.lastTime);
      entry.firstTime = Math.min(entry.firstTime, row.bucket);
      out.set(key, entry);
    }
  }
  return [...out.values()];
}

/** Planned tonnes per facility, measure, item and period, keyed like `summarizeActuals`. */
function plannedRows(
  plan: Pick<PlanResult, 'production' | 'flows' | 'inventories'>,
): Map<string, { facility: string; measure: Measure; item: string; period: string; tonnes: number }> {
  const out = new Map<
    string,
    { facility: string; measure: Measure; item: string; period: string; tonnes: number }
  >();
  const add = (facility: string, measure: Measure, item: string, period: string, tonnes: number): void => {
    const key = `${facility}\u0000${measure}\u0000${item}\u0000${period}`;
    const entry = out.get(key) ?? { facility, measure, item, period, tonnes: 0 };
    entry.tonnes += tonnes;
    out.set(key, entry);
  };
  for (const p of plan.production) {
    const process = p.process.startsWith(`${p.facility}/`)
      ? p.process.slice(p.facility.length + 1)
      : p.process;
    add(p.facility, 'production', `${process}|${p.material}`, p.period, p.tonnes);
  }
  for (const f of plan.flows) add(f.from, 'shipment', `${f.material}|${f.to}`, f.period, f.tonnes);
  for (const i of plan.inventories) add(i.node, 'inventory', i.material, i.period, i.tonnes);
  return out;
}

/**
 * Compares a plan with measured actuals up to `asOf`, only where telemetry covers the plan: a line
 * (facility, measure, item) is compared from the time its first event was counted, in the periods
 * that end after it; a planned line no telemetry has reported is not compared at all (a plan with no
 * telemetry yet raises nothing; missing data is the missing-data rule's to report). Production and
 * shipments are expected pro rata of the part of the period covered up to `asOf`.
 *
 * @example comparePlanToActual(model.horizon, planResult, actualRows, {asOf: Date.UTC(2026, 2, 16)})
 */
export function comparePlanToActual(
  horizon: Horizon,
  plan: Pick<PlanResult, 'production' | 'flows' | 'inventories'>,
  actuals: readonly ActualRow[],
  options: CompareOptions,
): PlanVsActualRow[] {
  const bounds = new Map(periodBounds(horizon).map((b) => [b.label, b]));
  const planned = plannedRows(plan);
  const measured = new Map(
    actuals.map((a) => [`${a.facility}\u0000${a.measure}\u0000${a.item}\u0000${a.period}`, a]),
  );
  const lineOf = (r: { facility: string; measure: Measure; item: string }): string =>
    `${r.facility}\u0000${r.measure}\u0000${r.item}`;
  const since = new Map<string, number>();
  for (const a of actuals) since.set(lineOf(a), Math.min(since.get(lineOf(a)) ?? Infinity, a.firstTime));
  const keys = new Set([...planned.keys(), ...measured.keys()]);
  const rows: PlanVsActualRow[] = [];
  for (const key of keys) {
    const p = planned.get(key);
    const a = measured.get(key);
    const head = p ?? a;
    if (!head) continue;
    if (options.facility !== undefined && head.facility !== options.facility) continue;
    const bound = bounds.get(head.period);
    if (!bound || bound.start > options.asOf) continue;
    const from = since.get(lineOf(head)) ?? Infinity;
    if (from >= bound.end || from > options.asOf) continue;
    const length = bound.end - bound.start;
    const elapsed = Math.min(1, Math.max(0, (options.asOf - bound.start) / length));
    const covered = Math.max(0, (Math.min(options.asOf, bound.end) - Math.max(bound.start, from)) / length);
    const plannedTonnes = p?.tonnes ?? 0;
    const expected = head.measure === 'inventory' ? plannedTonnes : plannedTonnes * covered;
    const actual = a?.tonnes ?? 0;
    const deviation = actual - expected;
    rows.push({
      facility: head.facility,
      measure: head.measure,
      item: head.item,
      period: head.period,
      planned: plannedTonnes,
      elapsed,
      expected,
      actual,
      deviation,
      deviationShare: expected > 1e-9 ? deviation / expected : null,
    });
  }
  return rows.sort(
    (x, y) =>
      x.facility.localeCompare(y.facility) ||
      x.period.localeCompare(y.period) ||
      x.measure.localeCompare(y.measure) ||
      x.item.localeCompare(y.item),
  );
}
