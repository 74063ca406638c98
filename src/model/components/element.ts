/** The element component: built in, not written in model files; declared so it is documented and checked. */
import { z } from 'zod';
import { ELEMENT_SYMBOLS } from '../elements.js';

export const elementSchema = z
  .object({
    symbol: z.enum(ELEMENT_SYMBOLS).meta({ description: 'chemical symbol' }),
    name: z.string(),
    atomicNumber: z.number().int(),
    atomicWeight: z.number().positive().meta({ unit: 'g/mol', description: 'IUPAC standard atomic weight' }),
    oxide: z.string().meta({ description: 'oxide formula the industry reports, e.g. Nd2O3, Pr6O11' }),
    oxideMetalAtoms: z.number().int().positive(),
    oxideOxygenAtoms: z.number().int().positive(),
    oxideMolarMass: z.number().positive().meta({ unit: 'g/mol' }),
    reoToMetal: z
      .number()
      .positive()
      .max(1)
      .meta({ unit: 't metal / t REO', description: 'computed from atomic weights' }),
    group: z.enum(['light', 'heavy']),
  })
  .meta({ description: 'A rare-earth element (built-in table of 17).' });
