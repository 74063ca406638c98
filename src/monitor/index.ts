/** The monitor's public surface: telemetry, live state, plan against actual, alerts, ports. */
export {
  TELEMETRY_VERSION,
  TELEMETRY_KINDS,
  TELEMETRY_ERROR_CODES,
  MIN_TELEMETRY_TIME,
  MAX_TELEMETRY_TIME,
  MAX_EVENT_TONNES,
  MAX_READING,
  DEFAULT_MAX_FUTURE_MS,
  DEFAULT_MAX_EVENT_BYTES,
  telemetryEventSchema,
  productionEventSchema,
  inventoryEventSchema,
  shipmentEventSchema,
  assayEventSchema,
  sensorEventSchema,
  maintenanceEventSchema,
  validateTelemetry,
  parseTelemetryText,
  isPlainName,
  toSeries,
  toTelemetryJson,
  toTelemetryTopic,
  fromTelemetryTopic,
  toTelemetryJsonSchema,
} from './telemetry.js';
export type {
  TelemetryKind,
  TelemetryEvent,
  TelemetryEventInput,
  ProductionEvent,
  InventoryEvent,
  ShipmentEvent,
  AssayEvent,
  SensorEvent,
  MaintenanceEvent,
  TelemetryErrorCode,
  TelemetryRejection,
  TelemetryParseResult,
  TelemetryValidationOptions,
} from './telemetry.js';
export { createLiveState } from './state.js';
export { liveSnapshotSchema } from './live-snapshot.js';
export {
  aggregateRowSchema,
  ingestStatsSchema,
  storeCapabilitiesSchema,
  storedEventSchema,
} from './telemetry-results.js';
export type {
  LiveState,
  LiveSnapshot,
  LiveStateOptions,
  InventoryState,
  ThroughputState,
  ShipmentState,
  AssayState,
  SensorState,
  MaintenanceState,
} from './state.js';
export {
  MEASURES,
  summarizeActuals,
  comparePlanToActual,
  periodBounds,
  toPeriodLabel,
} from './plan-vs-actual.js';
export type { Measure, ActualRow, PlanVsActualRow, CompareOptions } from './plan-vs-actual.js';
export { planVsActualRowSchema } from './plan-vs-actual.js';
export { BUCKETS } from './ports.js';
export type {
  Bucket,
  StoredEvent,
  AppendResult,
  TelemetryQuery,
  AggregateQuery,
  AggregateRow,
  LastSeenRow,
  TelemetryStore,
  AlertQuery,
  AlertStore,
  StoreCapabilities,
  OperateStore,
  AlertNotifier,
  Clock,
  ProjectStageRecord,
  ProjectStageStore,
} from './ports.js';
export {
  SEVERITIES,
  severityRank,
  alertRuleSchema,
  alertSchema,
  alertChangeSchema,
  webhookSubscriptionSchema,
  thresholdRuleSchema,
  planDeviationRuleSchema,
  missingDataRuleSchema,
  qualityRuleSchema,
  maintenanceRuleSchema,
  matchesSeries,
  evaluateEvent,
  evaluateMissingData,
  evaluatePlanDeviation,
  createAlertBook,
  toAlertId,
  createWebhookNotifier,
  toFailureLimits,
} from './alerts/index.js';
export type {
  Severity,
  Signal,
  Alert,
  AlertChange,
  AlertChangeType,
  Acknowledgement,
  WebhookSubscription,
  AlertRule,
  AlertRuleInput,
  ThresholdRule,
  PlanDeviationRule,
  MissingDataRule,
  QualityRule,
  MaintenanceRule,
  QualityMemory,
  AlertBook,
  AlertBookOptions,
  WebhookNotifierOptions,
  WebhookPayload,
  EvaluateContext,
  AlertPoint,
} from './alerts/index.js';
export { createOperateService, DEAD_LETTER_PAYLOAD_CHARS, DEFAULT_DEAD_LETTERS } from './ingest.js';
export {
  BAD_BYTES,
  createLineSplitter,
  createJsonArraySplitter,
  createUtf8Decoder,
  parseDecodedEvent,
} from './telemetry-text.js';
export type {
  OperateService,
  OperateServiceOptions,
  IngestStats,
  OperateMessage,
  DeadLetter,
  DeadLetterInput,
} from './ingest.js';
export { toMeasuredModel } from './replan.js';
export type {
  MeasuredState,
  MeasuredInventory,
  MeasuredDowntime,
  MeasuredYield,
  ReplanChange,
  MeasuredModel,
} from './replan.js';
export { createTelemetrySimulator, SIMULATOR_FAULTS } from './telemetry-simulator.js';
export type { TelemetrySimulator, SimulatorOptions, SimulatorFault } from './telemetry-simulator.js';
export { qualityChart, toAnalyteSpec, QUALITY_CHARTS } from './quality.js';
export { qualityChartAnswerSchema } from './quality-answer.js';
export type { QualityChartAnswer } from './quality-answer.js';
export type {
  QualityChart,
  QualityChartKind,
  QualityChartOptions,
  QualityChartPoint,
  QualityPoint,
  QualityViolation,
} from './quality.js';
export {
  createAssetTracker,
  toFailurePredictions,
  toOutageOptions,
  toOutageProbabilities,
  assetHealthSchema,
} from './maintenance/index.js';
export type {
  AssetHealth,
  AssetTracker,
  AssetTrackerOptions,
  FailureLimit,
  RulEstimate,
  TagHealth,
  FailurePrediction,
} from './maintenance/index.js';
export { SpcError, SPC_ERRORS } from './spc/index.js';
