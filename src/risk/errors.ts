/** Coded errors of the risk layer; the CLI prints code and message, the server maps codes to HTTP. */
import { CodedError } from '../coded-error.js';

/** The risk layer's codes and what each means. */
export const RISK_ERRORS = {
  RISK_UNKNOWN_METRIC: 'A metric name is not one of the risk metrics (or not one this interface computes).',
  RISK_UNKNOWN_CONSUMER:
    'A consumer id is not a demand, a demand node, a jurisdiction or a bloc of the model.',
  RISK_UNKNOWN_PARTY: 'A jurisdiction or bloc asked for (through, by, a ban) is not in the model.',
  RISK_BLOC_UNSUPPORTED:
    'The metric cannot be measured by bloc: HHI needs holders that do not overlap, and a country is in several blocs.',
} as const;
export type RiskErrorCode = keyof typeof RISK_ERRORS;

/**
 * A coded error of the risk metrics.
 *
 * @example throw new RiskError('RISK_UNKNOWN_PARTY', "unknown jurisdiction or bloc 'XYZ'")
 */
export class RiskError extends CodedError<RiskErrorCode> {
  override readonly name = 'RiskError';
}
