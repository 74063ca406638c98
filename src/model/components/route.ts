import { z } from 'zod';
import { id, ref } from './common.js';
import { days, tonnesPerYear, usdPerTonne, perUnit } from '../units.js';

/** A directed transport link between two facilities; crossing a border is derived from their jurisdictions. */
export const routeSchema = z
  .object({
    id: id('route id; defaults to from->to').optional(),
    from: ref('facility'),
    to: ref('facility'),
    mode: z.enum(['rail', 'road', 'sea', 'air', 'pipeline', 'multimodal']).default('road'),
    distanceKm: z.number().min(0).optional().meta({ unit: 'km' }),
    leadTime: days('time in transit').default(0),
    cost: usdPerTonne('transport cost per tonne').default(0),
    capacity: tonnesPerYear('most tonnes a year the link carries').optional(),
    materials: z
      .array(ref('material'))
      .optional()
      .meta({ description: 'materials allowed; all when omitted' }),
    emissions: perUnit('tCO2e/t', 'emissions per tonne carried').default(0),
  })
  .strict()
  .transform((route) => ({ ...route, id: route.id ?? `${route.from}->${route.to}` }))
  .meta({ description: 'A directed transport link.' });
export type Route = z.infer<typeof routeSchema>;
