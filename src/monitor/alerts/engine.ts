/**
 * The alert book: folds signals into alerts with de-duplication (one open alert per key),
 * escalation, acknowledgement and resolution. Pure state; the caller persists and publishes
 * the changes it returns.
 */
import { severityRank, type Alert, type AlertChange, type Signal } from './types.js';
import { definedFields } from '../../defined-fields.js';

export interface AlertBookOptions {
  /** A repeated signal is reported as a change at most this often per alert, ms (default 60 s). */
  repeatIntervalMs?: number;
}

export interface AlertBook {
  /** Applies one signal; returns the change worth reporting, if any. */
  apply(signal: Signal): AlertChange | undefined;
  /** Acknowledges an open alert; undefined for unknown or resolved ones (acknowledge those in the store). */
  acknowledge(id: string, by: string, at: number, note?: string): AlertChange | undefined;
  get(id: string): Alert | undefined;
  open(): Alert[];
  /** Restores alerts read back from a store (open ones resume de-duplication). */
  restore(alerts: Iterable<Alert>): void;
}

/** A stable id from the de-duplication key and first time (FNV-1a, 64 bits as two halves). */
export function toAlertId(key: string, firstTime: number): string {
  const text = `${key}@${firstTime}`;
  let a = 0x811c9dc5;
  let b = 0x01000193 ^ 0x5bd1e995;
  for (let i = 0; i < text.length; i += 1) {
    const c = text.charCodeAt(i);
    a = Math.imul(a ^ c, 0x01000193) >>> 0;
    b = Math.imul(b ^ c, 0x5bd1e995) >>> 0;
  }
  return `al-${a.toString(16).padStart(8, '0')}${b.toString(16).padStart(8, '0')}`;
}

/**
 * Creates an empty alert book.
 *
 * @example const book = createAlertBook(); const change = book.apply(signal); if (change) publish(change)
 */
export function createAlertBook(options: AlertBookOptions = {}): AlertBook {
  const repeatInterval = options.repeatIntervalMs ?? 60_000;
  const byId = new Map<string, Alert>();
  const openByKey = new Map<string, Alert>();
  const reported = new Map<string, number>();

  const snapshot = (alert: Alert): Alert => ({
    ...alert,
    ...(alert.acknowledged ? { acknowledged: { ...alert.acknowledged } } : {}),
  });

  const apply = (signal: Signal): AlertChange | undefined => {
    const current = openByKey.get(signal.key);
    if (!signal.active) {
      if (!current) return undefined;
      current.status = 'resolved';
      current.resolvedAt = signal.time;
      current.lastTime = Math.max(current.lastTime, signal.time);
      openByKey.delete(signal.key);
      byId.delete(current.id);
      reported.delete(current.id);
      return { type: 'resolved', alert: snapshot(current) };
    }
    if (!current) {
      const alert: Alert = {
        id: toAlertId(signal.key, signal.time),
        key: signal.key,
        rule: signal.rule,
        severity: signal.severity,
        status: 'open',
        subject: signal.subject,
        message: signal.message,
        firstTime: signal.time,
        lastTime: signal.time,
        count: 1,
        ...definedFields({
          facility: signal.facility,
          value: signal.value,
          limit: signal.limit,
          points: signal.points,
          leadHours: signal.leadHours,
        }),
      };
      byId.set(alert.id, alert);
      openByKey.set(alert.key, alert);
      reported.set(alert.id, signal.time);
      return { type: 'raised', alert: snapshot(alert) };
    }
    current.count += 1;
    current.lastTime = Math.max(current.lastTime, signal.time);
    current.message = signal.message;
    if (signal.value !== undefined) current.value = signal.value;
    if (signal.limit !== undefined) current.limit = signal.limit;
    if (signal.points !== undefined) current.points = signal.points;
    if (signal.leadHours !== undefined) current.leadHours = signal.leadHours;
    if (severityRank(signal.severity) > severityRank(current.severity)) {
      current.severity = signal.severity;
      // A worse condition needs a fresh look, even if someone acknowledged the milder one.
      delete current.acknowledged;
      reported.set(current.id, signal.time);
      return { type: 'escalated', alert: snapshot(current) };
    }
    const last = reported.get(current.id) ?? -Infinity;
    if (signal.time - last < repeatInterval) return undefined;
    reported.set(current.id, signal.time);
    return { type: 'repeated', alert: snapshot(current) };
  };

  return {
    apply,
    acknowledge: (id, by, at, note) => {
      const alert = byId.get(id);
      if (!alert) return undefined;
      alert.acknowledged = { by, at, ...definedFields({ note }) };
      return { type: 'acknowledged', alert: snapshot(alert) };
    },
    get: (id) => {
      const alert = byId.get(id);
      return alert ? snapshot(alert) : undefined;
    },
    open: () => [...openByKey.values()].map(snapshot),
    restore: (alerts) => {
      for (const alert of alerts) {
        const copy = snapshot(alert);
        byId.set(copy.id, copy);
        if (copy.status === 'open') openByKey.set(copy.key, copy);
      }
    },
  };
}
