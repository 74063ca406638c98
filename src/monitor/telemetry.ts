/**
 * Telemetry events: what facilities report about themselves. One zod declaration per kind gives
 * the type, the validation at every edge (HTTP, MQTT, CSV) and the JSON Schema. Every event has an
 * id (ingestion is idempotent by id) and a source timestamp. Versioned: `v` is 1 (the default).
 */
import { z } from 'zod';
import { compileFastParse, NOT_ACCEPTED } from './fast-parse.js';

/** The telemetry format version this build reads. */
export const TELEMETRY_VERSION = 1;

/** Event kinds, also the last segment of the MQTT topic `reeflow/v1/<facility>/<kind>`. */
export const TELEMETRY_KINDS = [
  'production',
  'inventory',
  'shipment',
  'assay',
  'sensor',
  'maintenance',
] as const;
export type TelemetryKind = (typeof TELEMETRY_KINDS)[number];

/** Earliest accepted source time (2000-01-01T00:00:00Z): older stamps are clocks that were never set. */
export const MIN_TELEMETRY_TIME = Date.UTC(2000, 0, 1);
/**
 * Latest time the schema accepts (9999-12-31T23:59:59.999Z), far inside the JS date range (±8.64e15
 * ms), so every accepted time is a date that formats; the clock-skew check then refuses the future.
 */
export const MAX_TELEMETRY_TIME = Date.UTC(9999, 11, 31, 23, 59, 59, 999);

/** Whether the UTF-16 unit at `i` (a surrogate) is half of a pair; a lone one is no character (PostgreSQL cannot store it). */
function isPairedSurrogate(text: string, i: number, c: number): boolean {
  if (c <= 0xdbff) {
    const next = text.charCodeAt(i + 1);
    return next >= 0xdc00 && next <= 0xdfff;
  }
  const previous = text.charCodeAt(i - 1);
  return previous >= 0xd800 && previous <= 0xdbff;
}

const nativeIsWellFormed = (String.prototype as unknown as { isWellFormed: (this: string) => boolean })
  .isWellFormed;

/** Whether a text holds no lone surrogate, i.e. is valid Unicode (native `String.prototype.isWellFormed`). */
function isWellFormedText(text: string): boolean {
  return nativeIsWellFormed.call(text);
}

/**
 * Whether a text (an id, a label) is clean: no control characters (PostgreSQL refuses U+0000 in
 * text, and labels become series keys) and no lone surrogates. One pass over the characters.
 */
function isCleanText(text: string): boolean {
  for (let i = 0; i < text.length; i += 1) {
    const c = text.charCodeAt(i);
    if (c < 0x20) return false;
    if (c >= 0xd800 && c <= 0xdfff && !isPairedSurrogate(text, i, c)) return false;
  }
  return true;
}

/** Whitespace above ASCII, as `\s` matches it (U+0085 is a control character, not whitespace, to `\s`). */
const WIDE_SPACE = /\s/;

/**
 * Whether a text is a name: no whitespace (`\s`), '/', '#', '+', control characters or lone
 * surrogates. One pass over the characters; only characters above ASCII go to the regular expression.
 */
export function isPlainName(text: string): boolean {
  for (let i = 0; i < text.length; i += 1) {
    const c = text.charCodeAt(i);
    if (c <= 0x20 || c === 0x2f || c === 0x23 || c === 0x2b) return false;
    if (c >= 0x80 && WIDE_SPACE.test(text[i] as string)) return false;
    if (c >= 0xd800 && c <= 0xdfff && !isPairedSurrogate(text, i, c)) return false;
  }
  return true;
}

const name = (description: string) =>
  z
    .string()
    .min(1)
    .max(128)
    .refine(isPlainName, { message: "expected a name without spaces, '/', '#', '+' or control characters" })
    .meta({ description });
const label = (description: string) =>
  z
    .string()
    .min(1)
    .max(256)
    .refine(isCleanText, { message: 'expected text without control characters or lone surrogates' })
    .meta({ description });
