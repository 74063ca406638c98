/**
 * Validating telemetry events (the schemas are in telemetry-schema.ts): every rejection gets a code
 * and names the field; accepted events keep the text they came from when it says the same; the
 * series and MQTT topic of an event.
 */
import { compileFastParse, NOT_ACCEPTED } from './fast-parse.js';
import {
  isWellFormedText,
  MAX_TELEMETRY_TIME,
  MIN_TELEMETRY_TIME,
  TELEMETRY_KINDS,
  TELEMETRY_VERSION,
  telemetryEventSchema,
  type TelemetryEvent,
} from './telemetry-schema.js';

export {
  assayEventSchema,
  inventoryEventSchema,
  isPlainName,
  maintenanceEventSchema,
  MAX_EVENT_TONNES,
  MAX_READING,
  MAX_TELEMETRY_TIME,
  MIN_TELEMETRY_TIME,
  productionEventSchema,
  sensorEventSchema,
  shipmentEventSchema,
  TELEMETRY_KINDS,
  TELEMETRY_VERSION,
  telemetryEventSchema,
  toTelemetryJsonSchema,
} from './telemetry-schema.js';
export type {
  AssayEvent,
  InventoryEvent,
  MaintenanceEvent,
  ProductionEvent,
  SensorEvent,
  ShipmentEvent,
  TelemetryEvent,
  TelemetryEventInput,
  TelemetryKind,
} from './telemetry-schema.js';

export { fromTelemetryTopic, toSeries, toTelemetryTopic } from './telemetry-series.js';

/** The schema's fast acceptance path (ingestion's hot loop); zod itself explains rejections. */
const fastParseEvent = compileFastParse(telemetryEventSchema);

/** Codes of per-event rejections; the HTTP body, MQTT error topic and CLI report them as is. */
export const TELEMETRY_ERROR_CODES = {
  TELEMETRY_MALFORMED_JSON: 'the event is not valid JSON',
  TELEMETRY_NOT_OBJECT: 'the event is not a JSON object',
  TELEMETRY_TOO_LARGE: 'the event is larger than the limit',
  TELEMETRY_UNSUPPORTED_VERSION: 'the event declares a telemetry version this build does not read',
  TELEMETRY_UNKNOWN_KIND:
    'the event kind is not one of production, inventory, shipment, assay, sensor, maintenance',
  TELEMETRY_INVALID: 'a field is missing, unknown, of the wrong type or out of range',
  TELEMETRY_NON_FINITE: 'a number is NaN or infinite',
  TELEMETRY_BAD_ENCODING:
    'the event is not valid UTF-8, or a string in it holds a lone surrogate (\\ud800-\\udfff escape)',
  TELEMETRY_BAD_TIME: 'a timestamp is before 2000, after 9999 or not a valid date',
  TELEMETRY_FUTURE_TIME: 'a timestamp lies further in the future than the allowed clock skew',
  TELEMETRY_UNKNOWN_FACILITY: 'the facility is not in the model',
  TELEMETRY_TOPIC_MISMATCH: 'the facility or kind in the payload differs from the MQTT topic',
  TELEMETRY_FACILITY_FORBIDDEN: "the caller's token may write telemetry for another facility only",
  TELEMETRY_INTERNAL:
    'the server failed while handling the event; it was dropped, counted and logged (a bug: please report it)',
} as const;
export type TelemetryErrorCode = keyof typeof TELEMETRY_ERROR_CODES;

/** One rejected event: where it was, its id when readable, a code and a message naming the field. */
export interface TelemetryRejection {
  code: TelemetryErrorCode;
  message: string;
  /** Position in the batch (0-based), or line number − 1 for NDJSON. */
  index?: number;
  id?: string;
  path?: (string | number)[];
}

/**
 * An accepted event, or why it was rejected. `text` is the JSON text the event was parsed from when
 * that text says exactly what the event says (no default added, no timestamp converted; keys may
 * stand in another order, with other spacing): the store keeps it as is instead of serialising the
 * event again (see toTelemetryJson), so pass it on to `ingest`/`append` as `texts`.
 */
export type TelemetryParseResult =
  { ok: true; event: TelemetryEvent; text?: string } | { ok: false; rejection: TelemetryRejection };

export interface TelemetryValidationOptions {
  /** Current time, epoch ms (the clock is passed in). */
  now: number;
  /** Known facility ids; when given, other facilities are rejected. */
  facilities?: ReadonlySet<string>;
  /** Largest accepted clock skew into the future, ms (default 5 minutes). */
  maxFutureMs?: number;
  /** Largest accepted size of one event as JSON text, bytes (default 16 KiB). */
  maxEventBytes?: number;
}

export const DEFAULT_MAX_FUTURE_MS = 5 * 60_000;
export const DEFAULT_MAX_EVENT_BYTES = 16 * 1024;

const NON_FINITE_TEXT = /^[+-]?(nan|inf|infinity)$/i;

function valueAt(raw: unknown, path: readonly PropertyKey[]): unknown {
  let value = raw;
  for (const key of path) {
    if (value === null || typeof value !== 'object') return undefined;
    value = (value as Record<PropertyKey, unknown>)[key];
  }
  return value;
}

