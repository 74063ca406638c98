/**
 * A control chart as `GET /v1/quality/charts` answers it, declared once as zod beside the chart
 * (quality.ts): the chart's fields with its series named, the specification that applied and null
 * where a value is undefined (the first moving range; capability the data cannot give).
 */
import { z } from 'zod';
import { QUALITY_CHARTS } from './quality.js';

const pointSchema = z.object({ index: z.number().int(), time: z.number(), lot: z.string().exactOptional() });
const capabilityIndex = z.object({
  value: z.number().nullable(),
  lower: z.number().nullable(),
  upper: z.number().nullable(),
});
export const qualityChartAnswerSchema = z
  .object({
    facility: z.string(),
    material: z.string(),
    analyte: z.string(),
    unit: z.string().nullable(),
    specification: z
      .object({
        id: z.string().nullable(),
        lsl: z.number().optional(),
        usl: z.number().optional(),
        target: z.number().optional(),
      })
      .nullable(),
    count: z.number().int(),
    chart: z.enum(QUALITY_CHARTS),
    phase: z.enum(['I', 'II']),
    limits: z.object({ chart: z.string(), center: z.number(), sigma: z.number() }),
    reference: z
      .object({ start: z.number().int(), end: z.number().int(), from: z.number(), to: z.number() })
      .optional(),
    excluded: z.array(z.number().int()),
    rules: z.array(z.string()),
    series: z.array(
      z.object({
        statistic: z.string(),
        points: z.array(
          pointSchema.extend({
            value: z
              .number()
              .nullable()
              .meta({ description: 'null where undefined (the first moving range)' }),
            center: z.number(),
            lcl: z.number(),
            ucl: z.number(),
          }),
        ),
      }),
    ),
    violations: z.array(
      z.object({
        rule: z.string(),
        description: z.string(),
        statistic: z.string(),
        index: z.number().int(),
        time: z.number(),
        points: z.array(pointSchema),
      }),
    ),
    capability: z
      .object({
        n: z.number(),
        mean: z.number(),
        sigmaWithin: z.number(),
        sigmaOverall: z.number(),
        confidence: z.number(),
        cp: capabilityIndex,
        cpk: capabilityIndex,
        pp: capabilityIndex,
        ppk: capabilityIndex,
        observedOutside: z.number(),
      })
      .nullable(),
    warnings: z.array(z.string()),
  })
  .meta({
    id: 'QualityChart',
    description:
      'a control chart of one assay series: centre, limits, points, violations (rule and points), capability vs the specification',
  });
export type QualityChartAnswer = z.infer<typeof qualityChartAnswerSchema>;
