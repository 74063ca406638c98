/**
 * The model: the root of the file format. One folder (or one file) of YAML/JSON plus optional
 * CSV tables; every table is a list of components keyed by id.
 */
import { z } from 'zod';
import { id, period, ref } from './components/common.js';
import { materialSchema } from './components/material.js';
import { jurisdictionSchema } from './components/jurisdiction.js';
import { facilitySchema } from './components/facility.js';
import { routeSchema } from './components/route.js';
import { demandSchema } from './components/demand.js';
import { sinkSchema } from './components/sink.js';
import { stockpileSchema } from './components/stockpile.js';
import { policySchema } from './components/policy.js';
import { projectSchema } from './components/project.js';
import { scenarioSchema } from './components/scenario.js';
import { specificationSchema } from './components/specification.js';
import { fraction } from './units.js';

/** The schema version this build reads and writes. */
export const SCHEMA_VERSION = 1;

export const STEPS = { month: 1, quarter: 3, year: 12 } as const;

export const horizonSchema = z
  .object({
    start: period('first period'),
    periods: z.number().int().min(1).max(600).meta({ description: 'number of periods' }),
    step: z.enum(['month', 'quarter', 'year']).default('month'),
  })
  .strict()
  .meta({ description: 'the planning horizon' });
export type Horizon = z.infer<typeof horizonSchema>;

const outageSchema = z
  .object({
    facility: ref('facility'),
    process: z.string().optional(),
    start: period('first period of the outage'),
    end: period('last period of the outage; to the end of the horizon when omitted').optional(),
    availability: fraction('share of capacity left during the outage').default(0),
  })
  .strict()
  .meta({ description: 'A known outage: a facility (or one process) runs at reduced availability.' });

export const settingsSchema = z
  .object({
    discountRate: fraction('annual discount rate for capital annuities and NPV').default(0.08),
    currency: z.literal('USD').default('USD'),
  })
  .strict()
  .default({ discountRate: 0.08, currency: 'USD' });

/** Percent of REO by element for one deposit type, e.g. Bayan Obo: La 23, Ce 50, Pr 6.2, Nd 18.5… */
export const distributionSchema = z
  .record(z.string(), z.number().min(0).max(100))
  .meta({ description: 'percent of REO by element symbol; normalised to 100 when used', unit: '%' });

export const modelSchema = z
  .object({
    schemaVersion: z.literal(SCHEMA_VERSION).meta({ description: 'version of the file format' }),
    name: z.string().min(1),
    description: z.string().optional(),
    horizon: horizonSchema,
    settings: settingsSchema,
    distributions: z.record(id('distribution id'), distributionSchema).default({}),
    jurisdictions: z.array(jurisdictionSchema).default([]),
    materials: z.array(materialSchema).default([]),
    facilities: z.array(facilitySchema).default([]),
    routes: z.array(routeSchema).default([]),
    demands: z.array(demandSchema).default([]),
    sinks: z.array(sinkSchema).default([]),
    stockpiles: z.array(stockpileSchema).default([]),
    policies: z.array(policySchema).default([]),
    projects: z.array(projectSchema).default([]),
    outages: z.array(outageSchema).default([]),
    specifications: z.array(specificationSchema).default([]),
    scenarios: z.array(scenarioSchema).default([]),
  })
  .strict()
  .meta({ title: 'reeflow model', description: 'A model of the rare-earth value chain.' });

/** A parsed model: every default applied, every unit converted to its canonical unit. */
export type Model = z.infer<typeof modelSchema>;
/** A model as written in files, before defaults and unit conversion. */
export type ModelInput = z.input<typeof modelSchema>;

/** The component tables of a model, in the order files and docs list them. */
export const TABLES = [
  'jurisdictions',
  'materials',
  'facilities',
  'routes',
  'demands',
  'sinks',
  'stockpiles',
  'policies',
  'projects',
  'outages',
  'specifications',
  'scenarios',
] as const;
export type TableName = (typeof TABLES)[number];

/** The JSON Schema of the model file format (input side: what users write). */
export function toModelJsonSchema(): Record<string, unknown> {
  return z.toJSONSchema(modelSchema, { io: 'input', unrepresentable: 'any' }) as Record<string, unknown>;
}
