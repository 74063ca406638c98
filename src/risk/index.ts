export type {
  Metric,
  MetricRow,
  FlowsView,
  ProductionRecord,
  ConsumptionRecord,
  ShipmentRecord,
  DeliveryRecord,
  StockRecord,
  SinkRecord,
  CapacityRecord,
} from './types.js';
export { metricSchema, metricRowSchema } from './types.js';
export { checkParty, createRiskNetwork, facilityInfo } from './network.js';
export { RISK_ERRORS, RiskError } from './errors.js';
export { FLOW_METRICS, RISK_METRICS, toMetricNames } from './metric-names.js';
export type { RiskMetricName } from './metric-names.js';
export type { RiskErrorCode } from './errors.js';
export type { RiskNetwork, FacilityInfo } from './network.js';
export { fromPlanResult } from './flows-view.js';
export { aggregate, bucket, DIMENSIONS, NONE } from './aggregate.js';
export type { Dimension, Group, Groupable } from './aggregate.js';
export { toProductionFacts } from './facts.js';
export type { ProductionFact } from './facts.js';
export { traceOrigins, describeSteps } from './exposure.js';
export type { OriginTrace, PathMix, PathStep, TraceOptions } from './exposure.js';
export { HOLDERS, supplyShares } from './metrics/shares.js';
export type { SharesOptions, ShareRow, Holder } from './metrics/shares.js';
export { herfindahl, concentration } from './metrics/hhi.js';
export type { HhiRow } from './metrics/hhi.js';
export { importReliance } from './metrics/import-reliance.js';
export type { ImportRelianceOptions, ImportRelianceRow } from './metrics/import-reliance.js';
export { exposure, exposurePaths, resolveConsumer, toConsumer } from './metrics/exposure.js';
export type { Consumer, ExposureOptions, ExposureRow, ExposurePathRow } from './metrics/exposure.js';
export { euSupplyRisk, hhiWgi, supplyRisk } from './metrics/supply-risk.js';
export type { SupplyRiskInputs, SupplyRiskOptions, SupplyRiskRow } from './metrics/supply-risk.js';
export {
  priceResponse,
  priceChange,
  DEFAULT_CHOKE,
  DEFAULT_ELASTICITIES,
  LOCAL_SHORTFALL,
} from './metrics/price-response.js';
export type { PriceResponseOptions, PriceResponseRow } from './metrics/price-response.js';
export { vulnerability } from './metrics/vulnerability.js';
export type { VulnerabilityOptions, VulnerabilityRow } from './metrics/vulnerability.js';
export {
  diversificationCost,
  diversificationMetricSchema,
  diversificationRowSchema,
} from './metrics/diversification-cost.js';
export type { DiversificationOptions, DiversificationRow } from './metrics/diversification-cost.js';
export { timeToDiversify } from './metrics/time-to-diversify.js';
export type { TimeToDiversifyOptions, TimeToDiversifyRow } from './metrics/time-to-diversify.js';
export { withPolicies, withProjects, replan } from './replan.js';
export type { ReplanOptions } from './replan.js';
export { compareMetric, compareMetrics, dimensionsOf, resultMetrics } from './compare.js';
export type { ComparisonRow } from './compare.js';
export { fromSimulation } from './from-simulation.js';
export {
  serviceMetrics,
  outputMetrics,
  runMetrics,
  toFlowsView,
  toComparableRun,
  compareRuns,
  isChanged,
  STATISTICS,
  SYSTEM,
} from './compare-runs.js';
export type { ComparableRun, RunComparison } from './compare-runs.js';
