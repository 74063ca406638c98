/** Alert values: what the rules raise, what people acknowledge, what webhooks receive. */
import { z } from 'zod';

export const SEVERITIES = ['info', 'warning', 'critical'] as const;
export type Severity = (typeof SEVERITIES)[number];

/** Orders severities: info < warning < critical. */
export function severityRank(severity: Severity): number {
  return SEVERITIES.indexOf(severity);
}

/** What one rule says about one subject at one time; `active: false` clears an open alert. */
export interface Signal {
  rule: string;
  /** De-duplication key: one open alert per key. */
  key: string;
  severity: Severity;
  active: boolean;
  /** Epoch ms of the evidence (event time, or the clock for periodic rules). */
  time: number;
  facility?: string;
  /** What the alert is about: a series, an asset, a period. */
  subject: string;
  message: string;
  value?: number;
  limit?: number;
  /** The observations behind it, e.g. the assays that make a run-rule pattern. */
  points?: AlertPoint[];
  /** Predicted hours until the failure (maintenance alerts): the alert's lead time. */
  leadHours?: number;
}

/** One observation behind an alert. */
export const alertPointSchema = z.object({
  time: z.number().meta({ unit: 'epoch ms' }),
  value: z.number(),
  lot: z.string().exactOptional(),
});
export type AlertPoint = z.infer<typeof alertPointSchema>;

export const acknowledgementSchema = z.object({
  by: z.string(),
  at: z.number().meta({ unit: 'epoch ms' }),
  note: z.string().exactOptional(),
});
export type Acknowledgement = z.infer<typeof acknowledgementSchema>;

/** An alert: opened by a signal, repeated signals counted into it, closed when the condition clears. */
export const alertSchema = z
  .object({
    id: z.string(),
    key: z.string().meta({ description: 'de-duplication key: one open alert per key' }),
    rule: z.string(),
    severity: z.enum(SEVERITIES),
    status: z.enum(['open', 'resolved']),
    facility: z.string().exactOptional(),
    subject: z.string().meta({ description: 'what the alert is about: a series, an asset, a period' }),
    message: z.string(),
    value: z.number().exactOptional(),
    limit: z.number().exactOptional(),
    points: z
      .array(alertPointSchema)
      .exactOptional()
      .meta({ description: 'the observations behind it, e.g. the assays that make a run-rule pattern' }),
    leadHours: z
      .number()
      .exactOptional()
      .meta({ unit: 'h', description: 'predicted hours until the failure (maintenance alerts)' }),
    firstTime: z.number().meta({ unit: 'epoch ms' }),
    lastTime: z.number().meta({ unit: 'epoch ms' }),
    count: z.number().int().meta({ description: 'signals folded into this alert (1 when first raised)' }),
    acknowledged: acknowledgementSchema.exactOptional(),
    resolvedAt: z.number().exactOptional().meta({ unit: 'epoch ms' }),
  })
  .meta({ id: 'Alert', description: 'an alert raised by a rule, with its evidence and status' });
export type Alert = z.infer<typeof alertSchema>;

export const ALERT_CHANGE_TYPES = ['raised', 'repeated', 'escalated', 'acknowledged', 'resolved'] as const;
export type AlertChangeType = (typeof ALERT_CHANGE_TYPES)[number];

/** A change worth telling someone about (SSE feed, webhooks, the store). */
export const alertChangeSchema = z
  .object({ type: z.enum(ALERT_CHANGE_TYPES), alert: alertSchema })
  .meta({ id: 'AlertChange' });
export type AlertChange = z.infer<typeof alertChangeSchema>;

/** A webhook: POSTs every alert change at or above `minSeverity` as JSON to `url`. */
export const webhookSubscriptionSchema = z
  .object({
    id: z.string(),
    url: z.string(),
    minSeverity: z.enum(SEVERITIES),
    created: z.number().meta({ unit: 'epoch ms' }),
  })
  .meta({ id: 'WebhookSubscription' });
export type WebhookSubscription = z.infer<typeof webhookSubscriptionSchema>;
