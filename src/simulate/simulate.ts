/**
 * A simulator for one model and options: compiles the network, picks the allocation policy,
 * runs the undisrupted warm-up once, then runs replications from that state. Every replication
 * is a pure function of (model, options, plan, seed, run index).
 */
import type { Model } from '../model/core.js';
import { checkOptionRefs, parseSimulationOptions, SimulationError } from './errors.js';
import { createDisruptions } from './disruptions/index.js';
import type { RunContext } from './disruptions/types.js';
import { runUntil, type KernelSettings } from './kernel.js';
import { compileNetwork, type Network } from './network.js';
import type { SimulationOptions, SimulationOptionsInput } from './options.js';
import type { PlanFlows } from './plan-flows.js';
import { createPlanGuidedPolicy } from './policies/plan-guided.js';
import { createPriorityPolicy } from './policies/priority.js';
import { createProRataPolicy } from './policies/pro-rata.js';
import { withOfftakes } from './policies/offtakes.js';
import type { AllocationPolicy } from './policies/types.js';
import { createRandom, deriveSeed } from '../random.js';
import { createState, finishTrace, restoreState, type KernelState, type Trace } from './state.js';

export { toPlanFlows } from './plan-flows.js';
export type { PlanFlows } from './plan-flows.js';

/** Everything a replication depends on; plain data, so it crosses worker threads and job queues. */
export interface SimulationSetup {
  model: Model;
  options: SimulationOptionsInput;
  plan?: PlanFlows;
}

/** One replication's outcome, keyed by position in the network's demand and stockpile lists. */
export interface RunSummary {
  run: number;
  seed: number;
  /** Random numbers the run drew (outages, closures, licences, surges): 0 when no seed could change it. */
  randomDraws: number;
  required: number[];
  served: number[];
  daysShort: number[];
  /** Days from the first day below the recovery threshold to the day after the last; 0 if never below. */
  timeToRecover: number[];
  /** False when a demand is still below the threshold on the last day (time to recover is censored). */
  recovered: boolean[];
  stockMin: number[];
  /**
   * Time series, one value per bucket (a week; `Network.bucketEnds`): the fill rate within each
   * bucket over every demand (served ÷ required in that bucket, not cumulative; 1 when nothing was
   * required), …
   */
  fillSeries: number[];
  /** … the same per demand (demand-major: demand × buckets + bucket), … */
  demandFillSeries: number[];
  /** … and each stockpile's level at each bucket's end (stockpile × buckets + bucket), t. */
  stockSeries: number[];
  events: Record<string, number>;
  /** initial + produced − consumed − delivered − sunk − final, t; zero up to rounding. */
  imbalance: number;
  /** Scale of the ledger (initial + produced), for a relative check. */
  throughput: number;
}

export interface Simulator {
  net: Network;
  options: SimulationOptions;
  policy: AllocationPolicy;
  /** Runs replication `run` of master seed `seed`; `trace` keeps every movement for the invariant check. */
  run(run: number, seed: number, options?: { trace?: boolean }): RunSummary & { trace?: Trace };
}

function choosePolicy(
  net: Network,
  options: SimulationOptions,
  plan: PlanFlows | undefined,
): AllocationPolicy {
  const kind = options.allocation ?? (plan ? 'plan' : 'pro-rata');
  const cover = options.coverDays / net.stepDays;
  if (kind === 'plan') {
    if (!plan)
      throw new SimulationError(
        'SIM_NO_PLAN',
        "allocation 'plan' needs a plan result; plan the model first or choose 'pro-rata' or 'priority'",
      );
    return createPlanGuidedPolicy(net, plan);
  }
  return kind === 'priority'
    ? createPriorityPolicy(net, cover, options.priority)
    : createProRataPolicy(cover);
}

function total(values: Float64Array): number {
  let sum = 0;
  for (const v of values) sum += v;
  return sum;
}

function summarize(
  net: Network,
  st: KernelState,
  run: number,
  seed: number,
  events: Record<string, number>,
): Omit<RunSummary, 'randomDraws'> {
  const m = st.metrics;
  const last = net.steps - 1;
  const final = total(st.onHand) + total(st.stock) + total(st.inTransit);
  return {
    run,
    seed,
    required: [...m.required],
    served: [...m.served],
    daysShort: [...m.daysShort],
    timeToRecover: net.demands.map((_, i) => {
      const first = m.firstBelow[i] ?? -1;
      return first < 0 ? 0 : ((m.lastBelow[i] ?? first) - first + 1) * net.stepDays;
    }),
    recovered: net.demands.map((_, i) => (m.lastBelow[i] ?? -1) < last),
    stockMin: [...m.stockMin],
    fillSeries: [...m.fillSeries],
    demandFillSeries: [...m.demandFillSeries],
    stockSeries: [...m.stockSeries],
    events,
    imbalance: m.initial + m.produced - m.consumed - m.delivered - m.sunk - final,
    throughput: m.initial + m.produced,
  };
}

/**
 * Creates a simulator. Throws SimulationError (SIM_BAD_OPTION, SIM_UNKNOWN_ID, SIM_NO_PLAN) on bad input.
 *
 * @example
 * const sim = createSimulator(model, { days: 365, outages: { rate: 0.5 } }, planResult);
 * const summary = sim.run(0, 42);
 */
export function createSimulator(
  model: Model,
  input: SimulationOptionsInput = {},
  plan?: PlanFlows,
): Simulator {
  const options = parseSimulationOptions(input);
  checkOptionRefs(model, options);
  const net = compileNetwork(model, options);
  const policy = withOfftakes(net, choosePolicy(net, options, plan));
  const settings: KernelSettings = {
    policy,
    coverSteps: options.coverDays / net.stepDays,
    threshold: options.recoveryThreshold,
  };
  const warm = createState(net);
  runUntil(net, warm, settings, [], net.warmupSteps);
  const disruptions = createDisruptions();
  // One run state, reset from the warm-up state at each run (runs are synchronous and summaries copy what they keep).
  const scratch = createState(net);
  return {
    net,
    options,
    policy,
    run(run, seed, runOptions = {}) {
      const runSeed = deriveSeed(seed, run);
      const st = restoreState(net, warm, scratch, runOptions.trace === true);
      const context: RunContext = {
        net,
        options,
        seed: runSeed,
        windows: [],
        events: {},
        draws: 0,
        random(stream) {
          const source = createRandom(deriveSeed(runSeed, stream));
          return {
            next: () => {
              context.draws += 1;
              return source.next();
            },
          };
        },
      };
      const runs = disruptions.flatMap((d) => d.start(context) ?? []);
      runUntil(net, st, settings, runs, net.warmupSteps + net.steps);
      finishTrace(net, st);
      const summary = { ...summarize(net, st, run, seed, context.events), randomDraws: context.draws };
      return st.trace ? { ...summary, trace: st.trace } : summary;
    },
  };
}
