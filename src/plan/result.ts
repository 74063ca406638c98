/**
 * The plan result: new tables keyed by input ids, with units. The model is never changed. Each
 * table is declared once, as zod: the type (`z.infer`), the server's answer and the OpenAPI
 * document all come from these schemas.
 */
import { z } from 'zod';
import { ELEMENT_SYMBOLS } from '../model/index.js';
import { SOLVE_STATUSES } from '../solver/solver.js';
import { COST_CATEGORIES, ROW_KINDS } from './formulation/context.js';
import type { Objective } from './options.js';
import { leastCostComparisonSchema, planEnvironmentSchema } from './environment.js';

const tonnes = (description: string) => z.number().meta({ unit: 't', description });
const countryText = () =>
  z.string().meta({ description: 'top-level jurisdiction (country) of the facility' });
const periodText = (description = 'period label') => z.string().meta({ description });

export const activityRowSchema = z
  .object({
    process: z.string(),
    facility: z.string(),
    stage: z.string(),
    jurisdiction: z.string(),
    country: countryText(),
    operator: z.string().exactOptional(),
    period: periodText(),
    activity: z.number().meta({ description: "units of activity (t of the reference flow's recipe basis)" }),
    throughput: tonnes("on the capacity's reference flow (activity × reference per activity)"),
    capacity: tonnes('capacity on the reference flow in this period'),
    utilisation: z.number().meta({ unit: 'fraction', description: 'throughput ÷ capacity' }),
    project: z.string().exactOptional().meta({ description: 'the expansion project that adds this process' }),
  })
  .meta({ id: 'ActivityRow', description: 'how much a process runs in one period' });
export type ActivityRow = z.infer<typeof activityRowSchema>;

export const flowRowSchema = z
  .object({
    route: z.string(),
    from: z.string(),
    to: z.string(),
    material: z.string(),
    period: periodText('departure period'),
    arrival: periodText('arrival period; may equal the departure'),
    tonnes: tonnes('carried'),
    reo: tonnes('REO-equivalent carried'),
    crossBorder: z.boolean(),
  })
  .meta({ id: 'FlowRow', description: 'what one route carries in one period' });
export type FlowRow = z.infer<typeof flowRowSchema>;

export const productionRowSchema = z
  .object({
    process: z.string(),
    facility: z.string(),
    stage: z.string(),
    jurisdiction: z.string(),
    country: countryText(),
    material: z.string(),
    period: periodText(),
    tonnes: tonnes('of the material put out'),
    reo: tonnes('REO-equivalent put out'),
  })
  .meta({ id: 'ProductionRow', description: 'output of one material by one process in one period' });
export type ProductionRow = z.infer<typeof productionRowSchema>;

export const elementProductionRowSchema = z
  .object({
    stage: z.string(),
    jurisdiction: z.string(),
    facility: z.string(),
    element: z.enum(ELEMENT_SYMBOLS),
    tonnesReo: tonnes("REO-equivalent of the element in the stage's outputs over the horizon"),
  })
  .meta({ id: 'ElementProductionRow' });
export type ElementProductionRow = z.infer<typeof elementProductionRowSchema>;

export const demandRowSchema = z
  .object({
    demand: z.string(),
    node: z.string(),
    material: z.string(),
    period: periodText(),
    required: tonnes('required'),
    served: tonnes('served with the material itself'),
    substituted: tonnes('served with substitutes'),
    unmet: tonnes('not served'),
  })
  .meta({ id: 'DemandRow' });
export type DemandRow = z.infer<typeof demandRowSchema>;

export const shortfallRowSchema = z
  .object({
    demand: z.string(),
    node: z.string(),
    material: z.string(),
    tonnes: tonnes('short over the horizon'),
    share: z.number().meta({ unit: 'fraction', description: 'share of the requirement not met' }),
    value: z.number().meta({ unit: 'USD', description: "at the demand's value of unmet demand" }),
  })
  .meta({ id: 'ShortfallRow' });
export type ShortfallRow = z.infer<typeof shortfallRowSchema>;

export const sinkRowSchema = z
  .object({
    sink: z.string(),
    node: z.string(),
    material: z.string(),
    kind: z.string().meta({ description: 'sell, store or dispose' }),
    period: periodText(),
    tonnes: tonnes('sent to the sink'),
  })
  .meta({ id: 'SinkRow' });
export type SinkRow = z.infer<typeof sinkRowSchema>;

export const inventoryRowSchema = z
  .object({
    node: z.string(),
    material: z.string(),
    period: periodText(),
    tonnes: tonnes('held at the end of the period'),
  })
  .meta({ id: 'InventoryRow' });
export type InventoryRow = z.infer<typeof inventoryRowSchema>;

export const stockpileRowSchema = z
  .object({
    stockpile: z.string(),
    period: periodText(),
    level: tonnes('level at the end of the period'),
  })
  .meta({ id: 'StockpileRow' });
export type StockpileRow = z.infer<typeof stockpileRowSchema>;

