/**
 * What the telemetry store and the ingest service report, declared once as zod: stored events,
 * aggregate buckets, ingest counters and store capabilities. The types are inferred; the
 * telemetry routes answer with these schemas.
 */
import { z } from 'zod';
import { TELEMETRY_ERROR_CODES, telemetryEventSchema } from './telemetry.js';

/** A stored event: the validated event plus when it was received. */
export const storedEventSchema = z
  .object({
    event: telemetryEventSchema,
    received: z.number().meta({ unit: 'ms', description: 'epoch ms when the store accepted it' }),
  })
  .meta({ id: 'StoredEvent' });
export type StoredEvent = z.infer<typeof storedEventSchema>;

const nullableNumber = (description: string) => z.number().nullable().meta({ description });

/** One bucket of one series at one facility. */
export const aggregateRowSchema = z
  .object({
    facility: z.string(),
    series: z.string(),
    bucket: z.number().meta({ unit: 'ms', description: 'bucket start, epoch ms (UTC-aligned)' }),
    count: z.number().int(),
    sum: nullableNumber('null when the series carries no numbers'),
    min: nullableNumber('smallest value'),
    max: nullableNumber('largest value'),
    avg: nullableNumber('mean value'),
    last: nullableNumber('latest value'),
    lastTime: z.number().meta({ unit: 'ms', description: 'source time of the latest value' }),
  })
  .meta({ id: 'AggregateRow' });
export type AggregateRow = z.infer<typeof aggregateRowSchema>;

const errorCode = z.enum(Object.keys(TELEMETRY_ERROR_CODES) as [keyof typeof TELEMETRY_ERROR_CODES]);

/** Counters since start: what came in, what was stored, what was refused and why. */
export const ingestStatsSchema = z.object({
  received: z.number().int(),
  stored: z.number().int(),
  duplicates: z.number().int(),
  rejected: z.number().int(),
  rejectedByCode: z.partialRecord(errorCode, z.number().int()),
  alertsRaised: z.number().int(),
});
export type IngestStats = z.infer<typeof ingestStatsSchema>;

export const storeCapabilitiesSchema = z.object({
  engine: z.enum(['sqlite', 'postgres']),
  durable: z.boolean().meta({ description: 'survives a crash of the process once `append` resolved' }),
  shared: z.boolean().meta({ description: 'several processes and machines may share it' }),
});
export type StoreCapabilities = z.infer<typeof storeCapabilitiesSchema>;