function isNonFinite(value: unknown): boolean {
  return (
    (typeof value === 'number' && !Number.isFinite(value)) ||
    (typeof value === 'string' && NON_FINITE_TEXT.test(value.trim()))
  );
}

function readableId(raw: unknown): string | undefined {
  const id = valueAt(raw, ['id']);
  return typeof id === 'string' && id.length > 0 && id.length <= 128 && isWellFormedText(id) ? id : undefined;
}

const TIME_FIELDS: ReadonlySet<PropertyKey> = new Set(['time', 'start', 'end']);

/** A time for a message: its ISO form when it is a date, else the number itself (never throws). */
function formatTime(time: number): string {
  return Number.isFinite(time) && Math.abs(time) <= 8.64e15 ? new Date(time).toISOString() : String(time);
}

/** A time field the schema refused for its range (a whole number, or an ISO text that parses): what is wrong, else undefined. */
function timeRangeProblem(path: readonly PropertyKey[], value: unknown): string | undefined {
  if (path.length !== 1 || !TIME_FIELDS.has(path[0] as PropertyKey)) return undefined;
  const time =
    typeof value === 'number' && Number.isInteger(value)
      ? value
      : typeof value === 'string'
        ? Date.parse(value)
        : Number.NaN;
  if (!Number.isFinite(time)) return undefined;
  const iso = formatTime(time);
  const shown = `${typeof value === 'number' ? String(value) : `'${value}'`}${iso === String(value) ? '' : ` (${iso})`}`;
  if (time < MIN_TELEMETRY_TIME)
    return `${String(path[0])}: ${shown} is before 2000-01-01; is the source clock set?`;
  if (time > MAX_TELEMETRY_TIME)
    return `${String(path[0])}: ${shown} is after 9999-12-31T23:59:59.999Z, the latest accepted time; send epoch milliseconds or ISO 8601 with a zone`;
  return undefined;
}

/** Whether a refused field is text with a lone surrogate, as its value or as its record key. */
function hasLoneSurrogate(raw: unknown, path: readonly PropertyKey[]): boolean {
  const value = valueAt(raw, path);
  const key = path[path.length - 1];
  return (
    (typeof value === 'string' && !isWellFormedText(value)) ||
    (typeof key === 'string' && !isWellFormedText(key))
  );
}

function reject(
  code: TelemetryErrorCode,
  message: string,
  raw: unknown,
  path?: (string | number)[],
): TelemetryParseResult {
  const id = readableId(raw);
  return {
    ok: false,
    rejection: {
      code,
      message,
      ...(id === undefined ? {} : { id }),
      ...(path === undefined ? {} : { path }),
    },
  };
}

function formatField(path: readonly PropertyKey[]): string {
  return path.length === 0 ? 'event' : path.map(String).join('.');
}

/** One timestamp against 2000-01-01 and the allowed clock skew. */
function checkTime(
  field: string,
  time: number,
  limit: number,
  raw: unknown,
  options: TelemetryValidationOptions,
): TelemetryParseResult | undefined {
  if (!Number.isFinite(time) || time < MIN_TELEMETRY_TIME || time > MAX_TELEMETRY_TIME) {
    return reject(
      'TELEMETRY_BAD_TIME',
      `${field}: ${Number.isFinite(time) ? formatTime(time) : 'not a date'} is outside 2000-01-01 to 9999-12-31; is the source clock set?`,
      raw,
      [field],
    );
  }
  if (time > limit) {
    return reject(
      'TELEMETRY_FUTURE_TIME',
      `${field}: ${formatTime(time)} is ${Math.round((time - options.now) / 1000)} s in the future; at most ${Math.round((limit - options.now) / 1000)} s of clock skew is accepted`,
      raw,
      [field],
    );
  }
  return undefined;
}

function checkTimes(
  event: TelemetryEvent,
  raw: unknown,
  options: TelemetryValidationOptions,
): TelemetryParseResult | undefined {
  const limit = options.now + (options.maxFutureMs ?? DEFAULT_MAX_FUTURE_MS);
  const problem = checkTime('time', event.time, limit, raw, options);
  if (problem || event.kind !== 'maintenance') return problem;
  const start = checkTime('start', event.start, limit, raw, options);
  if (start) return start;
  if (event.end === undefined) return undefined;
  const end = checkTime('end', event.end, limit, raw, options);
  if (end) return end;
  return event.end < event.start
    ? reject('TELEMETRY_INVALID', 'end: the maintenance ends before it starts', raw, ['end'])
    : undefined;
}

/**
 * Validates one decoded event: shape, finite numbers, known kind and facility, plausible times.
 *
 * @example validateTelemetry({id: 'e1', kind: 'inventory', facility: 'hub', time: '2026-03-01T00:00:00Z', material: 'Nd-oxide', tonnes: 12}, {now})
 */
export function validateTelemetry(raw: unknown, options: TelemetryValidationOptions): TelemetryParseResult {
  return validateRecord(raw, options, undefined);
}