/** Largest tonnes in one event (a trillion; more is a unit error), so sums over any range stay finite in every store. */
export const MAX_EVENT_TONNES = 1e12;
/** Largest magnitude of a reading or assay value, for the same reason (PostgreSQL errors on a sum that overflows). */
export const MAX_READING = 1e15;
const tonnes = (description: string) =>
  z.number().min(0).max(MAX_EVENT_TONNES).meta({ description, unit: 't' });
const reading = (description: string) => z.number().min(-MAX_READING).max(MAX_READING).meta({ description });
const epochMs = () => z.number().int().min(MIN_TELEMETRY_TIME).max(MAX_TELEMETRY_TIME);
/**
 * A source timestamp: ISO 8601 with a zone (`2026-03-01T08:00:00Z`) or epoch milliseconds, from
 * 2000-01-01 to the end of year 9999 either way; stored as epoch ms.
 */
const timestamp = (description: string) =>
  z
    .union([
      epochMs().meta({ description: 'epoch milliseconds' }),
      z.iso
        .datetime({ offset: true })
        .transform((text) => Date.parse(text))
        .pipe(epochMs()),
    ])
    .meta({ description, unit: 'epoch ms or ISO 8601' });

const envelope = {
  v: z
    .literal(TELEMETRY_VERSION)
    .default(TELEMETRY_VERSION)
    .meta({ description: 'telemetry format version' }),
  id: z
    .string()
    .min(1)
    .max(128)
    .refine(isCleanText, { message: 'expected an id without control characters or lone surrogates' })
    .meta({ description: 'unique event id chosen by the source; a re-delivered id is stored once' }),
  facility: name('facility id of the model that reports the event'),
  time: timestamp('when the event happened at the source'),
  source: label('device, gateway or system that sent it').optional(),
};

export const productionEventSchema = z
  .object({
    ...envelope,
    kind: z.literal('production'),
    process: name('process id within the facility'),
    material: name('material produced'),
    tonnes: tonnes('tonnes produced since the previous production event of this process and material'),
    inputs: z
      .record(
        z.string().refine(isCleanText, {
          message: 'expected a material id without control characters or lone surrogates',
        }),
        tonnes('tonnes consumed'),
      )
      .optional()
      .meta({ description: 'material id → tonnes consumed for this output (for measured yields)' }),
  })
  .strict()
  .meta({ description: 'Output of a process over an interval.' });

export const inventoryEventSchema = z
  .object({
    ...envelope,
    kind: z.literal('inventory'),
    material: name('material held'),
    tonnes: tonnes('tonnes on hand at `time`'),
  })
  .strict()
  .meta({ description: 'A stock count: tonnes of a material on hand at the facility.' });

export const shipmentEventSchema = z
  .object({
    ...envelope,
    kind: z.literal('shipment'),
    shipment: name('shipment id, the same on departure and arrival'),
    status: z.enum(['departed', 'arrived']),
    from: name('origin facility'),
    to: name('destination facility'),
    material: name('material carried'),
    tonnes: tonnes('tonnes carried'),
    route: label('route id').optional(),
  })
  .strict()
  .meta({ description: 'A shipment leaving its origin or reaching its destination.' });

export const assayEventSchema = z
  .object({
    ...envelope,
    kind: z.literal('assay'),
    lot: name('lot or batch id'),
    material: name('material assayed'),
    analyte: label('what was measured, e.g. Nd2O3/TREO, Fe, moisture'),
    value: reading('measured value'),
    unit: label('unit of value, e.g. %, ppm'),
    method: label('method, e.g. ICP-OES, XRF').optional(),
  })
  .strict()
  .meta({ description: 'A laboratory result for one analyte of one lot.' });

export const sensorEventSchema = z
  .object({
    ...envelope,
    kind: z.literal('sensor'),
    asset: name('equipment id, e.g. pump-3'),
    tag: label('signal name, e.g. vibration-rms'),
    value: reading('reading'),
    unit: label('unit of value, e.g. mm/s'),
    process: name('process the asset serves').optional(),
  })
  .strict()
  .meta({ description: 'A sensor reading from one asset.' });

