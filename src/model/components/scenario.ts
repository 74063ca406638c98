import { z } from 'zod';
import { id, ref, period } from './common.js';
import { fraction } from '../units.js';

const outage = z
  .object({
    facility: ref('facility'),
    process: z
      .string()
      .optional()
      .meta({ description: 'one process; all processes of the facility when omitted' }),
    start: period('first period of the outage'),
    end: period('last period of the outage; to the end of the horizon when omitted').optional(),
    availability: fraction('share of capacity left during the outage').default(0),
  })
  .strict();

/**
 * A named overlay on the base model. Applied in this order: `extends`, `set`, `remove`, `add`,
 * `demandMultiplier`, `outages`, `projects`. The result is validated like the base.
 */
export const scenarioSchema = z
  .object({
    id: id('scenario id'),
    name: z.string().optional(),
    description: z.string().optional(),
    extends: ref('scenario', 'a scenario applied first').optional(),
    set: z
      .record(z.string(), z.unknown())
      .default({})
      .meta({ description: "field changes by path, e.g. 'policies.cn-export-control.mode: ban'" }),
    remove: z
      .record(z.string(), z.array(z.string()))
      .default({})
      .meta({ description: 'component table → ids to remove, e.g. policies: [cn-quota]' }),
    add: z
      .record(z.string(), z.array(z.unknown()))
      .default({})
      .meta({ description: 'component table → components to add, e.g. policies: [...]' }),
    demandMultiplier: z
      .union([z.number().min(0), z.record(z.string(), z.number().min(0))])
      .optional()
      .meta({ description: 'multiply all demand, or per demand id, material id or jurisdiction id' }),
    outages: z.array(outage).default([]),
    projects: z
      .record(z.string(), z.enum(['optional', 'committed', 'excluded']))
      .default({})
      .meta({ description: 'project id → decision override' }),
  })
  .strict()
  .meta({ description: 'A scenario: a named overlay on the base model.' });
export type Scenario = z.infer<typeof scenarioSchema>;
export type Outage = z.infer<typeof outage>;
