/**
 * Cost of diversification: re-plan while a share cap on one jurisdiction tightens (100%, 80%, …,
 * 0% of a consumer's supply of the elements) and report the cost curve; a step is infeasible
 * when the cap can only be met by leaving demand unserved (new projects excluded by default).
 */
import { z } from 'zod';
import type { Model } from '../../model/index.js';
import { checkParty, createRiskNetwork } from '../network.js';
import { replan, withPolicies, withProjects, type ReplanOptions } from '../replan.js';
import { metricSchema, type Metric } from '../types.js';

export interface DiversificationOptions extends ReplanOptions {
  consumer: { jurisdiction?: string; demands?: readonly string[] };
  through: string;
  elements: readonly string[];
  /** Stage counted by the share cap (see the share-cap policy). */
  stage?: string;
  /** Caps to try, largest first. Default 1, 0.8, 0.6, 0.4, 0.2, 0. */
  steps?: readonly number[];
  /** 'excluded' (default): without new projects; 'as-is': the planner may build them. */
  projects?: 'excluded' | 'as-is';
  /** Called after each step is planned (steps done, steps in all), for progress displays. */
  onStep?: (done: number, total: number) => void;
}

/** One step of the curve: the plan made under one cap. */
export const diversificationRowSchema = z
  .object({
    maxShare: z.number().meta({
      description:
        "cap on the share of the consumer's supply of the elements coming directly from `through`, 0–1",
    }),
    status: z.string().meta({ description: "the plan's solver status" }),
    supplyCost: z
      .number()
      .meta({ description: 'cost of supply, USD over the horizon (unmet-demand value excluded)' }),
    costIncrease: z.number().meta({ description: 'increase over the first step, USD' }),
    shortfall: z.number().meta({ description: 't of demand unmet' }),
    feasible: z.boolean().meta({ description: 'planned optimal with all demand met' }),
    binds: z.boolean().meta({
      description:
        'whether the cap binds (has a shadow price): a cap that does not leaves the plan as it was',
    }),
    value: z.number().meta({ description: 'costIncrease' }),
  })
  .meta({ id: 'DiversificationRow' });
export type DiversificationRow = z.infer<typeof diversificationRowSchema>;

/** The curve over JSON: a metric whose rows are `DiversificationRow`s. */
export const diversificationMetricSchema = metricSchema
  .extend({ values: z.array(diversificationRowSchema) })
  .meta({
    id: 'DiversificationCost',
    description: 'the cost curve of a tightening share cap (docs/risk.md)',
  });

/**
 * The cost curve of a tightening share cap.
 *
 * @example await diversificationCost(model, { solver, consumer: { jurisdiction: 'JP' }, through: 'CN', elements: ['NdPr'] })
 */
export async function diversificationCost(
  model: Model,
  options: DiversificationOptions,
): Promise<Metric<DiversificationRow>> {
  checkParty(createRiskNetwork(model), options.through, 'through');
  const steps = options.steps ?? [1, 0.8, 0.6, 0.4, 0.2, 0];
  const base = withProjects(model, options.projects ?? 'excluded');
  const values: DiversificationRow[] = [];
  let first: number | undefined;
  for (const maxShare of steps) {
    const policy = {
      id: 'risk-diversification',
      kind: 'share-cap',
      consumer: {
        ...(options.consumer.jurisdiction ? { jurisdiction: options.consumer.jurisdiction } : {}),
        ...(options.consumer.demands ? { demands: [...options.consumer.demands] } : {}),
      },
      through: options.through,
      elements: [...options.elements],
      maxShare,
      ...(options.stage ? { stage: options.stage } : {}),
    };
    const result = await replan(withPolicies(base, [policy]), options);
    const supplyCost = result.costs.total - result.costs.unmet;
    first ??= supplyCost;
    const shortfall = result.shortfall.reduce((a, s) => a + s.tonnes, 0);
    const feasible = result.status === 'optimal' && shortfall <= 1e-6;
    const binds = result.binding.some((b) => b.kind === 'share-cap' && b.id === policy.id);
    values.push({
      maxShare,
      status: result.status,
      supplyCost,
      costIncrease: supplyCost - first,
      shortfall,
      feasible,
      binds,
      value: supplyCost - first,
    });
    options.onStep?.(values.length, steps.length);
  }
  return {
    name: 'diversification-cost',
    unit: 'USD',
    description: `cost increase as the share through ${options.through} is capped`,
    notes: diversificationNotes(values, options.through),
    values,
  };
}

/** Which caps do not bind and why, and what a fall in cost means once demand goes unmet. */
function diversificationNotes(rows: readonly DiversificationRow[], through: string): string[] {
  const percent = (share: number): string => `${Math.round(share * 100)}%`;
  const loose = rows.filter((r) => !r.binds && r.maxShare < 1);
  const short = rows.filter((r) => !r.feasible);
  const notes: string[] = [];
  if (loose.length > 0)
    notes.push(
      `the cap does not bind at ${loose.map((r) => percent(r.maxShare)).join(', ')}: the consumer's direct supply from ${through} ` +
        'is already below it there, so the plan does not change (the cap counts the direct suppliers of the consumer; ' +
        'exposure counts every upstream stage, so it can stay higher)',
    );
  if (short.length > 0)
    notes.push(
      `at ${short.map((r) => percent(r.maxShare)).join(', ')} the cap can only be met by leaving demand unserved ` +
        '(short, t): supply cost then falls because less is bought, so a negative increase is not a saving',
    );
  return notes;
}
