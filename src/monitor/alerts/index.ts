export {
  SEVERITIES,
  severityRank,
  alertSchema,
  alertChangeSchema,
  webhookSubscriptionSchema,
} from './types.js';
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
  evaluateEvent,
  evaluateMissingData,
  evaluatePlanDeviation,
  toFailureLimits,
} from './rules.js';
export type { AlertRule, AlertRuleInput } from './rules.js';
export { matchesSeries } from './rule-common.js';
export type { QualityMemory, EvaluateContext } from './rule-common.js';
export { thresholdRuleSchema } from './threshold-rule.js';
export type { ThresholdRule } from './threshold-rule.js';
export { planDeviationRuleSchema } from './plan-deviation-rule.js';
export type { PlanDeviationRule } from './plan-deviation-rule.js';
export { missingDataRuleSchema } from './missing-data-rule.js';
export type { MissingDataRule } from './missing-data-rule.js';
export { qualityRuleSchema } from './quality-rule.js';
export type { QualityRule } from './quality-rule.js';
export { maintenanceRuleSchema } from './maintenance-rule.js';
export type { MaintenanceRule } from './maintenance-rule.js';
export { createAlertBook, toAlertId } from './engine.js';
export type { AlertBook, AlertBookOptions } from './engine.js';
export { createWebhookNotifier } from './webhook.js';
export type { WebhookNotifierOptions, WebhookPayload } from './webhook.js';
