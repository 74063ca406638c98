import { z } from 'zod';
import { id, ref } from './common.js';

/** A country, province or region; nested through `parent` (CN-NM inside CN). */
export const jurisdictionSchema = z
  .object({
    id: id('jurisdiction id, e.g. CN or CN-NM'),
    name: z.string(),
    parent: ref('jurisdiction', 'the jurisdiction this one lies in').optional(),
    blocs: z.array(z.string()).default([]).meta({ description: 'alliances and blocs, e.g. EU, G7, MSP' }),
    governance: z.number().min(0).max(10).optional().meta({
      unit: 'score 0–10',
      description: 'scaled World Governance Indicator used by the EU supply-risk formula (higher is riskier)',
    }),
    authority: z.string().optional().meta({ description: 'the authority that permits projects here' }),
  })
  .strict()
  .meta({ description: 'A country, province or region.' });
export type Jurisdiction = z.infer<typeof jurisdictionSchema>;
