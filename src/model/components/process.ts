import { z } from 'zod';
import { id, ref, stage, elementName } from './common.js';
import { fraction, tonnesPerYear, usdPerTonne, perUnit } from '../units.js';

const recipe = z.record(z.string(), z.number().positive()).meta({
  description: 'material id → tonnes per unit of activity',
});

/** A separation plant's recipe spec: the yields are generated from the feed's element content. */
export const separationSchema = z
  .object({
    feed: ref('material', 'the mixed feed, e.g. bayan-concentrate'),
    recovery: z
      .union([fraction('recovery of every element'), z.record(z.string(), fraction('recovery'))])
      .meta({
        description: "fraction recovered: one number, or per element/group with an optional 'default'",
      }),
    products: z
      .record(z.string(), z.union([elementName, z.array(elementName)]))
      .meta({ description: 'product material id → elements (or group) it collects' }),
    rest: ref('material', 'collects recovered elements that no product names').optional(),
  })
  .strict()
  .meta({ description: 'Separation: one unit of activity separates one tonne of feed.' });
export type SeparationSpec = z.infer<typeof separationSchema>;

/** Capacity is measured on this flow: a material id, or the REO content of all inputs or outputs. */
export const REFERENCE_BASES = ['reo-in', 'reo-out'] as const;

/**
 * A recipe at a facility: inputs and outputs per unit of activity, a capacity on a reference flow,
 * a cost, and its environmental factors (energy, emissions, water, radioactive residue) per unit of
 * activity, which the plan adds up by country and stage. Separation recipes are generated from `separation`.
 */
export const processSchema = z
  .object({
    id: id('process id, unique within its facility'),
    name: z.string().optional(),
    stage,
    inputs: recipe.default({}),
    outputs: recipe.default({}),
    separation: separationSchema.optional(),
    reference: z.string().optional().meta({
      description:
        "flow capacity is measured on: a material id, 'reo-in' or 'reo-out'; default reo-out for mining, reo-in for separation, else the first output",
    }),
    capacity: tonnesPerYear('capacity on the reference flow'),
    cost: usdPerTonne('operating cost per unit of activity').default(0),
    energy: perUnit('MWh/t', 'energy (electricity and fuels, final energy) per unit of activity').default(0),
    emissions: perUnit('tCO2e/t', 'greenhouse-gas emissions (scope 1 and 2) per unit of activity').default(0),
    water: perUnit('m3/t', 'fresh water withdrawn per unit of activity').default(0),
    residue: perUnit(
      't/t',
      'radioactive residue per unit of activity: thorium/uranium-bearing tailings and process residues, dry t',
    ).default(0),
    availability: fraction('share of capacity usable on average (planned and unplanned downtime)').default(1),
  })
  .strict()
  .meta({ description: 'A process: a recipe at a facility.' });
export type Process = z.infer<typeof processSchema>;
