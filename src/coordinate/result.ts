/**
 * What the coordinate layer answers with, declared once as zod: a project's pipeline position,
 * its appraisal and report row, and a capital allocation. Types are inferred (`z.infer`); the
 * server's answers and the OpenAPI document use the schemas.
 */
import { z } from 'zod';
import { issueSchema, PROJECT_STAGES } from '../model/index.js';

const usd = (description: string) => z.number().meta({ unit: 'USD', description });
const date = (description: string) => z.string().meta({ unit: 'YYYY-MM-DD', description });

export const stageTimingSchema = z
  .object({
    stage: z.enum(PROJECT_STAGES),
    days: z
      .number()
      .meta({ description: 'expected days in the stage (for the current stage: what remains)' }),
    expedited: z.boolean(),
    authority: z.string().exactOptional().meta({ description: 'who acts on it, as the model names them' }),
    jurisdiction: z.string().meta({ description: 'the jurisdiction whose authorities act on it' }),
    state: z.enum(['done', 'current', 'ahead']),
    start: date('expected start; absent for stages already done').exactOptional(),
    end: date('expected end; absent for stages already done').exactOptional(),
  })
  .meta({ id: 'StageTiming' });
export type StageTiming = z.infer<typeof stageTimingSchema>;

export const projectPipelineSchema = z
  .object({
    project: z.string(),
    status: z.enum(PROJECT_STAGES),
    jurisdiction: z.string().meta({ description: "the facility's jurisdiction" }),
    operator: z.string().exactOptional(),
    stages: z.array(stageTimingSchema),
    constructionStart: date('expected start of construction (absent once it has started)').exactOptional(),
    commissioning: date('expected date it starts operating; absent when it operates already').exactOptional(),
    daysToCommissioning: z
      .number()
      .meta({ description: 'days from the as-of date to commissioning (0 when operating)' }),
    overdueDays: z
      .number()
      .meta({ description: 'days the current stage has run past its expected duration' }),
    waitingFor: z
      .array(z.object({ project: z.string(), commissioning: z.string() }))
      .meta({ description: 'dependencies that hold construction back, with their commissioning dates' }),
  })
  .meta({
    id: 'ProjectPipeline',
    description: "a project's position in the permitting pipeline, with dates",
  });
export type ProjectPipeline = z.infer<typeof projectPipelineSchema>;

export const cashFlowSchema = z
  .object({
    year: z.number().meta({ description: 'years from the start of construction; may be fractional' }),
    amount: usd('the cash flow'),
  })
  .meta({ id: 'CashFlow' });
/** A cash flow at `year` (years from the start of construction; may be fractional), USD. */
export type CashFlow = z.infer<typeof cashFlowSchema>;

export const capitalSourceSchema = z.object({
  source: z.string(),
  kind: z.string(),
  amount: usd('capital from the source'),
  share: z.number().meta({ unit: 'fraction', description: "share of the project's capital" }),
  rate: z.number().meta({ unit: '1/yr', description: 'annual cost used in the blend' }),
  bears: z.array(z.string()),
});
export type CapitalSource = z.infer<typeof capitalSourceSchema>;

export const costOfCapitalSchema = z
  .object({
    rate: z.number().meta({
      unit: '1/yr',
      description:
        'amount-weighted annual cost of the capital sources, with any gap to capex at the fallback rate',
    }),
    raised: usd('capital raised (sources other than price floors)'),
    gap: usd('capex not covered by the sources (filled at the fallback rate)'),
    sources: z.array(capitalSourceSchema),
    issues: z.array(issueSchema),
  })
  .meta({ id: 'CostOfCapital' });
export type CostOfCapital = z.infer<typeof costOfCapitalSchema>;

export const projectCashFlowsSchema = z
  .object({
    flows: z.array(cashFlowSchema),
    volume: z.number().meta({
      unit: 't/yr',
      description:
        'reference flow the project adds and runs: added capacity × availability × utilisation (the plan’s, or given)',
    }),
    margin: z.number().meta({
      unit: 'USD/t',
      description: 'per t of reference flow: output value − input value − variable cost',
    }),
    online: z.number().meta({ description: 'year of first output (build time plus delay)' }),
    basis: z.enum(['plan', 'capacity', 'none']),
  })
  .meta({ id: 'ProjectCashFlows' });
export type ProjectCashFlows = z.infer<typeof projectCashFlowsSchema>;

const irr = z.number().exactOptional().meta({ unit: '1/yr', description: 'internal rate of return' });

