/** The risk metrics by name, and reading a request for some of them (CLI `--metric`, API `metric=`). */
import { toDidYouMean } from '../model/index.js';
import { RiskError } from './errors.js';

/** Metrics measured on one run's flows (a plan or a simulation): what the API answers. */
export const FLOW_METRICS = [
  'hhi',
  'shares',
  'import-reliance',
  'exposure',
  'paths',
  'supply-risk',
  'price-response',
] as const;

/** Every metric: the flow metrics and the what-ifs that re-plan the model (CLI). */
export const RISK_METRICS = [
  ...FLOW_METRICS,
  'vulnerability',
  'diversification',
  'time-to-diversify',
] as const;
export type RiskMetricName = (typeof RISK_METRICS)[number];

/**
 * The metrics asked for, or by default hhi, import reliance and supply risk (with exposure and
 * paths when a consumer is given). A name not in `allowed` is RISK_UNKNOWN_METRIC with the nearest
 * name; `elsewhere` says where other metrics are found.
 *
 * @example toMetricNames(['hhhi'], FLOW_METRICS, { consumer: false }) // throws "unknown metric 'hhhi'; did you mean 'hhi'?"
 */
export function toMetricNames<Name extends RiskMetricName>(
  asked: readonly string[] | undefined,
  allowed: readonly Name[],
  options: { consumer: boolean; elsewhere?: string },
): Name[] {
  const names = asked ?? [
    'hhi',
    'import-reliance',
    'supply-risk',
    ...(options.consumer ? ['exposure', 'paths'] : []),
  ];
  for (const name of names)
    if (!(allowed as readonly string[]).includes(name))
      throw new RiskError(
        'RISK_UNKNOWN_METRIC',
        `unknown metric '${name}'; ${toDidYouMean(name, allowed, 'metrics')}` +
          (options.elsewhere ? ` (${options.elsewhere})` : ''),
      );
  return names as Name[];
}
