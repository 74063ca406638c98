/**
 * The shapes a simulation answers with, declared once as zod: a Monte Carlo result (distributions
 * over replications, fan-chart series, the representative run's flows) and a stockpile sizing.
 * The types are inferred (`z.infer`); the server's answers and the OpenAPI document use the schemas.
 */
import { z } from 'zod';
import { ELEMENT_SYMBOLS } from '../model/core.js';

export const distributionSchema = z
  .object({ mean: z.number(), p5: z.number(), p50: z.number(), p95: z.number() })
  .meta({ id: 'Distribution', description: 'a distribution over replications (type-7 quantiles)' });
/** A distribution over replications. */
export type Distribution = z.infer<typeof distributionSchema>;

export const demandStatsSchema = z
  .object({
    demand: z.string(),
    node: z.string(),
    material: z.string(),
    required: z
      .number()
      .meta({ unit: 't', description: 'required over the simulated days (mean over runs)' }),
    fillRate: distributionSchema,
    tonnesShort: distributionSchema.meta({ description: 't short' }),
    daysShort: distributionSchema.meta({ description: 'days with a shortfall' }),
    timeToRecover: distributionSchema.meta({
      description:
        'days from first falling below the recovery threshold to recovering; censored at the end of the run',
    }),
    recoveredShare: z.number().meta({
      unit: 'fraction',
      description: 'share of runs in which the demand had recovered by the last day',
    }),
  })
  .meta({ id: 'DemandStats' });
export type DemandStats = z.infer<typeof demandStatsSchema>;

export const consumerElementStatsSchema = z
  .object({
    node: z.string(),
    jurisdiction: z.string(),
    element: z.enum(ELEMENT_SYMBOLS),
    required: z
      .number()
      .meta({ unit: 't REO', description: 'REO-equivalent of the element required (mean over runs)' }),
    fillRate: distributionSchema,
    tonnesShort: distributionSchema.meta({ description: 't REO short' }),
  })
  .meta({ id: 'ConsumerElementStats' });
export type ConsumerElementStats = z.infer<typeof consumerElementStatsSchema>;

export const stockpileStatsSchema = z
  .object({
    stockpile: z.string(),
    holder: z.string(),
    node: z.string(),
    material: z.string(),
    minimum: distributionSchema.meta({ description: 'lowest level over the run, t' }),
  })
  .meta({ id: 'StockpileStats' });
export type StockpileStats = z.infer<typeof stockpileStatsSchema>;

export const bandSchema = z
  .object({
    mean: z.array(z.number()),
    p5: z.array(z.number()),
    p50: z.array(z.number()),
    p95: z.array(z.number()),
  })
  .meta({
    id: 'SeriesBand',
    description: 'mean, P5, P50 and P95 across runs of each bucket, in bucket order (type-7 quantiles)',
  });
/** Distributions over replications of a time series: mean, P5, P50 and P95 of each bucket, in bucket order. */
export type Band = z.infer<typeof bandSchema>;

/**
 * Per-period distributions (fan charts over time). Each run records one value per bucket of
 * `bucketDays` (a week: 7 daily steps, or each weekly step); the percentiles are taken across runs
 * bucket by bucket, so the P50 line is not one run's path.
 */
export const timeSeriesSchema = z
  .object({
    bucketDays: z
      .number()
      .int()
      .meta({ description: 'days per bucket (7: a week of daily steps, or one weekly step)' }),
    ends: z.array(z.number()).meta({
      description:
        'day on which each bucket ends, counted from the start of measurement; the last bucket may be shorter',
    }),
    system: z.object({
      fillRate: bandSchema.meta({
        description:
          'fill rate within each bucket over every demand (served ÷ required in that bucket, not cumulative; 1 when nothing was required)',
      }),
      stockpileLevel: bandSchema.meta({
        description: 'total level of all stockpiles at each bucket’s end, t',
      }),
    }),
    demands: z
      .array(z.object({ demand: z.string(), fillRate: bandSchema }))
      .meta({ description: 'fill rate within each bucket, per demand' }),
    stockpiles: z
      .array(z.object({ stockpile: z.string(), level: bandSchema }))
      .meta({ description: 'level at each bucket’s end, t, per stockpile' }),
  })
  .meta({
    id: 'SimulationSeries',
    description:
      'fill rate and stockpile levels over time for fan charts: per bucket, the distribution across runs',
  });
export type TimeSeries = z.infer<typeof timeSeriesSchema>;