export const appraisalSchema = z
  .object({
    project: z.string(),
    costOfCapital: costOfCapitalSchema,
    cashFlows: projectCashFlowsSchema,
    npv: usd('at the blended cost of capital, as of the start of construction'),
    irr,
    payback: z.number().exactOptional().meta({ unit: 'yr' }),
    discountedPayback: z.number().exactOptional().meta({ unit: 'yr' }),
    sensitivity: z.object({
      price: z.array(z.object({ factor: z.number(), npv: z.number(), irr })),
      delay: z.array(z.object({ months: z.number(), npv: z.number(), irr })),
    }),
  })
  .meta({ id: 'Appraisal', description: "a project's economics: cost of capital, cash flows, NPV, IRR" });
export type Appraisal = z.infer<typeof appraisalSchema>;

export const projectReportRowSchema = z
  .object({
    project: z.string(),
    name: z.string().exactOptional(),
    facility: z.string(),
    jurisdiction: z.string(),
    operator: z.string().exactOptional(),
    sponsor: z.string().exactOptional(),
    status: z.enum(PROJECT_STAGES),
    decision: z.string(),
    capex: usd('capital expenditure'),
    constructionStart: date('expected start of construction').exactOptional(),
    commissioning: date('expected commissioning').exactOptional(),
    daysToCommissioning: z.number(),
    overdueDays: z.number(),
    costOfCapital: z.number().meta({ unit: '1/yr' }),
    npv: usd('net present value'),
    irr,
    payback: z.number().exactOptional().meta({ unit: 'yr' }),
    volumeBasis: projectCashFlowsSchema.shape.basis,
  })
  .meta({ id: 'ProjectRow', description: 'one project: pipeline position, dates and economics' });
/** One project as `reeflow projects` and the API list it: pipeline position, dates and economics. */
export type ProjectReportRow = z.infer<typeof projectReportRowSchema>;

/** A project as the allocation names it: id, the model's name, and its pipeline stage. */
const allocatedProject = {
  project: z.string(),
  name: z.string().exactOptional(),
  status: z.enum(PROJECT_STAGES).meta({
    description: "pipeline stage; it does not decide funding: the project's `decision` does",
  }),
  npv: usd(
    'standalone NPV as the projects report gives it (its own cash flows at model prices); with one scenario only',
  ).exactOptional(),
};
const alone = z.number().meta({
  description:
    'how much the goal improves with this project (and its optional dependencies) built alone, against no optional project, goal units; differs from buys/wouldBuy when its value depends on the other projects',
});

export const chosenProjectSchema = z.object({
  ...allocatedProject,
  capex: usd('capital expenditure'),
  buys: z.number().meta({
    description: 'how much the goal worsens when this project alone is removed (others kept), goal units',
  }),
  alone,
});
export type ChosenProject = z.infer<typeof chosenProjectSchema>;

export const unfundedProjectSchema = z.object({
  ...allocatedProject,
  capex: usd('capital expenditure'),
  wouldBuy: z.number().meta({
    description: 'how much the goal would improve if this project were added to the portfolio, goal units',
  }),
  alone,
});
export type UnfundedProject = z.infer<typeof unfundedProjectSchema>;

export const allocationResultSchema = z
  .object({
    goal: z.string(),
    unit: z.string().meta({ description: 'USD, t REO, or t short, per the goal' }),
    currency: z
      .string()
      .meta({ description: "the model's currency (settings.currency): capex and USD goals" }),
    horizons: z
      .array(
        z.object({
          start: z.string(),
          periods: z.number().int(),
          step: z.enum(['month', 'quarter', 'year']),
        }),
      )
      .meta({
        description:
          'the plan horizon(s) the goal is measured over (a total over the horizon); one per distinct scenario horizon',
      }),
    budget: usd('a year over all projects').exactOptional(),
    funderBudgets: z.record(z.string(), z.number()).meta({ unit: 'USD', description: 'a year per funder' }),
    scenarios: z.array(z.string()),
    value: z.number().meta({ description: 'mean goal over the scenarios with the chosen portfolio' }),
    baseline: z.number().meta({ description: 'mean goal with no optional project built' }),
    chosen: z.array(chosenProjectSchema),
    unfunded: z.array(unfundedProjectSchema).meta({ description: 'unfunded optional projects, best first' }),
    nextBest: unfundedProjectSchema.exactOptional().meta({ description: 'the best unfunded project' }),
    fixed: z
      .array(z.object({ ...allocatedProject, decision: z.string() }))
      .meta({ description: "committed and excluded projects (not the allocation's to decide)" }),
    solves: z.number().int().meta({ description: 'plans solved' }),
    notes: z.array(z.string()),
    explanations: z.array(z.string()).meta({
      description:
        'sentences that explain the numbers: why the next best is unfunded, projects whose value depends on the others, projects under way that are unfunded',
    }),
  })
  .meta({
    id: 'AllocationResult',
    description: 'the portfolio of projects that best serves a goal within budgets',
  });
export type AllocationResult = z.infer<typeof allocationResultSchema>;
