/**
 * Telemetry events: what facilities report about themselves. One zod declaration per kind gives
 * the type, the validation at every edge (HTTP, MQTT, CSV) and the JSON Schema. Every event has an
 * id (ingestion is idempotent by id) and a source timestamp. Versioned: `v` is 1 (the default).
 */
import { z } from 'zod';

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
export function isWellFormedText(text: string): boolean {
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
export type TelemetryEventInput = z.input<typeof telemetryEventSchema>;
export type ProductionEvent = z.infer<typeof productionEventSchema>;
export type InventoryEvent = z.infer<typeof inventoryEventSchema>;
export type ShipmentEvent = z.infer<typeof shipmentEventSchema>;
export type AssayEvent = z.infer<typeof assayEventSchema>;
export type SensorEvent = z.infer<typeof sensorEventSchema>;
export type MaintenanceEvent = z.infer<typeof maintenanceEventSchema>;

/** The JSON Schema of one telemetry event as sources write it. */
export function toTelemetryJsonSchema(): Record<string, unknown> {
  return z.toJSONSchema(telemetryEventSchema, { io: 'input', unrepresentable: 'any' }) as Record<
    string,
    unknown
  >;
}
