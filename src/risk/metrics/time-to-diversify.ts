/**
 * Time to diversify: with the model's expansion projects and their build times, the first period
 * from which a consumer's dependence on a jurisdiction (the exposure share at any stage, or at one
 * stage) stays below a target to the end of the horizon. A dip that does not last (a first month
 * served from pipeline stock) does not count; when dependence is at or above the target in the last
 * period received, the target is not reached within the horizon (−1). By default every optional project is committed (built as early as
 * its earliest start and build time allow) and the plan minimises the t REO shipped out of the
 * jurisdiction (the planner's `dependence` objective, which still serves demand first), so the
 * answer is the earliest the projects can make it; 'plan' keeps the cost plan's own choices.
 * Periods in which the consumer receives nothing have no row.
 */
import { expandElements, type Model } from '../../model/index.js';
import type { PlanResult } from '../../plan/index.js';
import { traceOrigins } from '../exposure.js';
import { fromPlanResult } from '../flows-view.js';
import { checkParty, createRiskNetwork } from '../network.js';
import { replan, withProjects, type ReplanOptions } from '../replan.js';
import { describeSteps } from '../exposure.js';
import type { Metric, MetricRow } from '../types.js';
import { resolveConsumer, type Consumer } from './exposure.js';

export interface TimeToDiversifyOptions extends ReplanOptions {
  consumer: Consumer;
  through: string;
  elements: readonly string[];
  /** Dependence to fall below, 0–1. */
  target: number;
  /** 'any' (default) or a stage. */
  stage?: string;
  /** 'build-all' (default): commit every optional project and minimise dependence; 'plan': the cost plan's choices. */
  projects?: 'build-all' | 'plan';
  /** A plan to read instead of re-planning. */
  result?: PlanResult;
}

export interface TimeToDiversifyRow extends MetricRow {
  element: string;
  period: string;
  dependence: number;
  belowTarget: boolean;
  /**
   * Periods from the start of the horizon to the first period from which dependence stays below the
   * target (−1: not reached within the horizon).
   */
  value: number;
}

/**
 * Dependence per period and the first period under the target.
 *
 * @example await timeToDiversify(model, { solver, consumer: { jurisdiction: 'US' }, through: 'CN', elements: ['NdPr'], target: 0.5 })
 */
export async function timeToDiversify(
  model: Model,
  options: TimeToDiversifyOptions,
): Promise<Metric<TimeToDiversifyRow>> {
  const buildAll = (options.projects ?? 'build-all') === 'build-all';
  const planned = withProjects(model, buildAll ? 'committed' : 'as-is');
  const network = createRiskNetwork(planned);
  checkParty(network, options.through, 'through');
  const result =
    options.result ??
    (await replan(planned, {
      ...options,
      planOptions: {
        ...(options.planOptions ?? {}),
        ...(buildAll ? { objective: { kind: 'dependence' as const, jurisdiction: options.through } } : {}),
      },
    }));
  const view = fromPlanResult(result, network);
  const trace = traceOrigins(view, network, { elements: options.elements });
  const { demands } = resolveConsumer(network, options.consumer);
  const stage = options.stage ?? 'any';
  const values: TimeToDiversifyRow[] = [];
  const notReached: string[] = [];
  for (const name of options.elements) {
    const rows: TimeToDiversifyRow[] = [];
    view.periods.forEach((period, t) => {
      let total = 0;
      let through = 0;
      for (const element of expandElements([name])) {
        for (const [path, tonnes] of trace.received(demands, element, new Set([t]))) {
          total += tonnes;
          const steps = describeSteps(trace.steps(path), network);
          if (
            steps.some(
              (s) =>
                (stage === 'any' || s.stage === stage) &&
                network.tree.within(s.jurisdiction, options.through),
            )
          )
            through += tonnes;
        }
      }
      if (!(total > 0)) return;
      const dependence = through / total;
      rows.push({ element: name, period, dependence, belowTarget: dependence < options.target, value: 0 });
    });
    const first = firstSustainedBelow(rows);
    for (const r of rows) r.value = first === undefined ? -1 : view.periods.indexOf(first);
    if (first === undefined && rows.length > 0) notReached.push(name);
    values.push(...rows);
  }
  const last = view.periods[view.periods.length - 1];
  const notes =
    notReached.length === 0
      ? []
      : [
          `${notReached.join(', ')}: dependence on ${options.through} is not below ${formatPercent(options.target)} ` +
            `for good by ${last}, so the target is not reached within the horizon (periods −1). ` +
            'Projects that take longer to build show in a scenario with a longer horizon (e.g. --scenario outlook-2032 on data/world).',
        ];
  return {
    name: 'time-to-diversify',
    unit: 'periods',
    description: `periods until dependence on ${options.through} stays below ${formatPercent(options.target)}`,
    ...(notes.length > 0 ? { notes } : {}),
    values,
  };
}

/** The period of the first row from which every later row is below the target, if the last one is. */
function firstSustainedBelow(rows: readonly TimeToDiversifyRow[]): string | undefined {
  let first: string | undefined;
  for (const row of rows) first = row.belowTarget ? (first ?? row.period) : undefined;
  return first;
}

function formatPercent(share: number): string {
  return `${Math.round(share * 1000) / 10}%`;
}