export const maintenanceEventSchema = z
  .object({
    ...envelope,
    kind: z.literal('maintenance'),
    asset: name('equipment id'),
    type: z
      .enum(['planned', 'unplanned', 'inspection'])
      .meta({ description: 'planned stop, breakdown, or inspection without a stop' }),
    start: timestamp('start of the work'),
    end: timestamp('end of the work; absent while it lasts').optional(),
    process: name('process the asset stops (capacity lost while it lasts)').optional(),
    availability: z.number().min(0).max(1).optional().meta({
      description:
        'share of the process capacity left during the work; default 0 for planned and unplanned, 1 for inspection',
      unit: 'fraction',
    }),
  })
  .strict()
  .meta({
    description: 'Maintenance work on an asset; an outage of its process unless availability says otherwise.',
  });

/** Any telemetry event, discriminated by `kind`. */
export const telemetryEventSchema = z.discriminatedUnion('kind', [
  productionEventSchema,
  inventoryEventSchema,
  shipmentEventSchema,
  assayEventSchema,
  sensorEventSchema,
  maintenanceEventSchema,
]);

export type TelemetryEvent = z.infer<typeof telemetryEventSchema>;
/** The schema's fast acceptance path (ingestion's hot loop); zod itself explains rejections. */
const fastParseEvent = compileFastParse(telemetryEventSchema);
export type TelemetryEventInput = z.input<typeof telemetryEventSchema>;
export type ProductionEvent = z.infer<typeof productionEventSchema>;
export type InventoryEvent = z.infer<typeof inventoryEventSchema>;
export type ShipmentEvent = z.infer<typeof shipmentEventSchema>;
export type AssayEvent = z.infer<typeof assayEventSchema>;
export type SensorEvent = z.infer<typeof sensorEventSchema>;
export type MaintenanceEvent = z.infer<typeof maintenanceEventSchema>;

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

/**
 * The series an event belongs to and the number it carries, for bucket aggregates:
 * production `process|material` (t), inventory `material` (t), shipment `status|material|to` (t),
 * assay `material|analyte` (value), sensor `asset|tag` (value), maintenance `asset` (hours, when ended).
 */
export function toSeries(event: TelemetryEvent): { series: string; value: number | null } {
  switch (event.kind) {
    case 'production':
      return { series: `${event.process}|${event.material}`, value: event.tonnes };
    case 'inventory':
      return { series: event.material, value: event.tonnes };
    case 'shipment':
      return { series: `${event.status}|${event.material}|${event.to}`, value: event.tonnes };
    case 'assay':
      return { series: `${event.material}|${event.analyte}`, value: event.value };
    case 'sensor':
      return { series: `${event.asset}|${event.tag}`, value: event.value };
    case 'maintenance':
      return {
        series: event.asset,
        value: event.end === undefined ? null : (event.end - event.start) / 3_600_000,
      };
  }
}

/** The MQTT topic an event is published on: `reeflow/v1/<facility>/<kind>`. */
export function toTelemetryTopic(event: Pick<TelemetryEvent, 'facility' | 'kind'>): string {
  return `reeflow/v${TELEMETRY_VERSION}/${event.facility}/${event.kind}`;
}

/** Reads `reeflow/v1/<facility>/<kind>`; undefined for any other topic. */
export function fromTelemetryTopic(topic: string): { facility: string; kind: TelemetryKind } | undefined {
  const parts = topic.split('/');
  if (parts.length !== 4 || parts[0] !== 'reeflow' || parts[1] !== `v${TELEMETRY_VERSION}`) return undefined;
  const facility = parts[2];
  const kind = parts[3];
  if (!facility || !(TELEMETRY_KINDS as readonly string[]).includes(kind ?? '')) return undefined;
  return { facility, kind: kind as TelemetryKind };
}

/** The JSON Schema of one telemetry event as sources write it. */
export function toTelemetryJsonSchema(): Record<string, unknown> {
  return z.toJSONSchema(telemetryEventSchema, { io: 'input', unrepresentable: 'any' }) as Record<
    string,
    unknown
  >;
}
