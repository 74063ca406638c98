/** Row conversions shared by the SQLite and PostgreSQL stores, so both read and write the same shapes. */
import {
  BUCKETS,
  toSeries,
  toTelemetryJson,
  type Alert,
  type AlertQuery,
  type AggregateQuery,
  type ProjectStageRecord,
  type TelemetryEvent,
  type TelemetryQuery,
} from '../monitor/index.js';
import { definedFields } from '../defined-fields.js';

export const DEFAULT_QUERY_LIMIT = 1000;

/** Both dialects' SQL of the project stage store (the placeholders differ). */
export function toProjectStageSql(param: (index: number) => string): {
  save: string;
  list: (byModel: boolean) => string;
} {
  return {
    save: `INSERT INTO project_stages (model, project, status, status_since, changed, changed_by) VALUES (${[1, 2, 3, 4, 5, 6].map(param).join(', ')}) ON CONFLICT (model, project) DO UPDATE SET status = excluded.status, status_since = excluded.status_since, changed = excluded.changed, changed_by = excluded.changed_by`,
    list: (byModel) =>
      `SELECT model, project, status, status_since, changed, changed_by FROM project_stages ${byModel ? `WHERE model = ${param(1)} ` : ''}ORDER BY model, project`,
  };
}

/** A project_stages row as a record (PostgreSQL answers BIGINT as text). */
export function fromProjectStageRow(row: {
  model: string;
  project: string;
  status: string;
  status_since: string;
  changed: number | string;
  changed_by: string;
}): ProjectStageRecord {
  return {
    model: row.model,
    project: row.project,
    status: row.status,
    statusSince: row.status_since,
    changed: Number(row.changed),
    by: row.changed_by,
  };
}
export const MAX_QUERY_LIMIT = 100_000;

/** The columns of one telemetry row, in table order. */
export type TelemetryRow = [
  id: string,
  facility: string,
  kind: string,
  time: number,
  series: string,
  value: number | null,
  received: number,
  payload: string,
];

/** `String.prototype.isWellFormed` (Node 20 has it; TypeScript's ES2023 library does not declare it). */
const isWellFormed = (text: string): boolean => (text as string & { isWellFormed(): boolean }).isWellFormed();

/** Starts an escaped code unit in a stored id: U+FFFF, a noncharacter, then four hex digits. */
const ID_ESCAPE = '\uffff';

const isHighSurrogate = (c: number): boolean => c >= 0xd800 && c <= 0xdbff;
const isLowSurrogate = (c: number): boolean => c >= 0xdc00 && c <= 0xdfff;

/**
 * The key an event id is stored and looked up under, the same in both stores: the id itself unless
 * it holds a lone surrogate, NUL or U+FFFF; each of those code units is written as U+FFFF and its
 * four hex digits. PostgreSQL's text is UTF-8 without NUL: pg would send every lone surrogate as
 * U+FFFD (ids differing only there became one id, and INSERT … RETURNING answered ids that no
 * longer equalled the JS ids) and NUL is refused. The escape keeps distinct ids distinct in both.
 *
 * @example toStoredId('x\ud800') // 'x\uffffd800'; toStoredId('pump-3') // 'pump-3'
 */
export function toStoredId(id: string): string {
  if (isWellFormed(id) && !id.includes('\0') && !id.includes(ID_ESCAPE)) return id;
  let key = '';
  for (let i = 0; i < id.length; i += 1) {
    const c = id.charCodeAt(i);
    if (isHighSurrogate(c) && isLowSurrogate(id.charCodeAt(i + 1))) {
      key += id.slice(i, i + 2);
      i += 1;
    } else if (c === 0 || c === 0xffff || isHighSurrogate(c) || isLowSurrogate(c)) {
      key += ID_ESCAPE + c.toString(16).padStart(4, '0');
    } else {
      key += id.charAt(i);
    }
  }
  return key;
}

/** A telemetry row; its id is the stored key (toStoredId); `text` is the event's source text, when kept. */
export function toTelemetryRow(event: TelemetryEvent, received: number, text?: string): TelemetryRow {
  const { series, value } = toSeries(event);
  return [
    toStoredId(event.id),
    event.facility,
    event.kind,
    event.time,
    series,
    value,
    received,
    toTelemetryJson(event, text),
  ];
}

