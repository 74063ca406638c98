import { z } from 'zod';
import { id, ref, elementContent } from './common.js';
import { fraction, usdPerTonne } from '../units.js';

export const MATERIAL_KINDS = [
  'ore',
  'concentrate',
  'mixed',
  'oxide',
  'metal',
  'alloy',
  'magnet',
  'component',
  'scrap',
  'other',
] as const;

/**
 * Anything that flows. Element content is t REO-equivalent per tonne of material, given either
 * as `elements` or as a total `reo` grade with a deposit `distribution` (percent of REO by element).
 */
export const materialSchema = z
  .object({
    id: id('material id, e.g. NdPr-oxide'),
    name: z.string().optional(),
    kind: z.enum(MATERIAL_KINDS).meta({ description: 'what form the material is in' }),
    unit: z.literal('t').default('t').meta({ description: 'unit of quantity; tonnes' }),
    reo: fraction('total REO grade, t REO per t of material; used with distribution').optional(),
    distribution: ref(
      'distribution',
      'deposit distribution (percent of REO by element) the REO splits by',
    ).optional(),
    elements: elementContent.optional(),
    price: usdPerTonne('market price').optional(),
    holdingCost: usdPerTonne('cost of holding one tonne in inventory for a year').default(0),
    description: z.string().optional(),
  })
  .strict()
  .meta({
    description:
      'A material that flows through the chain: ore, concentrate, oxide, metal, alloy, magnet, scrap…',
  });
export type Material = z.infer<typeof materialSchema>;
