/**
 * The one aggregator every metric shares: sums a measure over rows grouped by any of element,
 * stage, jurisdiction, country, bloc, operator, period (or any other string field). A field holding
 * a list (a facility's blocs) counts the row once under each entry.
 */

/** The dimensions metrics group by. */
export const DIMENSIONS = [
  'element',
  'stage',
  'jurisdiction',
  'country',
  'bloc',
  'operator',
  'period',
  'facility',
  'material',
] as const;
export type Dimension = (typeof DIMENSIONS)[number];

/** Any row object; its fields are read by dimension name. */
export type Groupable = object;

/** A group: its key values by dimension plus the summed measure. */
export type Group<D extends string> = Record<D, string> & { value: number };

/** Key under which rows lacking a dimension are grouped. */
export const NONE = '(none)';

function keysOf(row: Groupable, dimension: string): string[] {
  const raw = (row as Record<string, unknown>)[dimension];
  if (Array.isArray(raw)) return raw.length === 0 ? [NONE] : raw.map(String);
  if (raw === undefined || raw === null || raw === '') return [NONE];
  return [String(raw)];
}

/**
 * Sums `measure(row)` over rows grouped by `by`, in first-seen order.
 *
 * @example aggregate(rows, ['stage', 'country'], (r) => r.reo) → [{stage:'mining', country:'CN', value: 270000}, …]
 */
export function aggregate<D extends string, R extends Groupable>(
  rows: readonly R[],
  by: readonly D[],
  measure: (row: R) => number,
): Group<D>[] {
  const groups = new Map<string, Group<D>>();
  for (const row of rows) {
    const value = measure(row);
    if (value === 0 || !Number.isFinite(value)) continue;
    let combos: string[][] = [[]];
    for (const dimension of by) {
      const keys = keysOf(row, dimension);
      combos = combos.flatMap((prefix) => keys.map((k) => [...prefix, k]));
    }
    for (const combo of combos) {
      const id = combo.join('\u0000');
      let group = groups.get(id);
      if (!group) {
        const record: Record<string, string | number> = { value: 0 };
        by.forEach((d, i) => (record[d] = combo[i] ?? NONE));
        group = record as Group<D>;
        groups.set(id, group);
      }
      group.value += value;
    }
  }
  return [...groups.values()];
}

/** Splits groups into buckets sharing the `within` dimensions, e.g. one bucket per stage × element. */
export function bucket<R extends Groupable>(
  groups: readonly R[],
  within: readonly string[],
): Map<string, R[]> {
  const out = new Map<string, R[]>();
  for (const g of groups) {
    const id = within.map((d) => String((g as Record<string, unknown>)[d])).join('\u0000');
    const list = out.get(id);
    if (list) list.push(g);
    else out.set(id, [g]);
  }
  return out;
}