export const stockpileReleaseRowSchema = z
  .object({
    stockpile: z.string(),
    to: z.string().meta({ description: 'the member facility it is delivered to' }),
    period: periodText(),
    arrival: periodText(),
    tonnes: tonnes('released'),
  })
  .meta({ id: 'StockpileReleaseRow' });
export type StockpileReleaseRow = z.infer<typeof stockpileReleaseRowSchema>;

export const projectRowSchema = z
  .object({
    project: z.string(),
    built: z.boolean(),
    decision: z.string(),
    onlinePeriod: z.string().exactOptional().meta({ description: 'first period the project runs' }),
  })
  .meta({ id: 'PlanProjectRow' });
export type ProjectRow = z.infer<typeof projectRowSchema>;

const rowKind = z.enum(ROW_KINDS).meta({ description: 'what the constraint limits' });

export const dualRowSchema = z
  .object({
    kind: rowKind,
    id: z.string().meta({ description: 'the input id the constraint comes from' }),
    period: z.string().exactOptional(),
    value: z.number().meta({
      description: "USD per unit of the constraint's right-hand side: the value of one more unit",
    }),
    unit: z.string(),
    binding: z.boolean(),
  })
  .meta({ id: 'DualRow' });
export type DualRow = z.infer<typeof dualRowSchema>;

export const bindingConstraintSchema = z
  .object({
    kind: rowKind,
    id: z.string(),
    periods: z.array(z.string()),
    value: z.number().meta({ description: 'largest shadow price over those periods, USD per unit' }),
    message: z.string(),
  })
  .meta({ id: 'BindingConstraint' });
export type BindingConstraint = z.infer<typeof bindingConstraintSchema>;

export const costBreakdownSchema = z
  .object(
    Object.fromEntries(
      [...COST_CATEGORIES, 'total' as const].map((category) => [category, z.number()]),
    ) as Record<(typeof COST_CATEGORIES)[number] | 'total', z.ZodNumber>,
  )
  .meta({ id: 'CostBreakdown', description: 'USD over the horizon by category (sales are negative)' });
export type CostBreakdown = z.infer<typeof costBreakdownSchema>;

const objectiveKind = z.enum(['cost', 'emissions', 'dependence', 'weighted']) satisfies z.ZodType<
  Objective['kind']
>;

export const planResultSchema = z
  .object({
    status: z.enum(SOLVE_STATUSES),
    message: z.string().exactOptional(),
    model: z.string(),
    scenario: z.string().exactOptional(),
    objective: z.object({
      kind: objectiveKind,
      value: z.number().exactOptional(),
      jurisdiction: z.string().exactOptional(),
      tieBreak: z
        .object({
          kind: z.literal('cost'),
          tolerance: z.number().meta({ description: "how far from the objective's optimum the plan may be" }),
        })
        .exactOptional()
        .meta({
          description:
            'set when the objective leaves cost free (emissions, dependence): the plan is the least-cost one among the plans within `tolerance` of the optimum',
        }),
    }),
    periods: z.array(z.string()),
    costs: costBreakdownSchema,
    emissions: z.number().meta({
      unit: 'tCO2e',
      description: 'over the horizon (processes and shipments); equals `environment.total.emissions`',
    }),
    environment: planEnvironmentSchema.meta({
      description: 'energy, emissions, water and radioactive residue over the horizon, by country and stage',
    }),
    leastCost: leastCostComparisonSchema.exactOptional().meta({
      description:
        'for a plan that does not minimise cost: what it changes against the least-cost plan (set by `reeflow plan`)',
    }),
    activity: z.array(activityRowSchema),
    flows: z.array(flowRowSchema),
    production: z.array(productionRowSchema),
    elementProduction: z.array(elementProductionRowSchema),
    demand: z.array(demandRowSchema),
    shortfall: z.array(shortfallRowSchema),
    sinks: z.array(sinkRowSchema),
    inventories: z.array(inventoryRowSchema),
    stockpiles: z.array(stockpileRowSchema),
    releases: z.array(stockpileReleaseRowSchema).exactOptional().meta({
      description:
        'releases of pooled stockpiles (releaseTo) to member facilities; absent when the model has none',
    }),
    projects: z.array(projectRowSchema),
    duals: z.array(dualRowSchema),
    binding: z.array(bindingConstraintSchema),
    diagnosis: z.array(z.string()),
    stats: z.object({
      columns: z.number().int(),
      rows: z.number().int(),
      nonzeros: z.number().int(),
      integers: z.number().int(),
      solver: z.string(),
      buildSeconds: z.number(),
      solveSeconds: z.number(),
      assignSeconds: z.number(),
    }),
    inputsHash: z
      .string()
      .meta({ description: 'SHA-256 of the model as planned, so a result traces back to its inputs' }),
    version: z.string(),
  })
  .meta({ id: 'PlanResult', description: 'a plan: tables keyed by input ids, with units (docs/planner.md)' });
export type PlanResult = z.infer<typeof planResultSchema>;
