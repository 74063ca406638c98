/**
 * The webhook notifier: POSTs each alert change as JSON to every subscription at or above its
 * minimum severity, with retries. `fetch` and `sleep` are passed in (the domain does no I/O).
 */
import type { AlertNotifier } from '../ports.js';
import { severityRank, type AlertChange, type WebhookSubscription } from './types.js';

export interface WebhookNotifierOptions {
  /** The subscriptions at the time of each notification (read from the store). */
  subscriptions: () => Promise<WebhookSubscription[]>;
  fetch: (
    url: string,
    init: { method: 'POST'; headers: Record<string, string>; body: string; signal?: AbortSignal },
  ) => Promise<{ ok: boolean; status: number }>;
  sleep: (ms: number) => Promise<void>;
  /** Attempts per delivery (default 3), with 200 ms × 2^attempt between them. */
  attempts?: number;
  timeoutMs?: number;
}

/** The JSON body a webhook receives. */
export interface WebhookPayload {
  type: AlertChange['type'];
  alert: AlertChange['alert'];
  source: 'reeflow';
}

/**
 * Creates a notifier that posts changes to webhooks.
 *
 * @example createWebhookNotifier({subscriptions: () => store.alerts.listWebhooks(), fetch, sleep})
 */
export function createWebhookNotifier(options: WebhookNotifierOptions): AlertNotifier {
  const attempts = options.attempts ?? 3;
  const deliver = async (url: string, body: string): Promise<string | undefined> => {
    let error = 'not sent';
    for (let attempt = 0; attempt < attempts; attempt += 1) {
      if (attempt > 0) await options.sleep(200 * 2 ** (attempt - 1));
      try {
        const signal = options.timeoutMs === undefined ? undefined : AbortSignal.timeout(options.timeoutMs);
        const response = await options.fetch(url, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body,
          ...(signal ? { signal } : {}),
        });
        if (response.ok) return undefined;
        error = `HTTP ${response.status}`;
        if (response.status >= 400 && response.status < 500 && response.status !== 429) return error;
      } catch (cause) {
        error = cause instanceof Error ? cause.message : String(cause);
      }
    }
    return error;
  };
  return {
    notify: async (change) => {
      const targets = (await options.subscriptions()).filter(
        (w) => severityRank(change.alert.severity) >= severityRank(w.minSeverity),
      );
      const body = JSON.stringify({
        type: change.type,
        alert: change.alert,
        source: 'reeflow',
      } satisfies WebhookPayload);
      const results = await Promise.all(
        targets.map(async (w) => ({ target: w.url, error: await deliver(w.url, body) })),
      );
      return {
        delivered: results.filter((r) => r.error === undefined).length,
        failed: results.flatMap((r) => (r.error === undefined ? [] : [{ target: r.target, error: r.error }])),
      };
    },
  };
}
