/** Alert values: what the rules raise, what people acknowledge, what webhooks receive. */

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
export interface AlertPoint {
  time: number;
  value: number;
  lot?: string;
}

export interface Acknowledgement {
  by: string;
  at: number;
  note?: string;
}

/** An alert: opened by a signal, repeated signals counted into it, closed when the condition clears. */
export interface Alert {
  id: string;
  key: string;
  rule: string;
  severity: Severity;
  status: 'open' | 'resolved';
  facility?: string;
  subject: string;
  message: string;
  value?: number;
  limit?: number;
  points?: AlertPoint[];
  leadHours?: number;
  firstTime: number;
  lastTime: number;
  /** Signals folded into this alert (1 when first raised). */
  count: number;
  acknowledged?: Acknowledgement;
  resolvedAt?: number;
}

export type AlertChangeType = 'raised' | 'repeated' | 'escalated' | 'acknowledged' | 'resolved';

/** A change worth telling someone about (SSE feed, webhooks, the store). */
export interface AlertChange {
  type: AlertChangeType;
  alert: Alert;
}

/** A webhook: POSTs every alert change at or above `minSeverity` as JSON to `url`. */
export interface WebhookSubscription {
  id: string;
  url: string;
  minSeverity: Severity;
  created: number;
}
