import { z } from 'zod';
import { id, ref } from './common.js';
import { processSchema } from './process.js';
import { tonnes } from '../units.js';

/** A site: mine, plant, port, hub or consumer, with its processes and storage. */
export const facilitySchema = z
  .object({
    id: id('facility id, e.g. baotou-separation'),
    name: z.string().optional(),
    operator: z
      .string()
      .optional()
      .meta({ description: 'company or group that runs it, e.g. China Northern Rare Earth' }),
    jurisdiction: ref('jurisdiction'),
    location: z
      .tuple([z.number().min(-90).max(90), z.number().min(-180).max(180)])
      .optional()
      .meta({ description: '[latitude, longitude] in degrees' }),
    kind: z.enum(['producer', 'consumer', 'hub', 'port']).default('producer'),
    processes: z.array(processSchema).default([]),
    storage: z
      .record(z.string(), tonnes('storage capacity'))
      .default({})
      .meta({ description: 'material id → tonnes that can be held in inventory here' }),
    description: z.string().optional(),
  })
  .strict()
  .meta({ description: 'A facility: a site with processes, storage or demand.' });
export type Facility = z.infer<typeof facilitySchema>;
