/**
 * Why a daily simulation of a plan runs short where the plan does not: the plan balances each
 * period in aggregate, the simulation ships day by day. Its shortfall is split by when it falls —
 * before the first shipments can arrive, in the days the plan leaves unshipped before its horizon
 * ends, or in between, where monthly flows arrive in daily lumps — so a reader can tell timing
 * from a lack of supply.
 */
import type { MonteCarloResult } from './result.js';

/** Weeks at each end of the horizon counted as start-up and run-out. */
const EDGE_BUCKETS = 4;

export interface ShortfallTiming {
  /** t short (P50 run, approximate from weekly fill rates) in the first weeks, the last weeks, and in between. */
  start: number;
  end: number;
  between: number;
}

/** Tonnes short by timing, from each demand's median weekly fill rate and its even daily requirement. */
export function shortfallTiming(result: MonteCarloResult): ShortfallTiming {
  const timing: ShortfallTiming = { start: 0, end: 0, between: 0 };
  const { ends, demands } = result.series;
  const required = new Map(result.demands.map((d) => [d.demand, d.required]));
  for (const series of demands) {
    const perDay = (required.get(series.demand) ?? 0) / Math.max(1, result.days);
    series.fillRate.p50.forEach((fill, k) => {
      const days = (ends[k] ?? 0) - (k === 0 ? 0 : (ends[k - 1] ?? 0));
      const short = Math.max(0, 1 - fill) * perDay * days;
      if (k < EDGE_BUCKETS) timing.start += short;
      else if (k >= ends.length - EDGE_BUCKETS) timing.end += short;
      else timing.between += short;
    });
  }
  return timing;
}

/**
 * The sentence that explains a simulation's shortfall against a plan that has none (or less), or
 * undefined when the simulation is not short beyond the plan.
 *
 * @example explainAgainstPlan(result, 0, 35) // 'The plan this simulation follows has no shortfall, but …'
 */
export function explainAgainstPlan(
  result: MonteCarloResult,
  planShortfall: number,
  longestLeadDays: number,
): string | undefined {
  const simulated = result.system.tonnesShort.p50;
  if (!(simulated > planShortfall + 0.5)) return undefined;
  const { start, end, between } = shortfallTiming(result);
  const total = start + end + between;
  const share = (t: number): string => `${Math.round((t / Math.max(total, 1e-9)) * 100)}%`;
  const tonnes = (t: number): string => `${Math.round(t).toLocaleString('en-US')} t`;
  const plan = planShortfall > 0.5 ? `is short ${tonnes(planShortfall)}` : 'has no shortfall';
  return (
    `The plan this simulation follows ${plan}, but the day-by-day simulation is short ${tonnes(simulated)} (P50): ` +
    `the plan balances each period in aggregate, the simulation ships day by day. About ${share(start)} falls in the first ` +
    `${EDGE_BUCKETS} weeks, before shipments can arrive (it starts from the opening stocks and pipeline; routes take up to ` +
    `${Math.round(longestLeadDays)} d); ${share(end)} in the last ${EDGE_BUCKETS} weeks, where the plan ships nothing that ` +
    `would arrive after its horizon; ${share(between)} in between, where monthly flows arrive in lumps and ` +
    (result.allocation === 'plan'
      ? "the plan-guided allocation follows the plan's flows day by day."
      : `the ${result.allocation} allocation shares what arrives among the demands.`)
  );
}