const tonnes = (description: string) => z.number().meta({ unit: 't', description });

/** One replication's flows per period of the horizon (steps past the horizon count in its last period). */
export const simulatedFlowsSchema = z
  .object({
    run: z.number().int().meta({ description: 'the replication (run index) of master seed `seed`' }),
    seed: z.number().int(),
    fillRate: z
      .number()
      .meta({ description: "that run's system fill rate (served ÷ required over every demand)" }),
    periods: z.array(z.string()).meta({ description: 'periods the measured days fall in, in order' }),
    periodDays: z.array(z.number()).meta({ description: 'days simulated in each period' }),
    activity: z
      .array(z.object({ process: z.string(), period: z.string(), activity: z.number() }))
      .meta({ description: 'units of activity of each process (key `facility/process`) per period' }),
    shipments: z
      .array(
        z.object({
          route: z.string(),
          material: z.string(),
          period: z.string(),
          arrival: z.string(),
          tonnes: tonnes('leaving in `period`, arriving in `arrival`'),
        }),
      )
      .meta({ description: 'refused licences, which return, excluded' }),
    deliveries: z.array(
      z.object({
        demand: z.string(),
        period: z.string(),
        required: tonnes('required'),
        served: tonnes('served'),
      }),
    ),
    sinks: z.array(
      z.object({
        sink: z.string(),
        node: z.string(),
        material: z.string(),
        period: z.string(),
        tonnes: tonnes('sent to the sink'),
      }),
    ),
    stocks: z
      .array(
        z.object({
          node: z.string(),
          material: z.string(),
          period: z.string(),
          tonnes: tonnes('on hand at the end of the period'),
        }),
      )
      .meta({ description: 'on-hand stock at a node at the end of each period (stockpiles excluded)' }),
    stockpiles: z.array(
      z.object({ stockpile: z.string(), period: z.string(), level: tonnes('at the end of the period') }),
    ),
  })
  .meta({ id: 'SimulatedFlows' });
export type SimulatedFlows = z.infer<typeof simulatedFlowsSchema>;

export const monteCarloResultSchema = z
  .object({
    model: z.string(),
    scenario: z.string().exactOptional(),
    runs: z.number().int(),
    seed: z.number().int(),
    deterministic: z.boolean().exactOptional().meta({
      description:
        'true when no run drew a random number (no outages, closures, surges or licence draws): every seed gives the same run',
    }),
    days: z.number().int(),
    allocation: z.string().meta({ description: 'the allocation policy' }),
    system: z.object({ fillRate: distributionSchema, tonnesShort: distributionSchema }),
    demands: z.array(demandStatsSchema),
    consumers: z.array(consumerElementStatsSchema),
    stockpiles: z.array(stockpileStatsSchema),
    events: z
      .record(z.string(), distributionSchema)
      .meta({ description: 'count of each kind of disruption event per run' }),
    series: timeSeriesSchema,
    invariantViolations: z
      .number()
      .int()
      .meta({ description: 'runs whose material balance did not close (should be 0)' }),
    version: z.string(),
    flows: simulatedFlowsSchema.exactOptional().meta({
      description: 'flows by period of the representative run, when asked for; what the risk metrics read',
    }),
  })
  .meta({
    id: 'MonteCarloResult',
    description:
      'distributions over replications of fill rate, shortfall and stockpile levels (docs/simulate.md)',
  });
export type MonteCarloResult = z.infer<typeof monteCarloResultSchema>;

export const stockpileSizingSchema = z
  .object({
    material: z.string(),
    holder: z.string(),
    node: z.string(),
    level: z
      .number()
      .exactOptional()
      .meta({ unit: 't', description: 'smallest level found; absent when even maxLevel misses the target' }),
    target: z.number().meta({ unit: 'fraction', description: 'fill rate to hold' }),
    confidence: z.number().meta({ unit: 'fraction', description: 'share of runs that must reach it' }),
    steps: z
      .array(z.object({ level: z.number(), fillRate: z.number() }))
      .meta({ description: 'fill rate at the percentile that must reach the target, at each level tried' }),
    demands: z.array(z.string()).meta({
      description:
        'the demands protected: those of the stocked material, else those whose material holds every element of it',
    }),
    note: z.string().exactOptional().meta({
      description: 'when no level reaches the target: why (a flat response and its cause, or how far it got)',
    }),
  })
  .meta({ id: 'StockpileSizing' });
export type StockpileSizing = z.infer<typeof stockpileSizingSchema>;
