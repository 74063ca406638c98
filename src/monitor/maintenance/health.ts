/**
 * Asset health as the tracker reports it and `GET /v1/assets` answers, declared once as zod:
 * per tag the anomaly score, trend and remaining useful life with its band; per asset the worst.
 */
import { z } from 'zod';

/** Remaining useful life of one tag, hours from its last reading, with the band. */
export const rulEstimateSchema = z.object({
  tag: z.string(),
  limit: z.number().meta({ description: 'the failure limit the trend heads for' }),
  hours: z.number().meta({
    unit: 'h',
    description: 'hours from the last reading until the fitted trend reaches the limit',
  }),
  lower: z.number().meta({ unit: 'h', description: 'fast end of the band' }),
  upper: z
    .number()
    .nullable()
    .meta({ unit: 'h', description: 'slow end of the band; null when it never reaches the limit' }),
  at: z.number().meta({ unit: 'ms', description: 'epoch ms when the trend reaches the limit' }),
});
export type RulEstimate = z.infer<typeof rulEstimateSchema>;

const trendSchema = z.enum(['rising', 'falling', 'steady', 'unknown']);

export const tagHealthSchema = z.object({
  tag: z.string(),
  unit: z.string(),
  time: z.number().meta({ unit: 'ms' }),
  value: z.number(),
  score: z
    .number()
    .meta({ description: 'anomaly score of the last reading in [0, 1) (½ at |z| = 5); 0 during warm-up' }),
  z: z.number().nullable(),
  anomalous: z.boolean(),
  anomalies: z.number().int().meta({ description: 'readings scored anomalous so far' }),
  slope: z
    .number()
    .nullable()
    .meta({ description: 'least-squares slope per hour over the last readings (null with fewer than 3)' }),
  trend: trendSchema,
  rul: rulEstimateSchema.nullable(),
  readings: z.number().int(),
});
export type TagHealth = z.infer<typeof tagHealthSchema>;

export const assetHealthSchema = z
  .object({
    facility: z.string(),
    asset: z.string(),
    process: z.string().exactOptional(),
    lastTime: z.number().meta({ unit: 'ms' }),
    score: z.number().meta({ description: 'largest tag anomaly score in [0, 1)' }),
    anomalous: z.boolean(),
    trend: trendSchema.meta({
      description: 'the trend of the tag with the shortest RUL, else of the highest-scoring tag',
    }),
    rul: rulEstimateSchema
      .nullable()
      .meta({ description: 'the shortest RUL over the tags with a failure limit' }),
    tags: z.array(tagHealthSchema),
  })
  .meta({ id: 'AssetHealth' });
export type AssetHealth = z.infer<typeof assetHealthSchema>;