/** `validateTelemetry`, answering `text` with the event when `raw` came from it and the event says the same. */
function validateRecord(
  raw: unknown,
  options: TelemetryValidationOptions,
  text: string | undefined,
): TelemetryParseResult {
  if (raw === null || typeof raw !== 'object' || Array.isArray(raw))
    return reject(
      'TELEMETRY_NOT_OBJECT',
      `expected a JSON object; got ${Array.isArray(raw) ? 'an array' : raw === null ? 'null' : typeof raw}`,
      raw,
    );
  const record = raw as Record<string, unknown>;
  if (record['v'] !== undefined && record['v'] !== TELEMETRY_VERSION) {
    return reject(
      'TELEMETRY_UNSUPPORTED_VERSION',
      `v: this build reads telemetry version ${TELEMETRY_VERSION}; got ${JSON.stringify(record['v'])}`,
      raw,
      ['v'],
    );
  }
  if (!(TELEMETRY_KINDS as readonly unknown[]).includes(record['kind'])) {
    return reject(
      'TELEMETRY_UNKNOWN_KIND',
      `kind: expected one of ${TELEMETRY_KINDS.join(', ')}; got ${JSON.stringify(record['kind'] ?? null)}`,
      raw,
      ['kind'],
    );
  }
  const fast = fastParseEvent(raw);
  const verbatim = fast !== NOT_ACCEPTED && fastParseEvent.verbatim;
  const parsed =
    fast === NOT_ACCEPTED ? telemetryEventSchema.safeParse(raw) : { success: true as const, data: fast };
  if (!parsed.success) {
    const nonFinite = parsed.error.issues.find((issue) => isNonFinite(valueAt(raw, issue.path)));
    if (nonFinite) {
      return reject(
        'TELEMETRY_NON_FINITE',
        `${formatField(nonFinite.path)}: expected a finite number; got ${String(valueAt(raw, nonFinite.path))}`,
        raw,
        nonFinite.path.map((k) => (typeof k === 'number' ? k : String(k))),
      );
    }
    for (const issue of parsed.error.issues) {
      const problem = timeRangeProblem(issue.path, valueAt(raw, issue.path));
      if (problem !== undefined) return reject('TELEMETRY_BAD_TIME', problem, raw, [String(issue.path[0])]);
    }
    const encoding = parsed.error.issues.find((issue) => hasLoneSurrogate(raw, issue.path));
    if (encoding) {
      const path = encoding.path.map((k) => (typeof k === 'number' ? k : String(k)));
      return reject(
        'TELEMETRY_BAD_ENCODING',
        `${formatField(path)}: the text holds a lone surrogate (a \\ud800-\\udfff escape without its pair), which is no character and cannot be stored; send valid Unicode text`,
        raw,
        path,
      );
    }
    const first = parsed.error.issues[0];
    const path = (first?.path ?? []).map((k) => (typeof k === 'number' ? k : String(k)));
    const more = parsed.error.issues.length > 1 ? ` (and ${parsed.error.issues.length - 1} more)` : '';
    return reject(
      'TELEMETRY_INVALID',
      `${formatField(path)}: ${first?.message ?? 'invalid'}${more}`,
      raw,
      path,
    );
  }
  const event = parsed.data;
  const timeProblem = checkTimes(event, raw, options);
  if (timeProblem) return timeProblem;
  if (options.facilities && !options.facilities.has(event.facility)) {
    return reject(
      'TELEMETRY_UNKNOWN_FACILITY',
      `facility: '${event.facility}' is not a facility of the model`,
      raw,
      ['facility'],
    );
  }
  return verbatim && text !== undefined ? { ok: true, event, text } : { ok: true, event };
}

/**
 * Decodes and validates one event from its JSON text (an NDJSON line, an MQTT payload, an array element).
 *
 * @example parseTelemetryText('{"id":"e1",…}', {now: clock()})
 */
export function parseTelemetryText(text: string, options: TelemetryValidationOptions): TelemetryParseResult {
  const limit = options.maxEventBytes ?? DEFAULT_MAX_EVENT_BYTES;
  // Bytes ≤ 3 × UTF-16 units, so only measure exactly when the cheap bound is exceeded.
  if (text.length * 3 > limit && Buffer.byteLength(text) > limit) {
    return {
      ok: false,
      rejection: {
        code: 'TELEMETRY_TOO_LARGE',
        message: `the event is ${Buffer.byteLength(text)} bytes; at most ${limit} are accepted`,
      },
    };
  }
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (error) {
    return {
      ok: false,
      rejection: {
        code: 'TELEMETRY_MALFORMED_JSON',
        message: `not valid JSON: ${error instanceof Error ? error.message : String(error)}`,
      },
    };
  }
  return validateRecord(raw, options, text);
}

/**
 * The JSON text an event is stored as: `text`, the source text its parse result carried (the text
 * says exactly what the event says), else `JSON.stringify(event)`. Serialising every event again was
 * about a tenth of the CPU an ingested event cost.
 *
 * @example const parsed = parseTelemetryText(line, { now }); if (parsed.ok) toTelemetryJson(parsed.event, parsed.text)
 */
export function toTelemetryJson(event: TelemetryEvent, text?: string): string {
  return text ?? JSON.stringify(event);
}
