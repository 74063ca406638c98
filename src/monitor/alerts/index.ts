export { SEVERITIES, severityRank } from './types.js';
export type {
  Severity,
  Signal,
  Alert,
  AlertChange,
  AlertChangeType,
  Acknowledgement,
  WebhookSubscription,
  AlertPoint,
} from './types.js';
export {
  alertRuleSchema,
  thresholdRuleSchema,
  planDeviationRuleSchema,
  missingDataRuleSchema,
  qualityRuleSchema,
  maintenanceRuleSchema,
  matchesSeries,
  evaluateEvent,
  evaluateMissingData,
  evaluatePlanDeviation,
  toFailureLimits,
} from './rules.js';
export type {
  AlertRule,
  AlertRuleInput,
  ThresholdRule,
  PlanDeviationRule,
  MissingDataRule,
  QualityRule,
  MaintenanceRule,
  QualityMemory,
  EvaluateContext,
} from './rules.js';
export { createAlertBook, toAlertId } from './engine.js';
export type { AlertBook, AlertBookOptions } from './engine.js';
export { createWebhookNotifier } from './webhook.js';
export type { WebhookNotifierOptions, WebhookPayload } from './webhook.js';
