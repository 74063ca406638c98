import { z } from 'zod';
import { id, ref, period } from './common.js';
import { processSchema } from './process.js';
import { days, fraction, tonnesPerYear, usd, usdPerTonne } from '../units.js';

/** Risks a financing source may bear (descriptive; reported beside the blended cost of capital). */
export const FINANCING_RISKS = ['construction', 'delay', 'price', 'volume', 'credit'] as const;

export const PROJECT_STAGES = [
  'proposed',
  'permitting',
  'approved',
  'financed',
  'construction',
  'commissioning',
  'operating',
] as const;

const permitStage = z
  .object({
    stage: z.enum(PROJECT_STAGES),
    duration: days('expected time in this stage'),
    authority: z.string().optional().meta({ description: 'who acts on it, e.g. Inner Mongolia DRC' }),
    expedited: days('time in this stage under expedited treatment').optional(),
    jurisdiction: ref(
      'jurisdiction',
      "whose authority acts on this stage (it and its parents' authorities); default the facility's jurisdiction",
    ).optional(),
  })
  .strict();

const financingSource = z
  .object({
    source: z.string().meta({ description: 'e.g. China Development Bank' }),
    kind: z.enum(['loan', 'equity', 'grant', 'fund', 'prepayment', 'price-floor']),
    amount: usd('amount'),
    rate: fraction('annual interest or required return').optional(),
    tenorYears: z.number().positive().optional(),
    bears: z.array(z.enum(FINANCING_RISKS)).optional().meta({
      description: 'risks this source bears: construction (cost overrun), delay, price, volume, credit',
    }),
    floorPrice: usdPerTonne('for a price floor: the guaranteed price of `material`').optional(),
    material: ref('material', 'for a price floor: the material whose price it guarantees').optional(),
  })
  .strict();

/**
 * An expansion: a new process at a facility, more capacity on an existing one, or infrastructure
 * that changes a route. Chosen by the planner (a MIP) unless `decision` fixes it.
 */
export const projectSchema = z
  .object({
    id: id('project id'),
    name: z.string().optional(),
    sponsor: z.string().optional().meta({ description: 'enterprise or authority that sponsors it' }),
    facility: ref('facility', 'where it is built'),
    process: processSchema.optional().meta({ description: 'a new process it adds' }),
    expands: z
      .object({ process: z.string(), capacity: tonnesPerYear('capacity added') })
      .strict()
      .optional()
      .meta({ description: 'capacity it adds to an existing process of the facility' }),
    route: z
      .object({
        id: ref('route'),
        capacity: tonnesPerYear('capacity added').optional(),
        leadTime: days('new lead time').optional(),
      })
      .strict()
      .optional()
      .meta({ description: 'a route it upgrades' }),
    capex: usd('capital cost'),
    capexSchedule: z.array(fraction('share of capex spent in this year')).optional().meta({
      description:
        'share of capex spent in each year from the start of construction (sums to 1); default all in the first year',
    }),
    dependsOn: z.array(ref('project')).optional().meta({
      description:
        'projects that must be operating before this one can start construction (and be built for it to be built)',
    }),
    opex: usd('fixed operating cost a year once running').default(0),
    buildTime: days('time from start of construction to first output'),
    earliestStart: period('first period construction may start').optional(),
    lifetimeYears: z.number().positive().default(20),
    status: z.enum(PROJECT_STAGES).default('proposed'),
    statusSince: z
      .string()
      .regex(/^\d{4}-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])$/, {
        message: "expected a date written 'YYYY-MM-DD', e.g. '2026-03-15'",
      })
      .optional()
      .meta({
        description: 'date the project entered its current stage; default: it enters it on the as-of date',
        unit: 'YYYY-MM-DD',
      }),
    permitting: z.array(permitStage).default([]),
    financing: z.array(financingSource).default([]),
    decision: z
      .enum(['optional', 'committed', 'excluded'])
      .default('optional')
      .meta({ description: 'optional: the planner decides; committed: always built; excluded: never' }),
  })
  .strict()
  .meta({ description: 'An expansion project.' });
export type Project = z.infer<typeof projectSchema>;
