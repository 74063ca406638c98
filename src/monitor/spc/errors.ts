/** Every failure the SPC and maintenance analytics report, so callers map codes, not messages. */
export type MonitorAnalyticsErrorCode =
  /** A value is NaN or infinite where a finite number is required. */
  | 'SPC_NON_FINITE'
  /** Too few points (or subgroups) to estimate limits or fit a model. */
  | 'SPC_TOO_FEW_POINTS'
  /** The reference data has zero spread, so sigma (and every limit) would be zero. */
  | 'SPC_ZERO_VARIANCE'
  /** Subgroups are too small for the chart (x̄-R and x̄-S need n ≥ 2) or sizes are missing. */
  | 'SPC_BAD_SUBGROUP'
  /** Counts or sample sizes are negative, non-integer, or a count exceeds its sample size. */
  | 'SPC_BAD_COUNTS'
  /** A phase I range is empty or outside the data. */
  | 'SPC_BAD_RANGE'
  /** An unknown run rule or rule set. */
  | 'SPC_BAD_RULE'
  /** A specification has LSL ≥ USL or neither limit. */
  | 'SPC_BAD_SPEC'
  /** An option is out of range (λ outside (0, 1], L ≤ 0, …). */
  | 'SPC_BAD_OPTION'
  /** Timestamps are not strictly increasing. */
  | 'SPC_UNSORTED'
  /** Rows have different numbers of columns where a matrix is expected. */
  | 'SPC_BAD_SHAPE';

/**
 * A coded error from monitor/spc or monitor/maintenance: bad input is reported, never computed into a silent wrong limit.
 *
 * @example throw new SpcError('SPC_ZERO_VARIANCE', 'all 20 phase I values equal 3.2; sigma would be 0');
 */
export class SpcError extends Error {
  override readonly name = 'SpcError';
  readonly code: MonitorAnalyticsErrorCode;

  constructor(code: MonitorAnalyticsErrorCode, message: string) {
    super(message);
    this.code = code;
  }
}
