import { z } from 'zod';
import { id, ref } from './common.js';
import { days, tonnes, tonnesPerYear } from '../units.js';

/** A strategic or commercial reserve held at a facility, with release and rebuild rules. */
export const stockpileSchema = z
  .object({
    id: id('stockpile id'),
    holder: z
      .string()
      .meta({ description: 'who holds it: a jurisdiction, a bloc (with releaseTo) or an operator' }),
    node: ref('facility', 'where the stock is held'),
    material: ref('material'),
    level: tonnes('level at the start of the horizon'),
    capacity: tonnes('most it can hold').optional(),
    floor: tonnes('level it may not go below').default(0),
    release: z
      .object({
        coverDays: days('release when cover of demand falls below this'),
        rate: tonnesPerYear('fastest release'),
      })
      .strict()
      .optional(),
    rebuild: z
      .object({ rate: tonnesPerYear('fastest rebuild') })
      .strict()
      .optional(),
    releaseTo: z.array(z.string()).optional().meta({
      description:
        'jurisdictions or blocs (EU, G7, Quad, MSP) the stock is released to: a pooled stock delivers to the facilities of their members that use its material (process input or demand), and to no one else; when omitted, released at its own node',
    }),
    deliveryTime: days(
      'days from a release to its arrival at a member facility, for a stock with releaseTo; 0 when omitted',
    ).optional(),
  })
  .strict()
  .meta({ description: 'A stockpile.' });
export type Stockpile = z.infer<typeof stockpileSchema>;
