import { z } from 'zod';
import { id, ref } from './common.js';
import { fraction, tonnesPerYear, usdPerTonne } from '../units.js';

/** An alternative that may meet part of a demand, e.g. a Dy-free magnet grade or a ferrite motor. */
export const substituteSchema = z
  .object({
    material: ref('material'),
    ratio: z
      .number()
      .positive()
      .default(1)
      .meta({ description: 'tonnes of substitute per tonne of demand met' }),
    cost: usdPerTonne('extra cost per tonne of demand met this way').default(0),
    maxShare: fraction('most of the demand this substitute may meet').default(1),
  })
  .strict();

/** What a consumer needs: a material at a node, per year, and what a tonne short costs. */
export const demandSchema = z
  .object({
    id: id('demand id; defaults to node:material').optional(),
    node: ref('facility', 'the consuming facility'),
    material: ref('material'),
    quantity: tonnesPerYear('quantity needed'),
    profile: z.array(z.number().min(0)).optional().meta({
      description: 'multiplier per period of the horizon (length = periods); 1 everywhere when omitted',
    }),
    unmetCost: usdPerTonne('value of unmet demand: penalty per tonne short').default(1_000_000),
    sector: z.string().optional().meta({ description: 'e.g. EV, wind, industrial motors' }),
    substitutes: z.array(substituteSchema).default([]),
  })
  .strict()
  .transform((demand) => ({ ...demand, id: demand.id ?? `${demand.node}:${demand.material}` }))
  .meta({ description: 'A demand of a consumer.' });
export type Demand = z.infer<typeof demandSchema>;
