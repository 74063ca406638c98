/** zod schemas of the simulation, stockpile-sizing, risk and compare routes' bodies and answers. */
import { z } from 'zod';
import { elementName } from '../model/index.js';
import { diversificationMetricSchema, metricSchema } from '../risk/index.js';
import { monteCarloResultSchema, simulationOptionsSchema, stockpileSizingSchema } from '../simulate/index.js';
import { idText, jobSchema, MAX_REQUEST_TONNES, upTo } from './schemas.js';

const modelRef = {
  model: idText().meta({ description: 'model id (GET /v1/models)' }),
  scenario: idText().optional().meta({
    description:
      'scenario of that model to apply first (the baseline plan for plan-guided allocation is made without it)',
  }),
};

const simulationRun = {
  runs: z.number().int().min(1).max(100_000).default(100).meta({ description: 'replications' }),
  days: z
    .number()
    .int()
    .min(1)
    .max(3650)
    .optional()
    .meta({ description: 'days simulated (overrides options.days; default 365)' }),
  seed: z
    .number()
    .int()
    .min(0)
    .max(0xffffffff)
    .default(1)
    .meta({ description: 'master seed; the same seed gives the same numbers' }),
  options: z.record(z.string(), z.unknown()).optional().meta({
    description:
      'simulation options (docs/simulate.md: outages, routeClosures, exportControls, demandSurges, recovery, allocation…)',
  }),
};

export const simulationRequestSchema = z
  .object({ ...modelRef, ...simulationRun })
  .strict()
  .meta({ id: 'SimulationRequest' });

export const stockpileSizingRequestSchema = z
  .object({
    ...modelRef,
    ...simulationRun,
    material: idText().meta({ description: 'material held, e.g. Dy-oxide' }),
    holder: idText().meta({
      description: 'a jurisdiction (its consumers are protected) or the holder of an existing stockpile',
    }),
    node: idText().optional().meta({
      description:
        'where a new stockpile is held; default the existing one’s node or the holder’s first demand node',
    }),
    target: z.number().min(0).max(1).meta({ description: 'fill rate to hold, 0–1' }),
    confidence: z
      .number()
      .gt(0)
      .lt(1)
      .optional()
      .meta({ description: 'share of runs that must reach the target; default 0.95' }),
    tolerance: upTo(z.number().positive(), MAX_REQUEST_TONNES, 't', 'above 0')
      .optional()
      .meta({ description: 'stop when the bracket is narrower than this, t' }),
    maxLevel: upTo(z.number().positive(), MAX_REQUEST_TONNES, 't', 'above 0')
      .optional()
      .meta({ description: 'largest level tried, t' }),
  })
  .strict()
  .meta({ id: 'StockpileSizingRequest' });

/** A request as its job echoes it: `options` are those the run used, parsed, every default applied. */
const ranWith = {
  options: simulationOptionsSchema
    .optional()
    .meta({ description: 'the simulation options the run used, every default applied (docs/simulate.md)' }),
};

export const simulationJobSchema = jobSchema(
  'simulation',
  simulationRequestSchema.extend(ranWith).meta({ id: 'SimulationJobInput' }),
  monteCarloResultSchema,
  'SimulationJob',
);
export const simulationJobListSchema = z.object({
  simulations: z.array(simulationJobSchema.omit({ result: true })),
});
export const stockpileSizingJobSchema = jobSchema(
  'stockpile-sizing',
  stockpileSizingRequestSchema.extend(ranWith).meta({ id: 'StockpileSizingJobInput' }),
  stockpileSizingSchema,
  'StockpileSizingJob',
);

const list = z
  .string()
  .transform((text) =>
    text
      .split(',')
      .map((s) => s.trim())
      .filter(Boolean),
  )
  .optional();

export const riskQuerySchema = z
  .object({
    model: idText().optional().meta({
      description:
        'model id; planned now unless plan or simulation names a finished job (whose model is used)',
    }),
    scenario: idText().optional(),
    plan: idText().optional().meta({ description: 'id of a succeeded plan job to measure' }),
    simulation: idText()
      .optional()
      .meta({ description: 'id of a succeeded simulation job to measure (its representative run)' }),
    metric: list.meta({
      description:
        'comma-separated: hhi, shares, import-reliance, exposure, paths, supply-risk, price-response; default hhi,import-reliance,supply-risk (+ exposure,paths with consumer)',
    }),
    consumer: idText().optional().meta({ description: 'a demand id, a demand node or a jurisdiction' }),
    through: idText().optional().meta({ description: 'jurisdiction for exposure and price-response' }),
    elements: list.meta({ description: 'elements or groups, comma-separated (Nd,Dy,NdPr)' }),
    stage: idText().optional(),
    by: z.enum(['country', 'jurisdiction', 'operator', 'bloc']).default('country'),
  })
  .strict();

export const riskResponseSchema = z
  .object({
    model: z.string(),
    scenario: z.string().optional(),
    source: z.enum(['plan', 'simulation']),
    job: z.string().optional().meta({ description: 'the job measured, when one was named' }),
    status: z.string(),
    metrics: z.array(metricSchema),
  })
  .meta({ id: 'RiskReport' });

export const diversificationRequestSchema = z
  .object({
    model: idText().meta({ description: 'model id (GET /v1/models)' }),
    scenario: idText().optional().meta({ description: 'scenario of that model to apply first' }),
    consumer: idText().meta({
      description: 'whose supply is capped: a demand id, a demand node, a jurisdiction or a bloc',
    }),
    through: idText().meta({ description: 'the jurisdiction or bloc whose direct share is capped' }),
    elements: z
      .array(elementName)
      .min(1)
      .max(20)
      .meta({ description: 'elements or groups the cap counts, e.g. ["Dy", "Tb"] or ["NdPr"]' }),
    steps: z.array(z.number().min(0).max(1)).min(1).max(21).optional().meta({
      description: 'caps to try, largest first, 0–1; default 1, 0.8, 0.6, 0.4, 0.2, 0 (one plan each)',
    }),
  })
  .strict()
  .meta({ id: 'DiversificationRequest' });

export const diversificationJobSchema = jobSchema(
  'diversification',
  diversificationRequestSchema,
  diversificationMetricSchema,
  'DiversificationJob',
);

const runRefSchema = z
  .union([
    z.object({ plan: idText() }).strict(),
    z.object({ simulation: idText() }).strict(),
    z
      .object({
        result: z.record(z.string(), z.unknown()).meta({ description: 'a PlanResult or a MonteCarloResult' }),
      })
      .strict(),
  ])
  .meta({
    id: 'RunReference',
    description: 'a succeeded plan or simulation job by id, or a saved result in the body',
  });

export const compareRequestSchema = z
  .object({
    a: runRefSchema,
    b: runRefSchema,
    model: idText()
      .optional()
      .meta({ description: 'model for flow-based metrics; default the first job’s model' }),
    scenario: idText().optional(),
    changed: z.boolean().default(false).meta({ description: 'only rows whose value differs' }),
  })
  .strict()
  .meta({ id: 'CompareRequest' });

export const compareResponseSchema = z
  .object({
    kinds: z.array(z.enum(['plan', 'simulation'])),
    comparisons: z.array(metricSchema),
    notCompared: z.array(z.string()).meta({ description: 'metrics only one side has' }),
  })
  .meta({ id: 'Comparison' });