/** Which of `ids` are stored, given a lookup of the stored keys found among theirs. */
export async function findStoredIds(
  ids: readonly string[],
  findKeys: (keys: string[]) => Promise<Set<string>>,
): Promise<Set<string>> {
  const keys = ids.map(toStoredId);
  const found = await findKeys(keys);
  return new Set(ids.filter((_, i) => found.has(keys[i] as string)));
}

/** WHERE clause and parameters of a telemetry query; `param(i)` renders the i-th placeholder. */
export function toWhere(
  query: Omit<TelemetryQuery, 'limit' | 'order'>,
  param: (index: number) => string,
): { sql: string; params: (string | number)[] } {
  const clauses: string[] = [];
  const params: (string | number)[] = [];
  const add = (sql: string, value: string | number): void => {
    params.push(value);
    clauses.push(sql.replace('?', param(params.length)));
  };
  if (query.facility !== undefined) add('facility = ?', query.facility);
  if (query.kind !== undefined) add('kind = ?', query.kind);
  if (query.series !== undefined) add('series = ?', query.series);
  if (query.from !== undefined) add('time >= ?', query.from);
  if (query.to !== undefined) add('time < ?', query.to);
  return { sql: clauses.length === 0 ? '' : `WHERE ${clauses.join(' AND ')}`, params };
}

export function toLimit(limit: number | undefined): number {
  return Math.max(1, Math.min(MAX_QUERY_LIMIT, Math.floor(limit ?? DEFAULT_QUERY_LIMIT)));
}

/**
 * The bucket aggregate in SQL both engines run: count, sum, min, max, avg and the value of the
 * latest event (first_value over time descending, ties by id) per facility, series and bucket.
 */
export function toAggregateSql(
  query: AggregateQuery,
  param: (index: number) => string,
): { sql: string; params: (string | number)[] } {
  const width = BUCKETS[query.bucket];
  const where = toWhere(
    {
      kind: query.kind,
      from: query.from,
      to: query.to,
      ...definedFields({ facility: query.facility, series: query.series }),
    },
    param,
  );
  const w = Number(width);
  const sql = `
    SELECT facility, series, bucket, count(*) AS n, sum(value) AS s, min(value) AS mn, max(value) AS mx, avg(value) AS av,
           max(latest) AS latest, max(time) AS last_time
    FROM (
      SELECT facility, series, time - (time % ${w}) AS bucket, value, time,
             first_value(value) OVER (PARTITION BY facility, series, time - (time % ${w}) ORDER BY time DESC, id DESC) AS latest
      FROM telemetry ${where.sql}
    ) AS t
    GROUP BY facility, series, bucket
    ORDER BY facility, series, bucket`;
  return { sql, params: where.params };
}

export function toAlertColumns(
  alert: Alert,
): [
  id: string,
  key: string,
  status: string,
  facility: string | null,
  acknowledged: boolean,
  lastTime: number,
  body: string,
] {
  return [
    alert.id,
    alert.key,
    alert.status,
    alert.facility ?? null,
    alert.acknowledged !== undefined,
    alert.lastTime,
    JSON.stringify(alert),
  ];
}

/** WHERE clause of an alert listing. */
export function toAlertWhere(
  query: AlertQuery,
  param: (index: number) => string,
  booleans: 'int' | 'bool',
): { sql: string; params: (string | number | boolean)[] } {
  const clauses: string[] = [];
  const params: (string | number | boolean)[] = [];
  const add = (column: string, value: string | number | boolean): void => {
    params.push(value);
    clauses.push(`${column} = ${param(params.length)}`);
  };
  if (query.status !== undefined) add('status', query.status);
  if (query.acknowledged !== undefined)
    add('acknowledged', booleans === 'int' ? (query.acknowledged ? 1 : 0) : query.acknowledged);
  if (query.facility !== undefined) add('facility', query.facility);
  return { sql: clauses.length === 0 ? '' : `WHERE ${clauses.join(' AND ')}`, params };
}
