/**
 * The contract between predictive maintenance and the simulator: a predicted failure becomes an outage
 * probability per simulation period.
 *
 * Input: asset (facility, optional process), the probability P that it fails within `horizonDays`, and
 * optionally the alert's lead time (days from now until the failure window opens; default 0).
 * Assumption: a constant hazard inside the window, λ = −ln(1 − P)/horizon, zero before the lead time.
 * Output per period k of length Δ days starting at day s_k: the probability that the failure (hence an
 * outage) STARTS in that period, q_k = S(s_k) − S(s_k + Δ), S(t) = exp(−λ·max(0, t − lead)),
 * and the availability the simulator should expect: 1 − q_k·min(1, outageDays/Δ).
 * Σ q_k over the horizon equals P; probabilities beyond the horizon continue at the same hazard.
 */
import { SpcError } from '../spc/errors.js';

export interface FailurePrediction {
  facility: string;
  process?: string;
  /** Probability of failure within the horizon, in [0, 1]. */
  probability: number;
  horizonDays: number;
  /** Days until the failure window opens (the alert's lead time); default 0. */
  leadDays?: number;
}

export interface OutagePeriod {
  facility: string;
  process?: string;
  period: number;
  /** Probability that the outage starts in this period. */
  probability: number;
  /** Expected availability in the period (1 − probability × share of the period lost). */
  expectedAvailability: number;
}

/**
 * Turns one predicted failure into per-period outage probabilities for the simulator.
 *
 * @example toOutageProbabilities({ facility: 'baotou-sep', probability: 0.5, horizonDays: 30 }, { periodDays: 30, periods: 2, outageDays: 10 })
 * // period 0: 0.5, period 1: 0.25
 */
export function toOutageProbabilities(
  prediction: FailurePrediction,
  options: { periodDays: number; periods: number; outageDays?: number },
): OutagePeriod[] {
  const { probability: P, horizonDays: H } = prediction;
  const lead = prediction.leadDays ?? 0;
  if (!(P >= 0 && P <= 1))
    throw new SpcError('SPC_BAD_OPTION', `failure probability must be in [0, 1]; got ${P}`);
  if (
    !(H > 0) ||
    !(options.periodDays > 0) ||
    !(lead >= 0) ||
    !Number.isInteger(options.periods) ||
    options.periods < 0
  ) {
    throw new SpcError(
      'SPC_BAD_OPTION',
      'horizon and period length must be positive, lead time ≥ 0, periods a whole number',
    );
  }
  const lambda = P >= 1 ? Infinity : -Math.log(1 - P) / H;
  const survival = (t: number): number =>
    t <= lead ? 1 : lambda === Infinity ? 0 : Math.exp(-lambda * (t - lead));
  const lost = Math.min(1, (options.outageDays ?? options.periodDays) / options.periodDays);
  const out: OutagePeriod[] = [];
  for (let k = 0; k < options.periods; k++) {
    const q = survival(k * options.periodDays) - survival((k + 1) * options.periodDays);
    out.push({
      facility: prediction.facility,
      ...(prediction.process !== undefined ? { process: prediction.process } : {}),
      period: k,
      probability: q,
      expectedAvailability: 1 - q * lost,
    });
  }
  return out;
}
