/** Every failure the SPC and maintenance analytics report, so callers map codes, not messages. */
import { CodedError } from '../../coded-error.js';

/** The SPC and maintenance codes and what each means. */
export const SPC_ERRORS = {
  SPC_NON_FINITE: 'A value is NaN or infinite where a finite number is required.',
  SPC_TOO_FEW_POINTS: 'Too few points (or subgroups) to estimate limits or fit a model.',
  SPC_ZERO_VARIANCE: 'The reference data has zero spread, so sigma (and every limit) would be zero.',
  SPC_BAD_SUBGROUP: 'Subgroups are too small for the chart (x̄-R and x̄-S need n ≥ 2) or sizes are missing.',
  SPC_BAD_COUNTS: 'Counts or sample sizes are negative, non-integer, or a count exceeds its sample size.',
  SPC_BAD_RANGE: 'A phase I range is empty or outside the data.',
  SPC_BAD_RULE: 'An unknown run rule or rule set.',
  SPC_BAD_SPEC: 'A specification has LSL ≥ USL or neither limit.',
  SPC_BAD_OPTION: 'An option is out of range (λ outside (0, 1], L ≤ 0, …).',
  SPC_UNSORTED: 'Timestamps are not strictly increasing.',
  SPC_BAD_SHAPE: 'Rows have different numbers of columns where a matrix is expected.',
} as const;
export type MonitorAnalyticsErrorCode = keyof typeof SPC_ERRORS;

/**
 * A coded error from monitor/spc or monitor/maintenance: bad input is reported, never computed into a silent wrong limit.
 *
 * @example throw new SpcError('SPC_ZERO_VARIANCE', 'all 20 phase I values equal 3.2; sigma would be 0');
 */
export class SpcError extends CodedError<MonitorAnalyticsErrorCode> {
  override readonly name = 'SpcError';
}
