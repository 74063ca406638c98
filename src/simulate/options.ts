/**
 * Simulation options: one zod schema with documented defaults. Disruption parameters the model
 * schema does not carry (outage rates, duration distributions, licence-delay spread…) live here.
 */
import { z } from 'zod';
import { STAGES } from '../model/core.js';
import { sampleExponential, sampleLognormal, type Random } from '../random.js';

const nonNegative = (description: string) => z.number().min(0).meta({ description });
const rate = (description: string) => nonNegative(`${description}, events per year`).default(0);
const fraction = (description: string) => z.number().min(0).max(1).meta({ description });

/** A distribution of durations in days. */
export const durationSchema = z
  .discriminatedUnion('kind', [
    z.object({ kind: z.literal('fixed'), value: nonNegative('days') }).strict(),
    z.object({ kind: z.literal('exponential'), mean: z.number().positive() }).strict(),
    z
      .object({
        kind: z.literal('lognormal'),
        mean: z.number().positive(),
        cv: nonNegative('coefficient of variation'),
      })
      .strict(),
    z.object({ kind: z.literal('uniform'), min: nonNegative('days'), max: nonNegative('days') }).strict(),
  ])
  .meta({ description: 'a distribution of durations in days' });
export type Duration = z.infer<typeof durationSchema>;

/** Draws a duration in days (never negative). */
export function sampleDuration(random: Random, duration: Duration): number {
  switch (duration.kind) {
    case 'fixed':
      return duration.value;
    case 'exponential':
      return sampleExponential(random, duration.mean);
    case 'lognormal':
      return sampleLognormal(random, duration.mean, duration.cv);
    case 'uniform':
      return duration.min + (Math.max(duration.min, duration.max) - duration.min) * random.next();
  }
}

/** A predicted failure (from predictive maintenance, `toOutageOptions`), drawn with its probability inside its window. */
export const predictedOutageSchema = z
  .object({
    facility: z.string(),
    probability: fraction('probability that the failure happens inside its window'),
    leadDays: nonNegative('days from the start of measurement until the failure window opens').default(0),
    horizonDays: z
      .number()
      .positive()
      .meta({ description: 'length of the failure window in days (constant hazard inside it)' }),
    durationDays: z
      .number()
      .positive()
      .optional()
      .meta({ description: 'outage length in days; default a draw from `duration`' }),
  })
  .strict();

export const simulationOptionsSchema = z
  .object({
    days: z
      .number()
      .int()
      .min(1)
      .max(3650)
      .default(365)
      .meta({ description: 'days simulated after the warm-up' }),
    step: z.enum(['day', 'week']).default('day').meta({ description: 'time step of the kernel' }),
    warmupDays: z.number().int().min(0).max(3650).optional().meta({
      description:
        'undisrupted days run first to fill pipelines; default: the longest chain of lead times + 14',
    }),
    allocation: z.enum(['plan', 'pro-rata', 'priority']).optional().meta({
      description: "who is served when supply is short; default 'plan' when a plan is given, else 'pro-rata'",
    }),
    priority: z.array(z.string()).optional().meta({
      description:
        "jurisdictions served first, in order, for allocation 'priority'; default: the source's own country first",
    }),
    coverDays: z
      .number()
      .positive()
      .default(30)
      .meta({ description: 'days of requirement each node orders up to (pro-rata and priority)' }),
    recoveryThreshold: fraction('daily fill rate that counts as recovered').default(0.99),
    outages: z
      .object({
        rate: rate('unplanned outages per producing facility'),
        duration: durationSchema.default({ kind: 'lognormal', mean: 14, cv: 0.5 }),
        availability: fraction('share of capacity left during an outage').default(0),
        facilities: z
          .array(z.string())
          .optional()
          .meta({ description: 'only these facilities; all with processes when omitted' }),
        stages: z
          .array(z.enum(STAGES))
          .optional()
          .meta({ description: 'only facilities with a process of these stages' }),
        predicted: z.array(predictedOutageSchema).default([]).meta({
          description:
            'predicted failures (from predictive maintenance), drawn on top of the rate; see toOutageOptions in monitor/maintenance',
        }),
      })
      .strict()
      .default({
        rate: 0,
        duration: { kind: 'lognormal', mean: 14, cv: 0.5 },
        availability: 0,
        predicted: [],
      }),
    routeClosures: z
      .object({
        rate: rate('closures per route'),
        duration: durationSchema.default({ kind: 'lognormal', mean: 10, cv: 0.5 }),
        modes: z.array(z.string()).optional().meta({ description: 'only routes of these modes, e.g. sea' }),
        routes: z.array(z.string()).optional().meta({ description: 'only these route ids' }),
      })
      .strict()
      .default({ rate: 0, duration: { kind: 'lognormal', mean: 10, cv: 0.5 } }),
    exportControls: z
      .object({
        enabled: z.boolean().default(true),
        delayShape: z
          .enum(['fixed', 'exponential', 'lognormal'])
          .default('lognormal')
          .meta({ description: "distribution of licence delays around the policy's licenseDelay" }),
        delayCv: nonNegative('coefficient of variation of lognormal licence delays').default(0.5),
        defaultDelay: nonNegative('licence delay in days when the policy has none').default(45),
        defaultApprovalProbability: fraction('approval probability when the policy has none').default(1),
      })
      .strict()
      .default({
        enabled: true,
        delayShape: 'lognormal',
        delayCv: 0.5,
        defaultDelay: 45,
        defaultApprovalProbability: 1,
      }),
    demandSurges: z
      .object({
        rate: rate('surges across all demands'),
        multiplier: z
          .object({ min: z.number().min(0), max: z.number().min(0) })
          .strict()
          .default({ min: 1.2, max: 1.5 }),
        duration: durationSchema.default({ kind: 'fixed', value: 30 }),
        demands: z
          .array(z.string())
          .optional()
          .meta({ description: 'demand ids or material ids a surge may hit; all when omitted' }),
      })
      .strict()
      .default({ rate: 0, multiplier: { min: 1.2, max: 1.5 }, duration: { kind: 'fixed', value: 30 } }),
    recovery: z
      .object({
        rampDays: nonNegative('days a facility takes to ramp back to full capacity after an outage').default(
          0,
        ),
        rampFrom: fraction('share of capacity a facility restarts at').default(0.5),
        dependencies: z
          .array(
            z
              .object({
                facility: z.string().meta({ description: 'the dependent facility' }),
                on: z.string().meta({ description: 'the facility it depends on (power, acid, port…)' }),
                lagDays: nonNegative('days the dependent stays down after the other recovers').default(0),
              })
              .strict(),
          )
          .default([]),
      })
      .strict()
      .default({ rampDays: 0, rampFrom: 0.5, dependencies: [] }),
  })
  .strict();

/** Parsed options: every default applied. */
export type SimulationOptions = z.infer<typeof simulationOptionsSchema>;
/** Options as written by callers. */
export type SimulationOptionsInput = z.input<typeof simulationOptionsSchema>;
