/** Statistical process control: control charts, run rules, capability. Pure; no I/O. */
export { controlChart } from './chart.js';
export { CHART_KINDS } from './types.js';
export type {
  ChartData,
  ChartKind,
  ChartSeries,
  ControlChartOptions,
  ControlChartResult,
  FrozenLimits,
  PointRange,
} from './types.js';
export {
  evaluateRules,
  parseRules,
  ruleFlags,
  NELSON_RULES,
  WESTERN_ELECTRIC_RULES,
  RULE_DESCRIPTIONS,
} from './rules.js';
export type { RuleId, Violation } from './rules.js';
export { capability } from './capability.js';
export type { CapabilityIndex, CapabilityOptions, CapabilityResult, Specification } from './capability.js';
export { chartConstants } from './constants.js';
export type { ChartConstants } from './constants.js';
export { SpcError, SPC_ERRORS } from './errors.js';
export type { MonitorAnalyticsErrorCode } from './errors.js';
export { chiSquareQuantile, fQuantile, normalCdf, normalQuantile, median, mad } from './math.js';
