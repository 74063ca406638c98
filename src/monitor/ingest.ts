/**
 * The operate service: one ingestion pipeline for every path in (HTTP, MQTT, CSV). Validates,
 * stores through the store port (idempotent by id), folds first deliveries into the live state,
 * runs the alert rules, persists alert changes and tells subscribers and the notifier. The clock,
 * the store and the notifier are passed in.
 */
import { createAlertBook, type AlertBook } from './alerts/engine.js';
import {
  evaluateEvent,
  evaluateMissingData,
  evaluatePlanDeviation,
  toFailureLimits,
  type AlertRule,
} from './alerts/rules.js';
import type { QualityMemory } from './alerts/rule-common.js';
import type { Specification } from '../model/index.js';
import { createAssetTracker, type AssetTracker, type AssetTrackerOptions } from './maintenance/assets.js';
import type { Alert, AlertChange } from './alerts/types.js';
import {
  createDeadLetterRing,
  DEFAULT_DEAD_LETTERS,
  type DeadLetter,
  type DeadLetterInput,
} from './dead-letters.js';
import type { PlanVsActualRow } from './plan-vs-actual.js';
import type { AlertNotifier, AppendResult, Clock, OperateStore } from './ports.js';
import { createLiveState, type LiveState } from './state.js';
import {
  parseTelemetryText,
  validateTelemetry,
  type TelemetryEvent,
  type TelemetryParseResult,
  type TelemetryRejection,
  type TelemetryValidationOptions,
} from './telemetry.js';
import type { IngestStats } from './telemetry-results.js';
import { definedFields } from '../defined-fields.js';

export type { IngestStats } from './telemetry-results.js';

export interface OperateServiceOptions {
  store: OperateStore;
  clock: Clock;
  /** Facility ids of the model; other facilities are rejected. Absent: any facility is accepted. */
  facilities?: ReadonlySet<string>;
  rules?: readonly AlertRule[];
  /** Persists the rules `setRules` is given before they apply (the serve hook writes `<data-dir>/alerts.yaml`). */
  saveRules?: (rules: readonly AlertRule[]) => Promise<void>;
  /** The model's quality specifications: spec limits of quality rules that give none. */
  specifications?: readonly Specification[];
  /** Asset health options (warm-up, anomaly threshold, trend length); failure limits come from maintenance rules' `predict`. */
  assets?: Omit<AssetTrackerOptions, 'failure'>;
  notifier?: AlertNotifier;
  maxFutureMs?: number;
  maxEventBytes?: number;
  /** Live-state throughput window, ms (default 24 h). */
  windowMs?: number;
  /** Reports failures that must not stop ingestion (a webhook that is down, a bug while validating one event). */
  onError?: (message: string, cause?: unknown) => void;
  /** Rejected messages kept as dead letters, the newest (default 100). */
  deadLetters?: number;
}

export { DEAD_LETTER_PAYLOAD_CHARS, DEFAULT_DEAD_LETTERS } from './dead-letters.js';
export type { DeadLetter, DeadLetterInput } from './dead-letters.js';

/** Options of `OperateService.evaluate`. */
export interface EvaluateOptions {
  /** Evaluate these facilities only (a caller scoped to them); default every facility. */
  facilities?: ReadonlySet<string>;
}

/** What subscribers (SSE feeds) receive. */
export type OperateMessage =
  | { type: 'alert'; change: AlertChange }
  | { type: 'stored'; count: number; facilities: string[]; time: number };

export interface OperateService {
  readonly live: LiveState;
  readonly stats: IngestStats;
  /** The rules in force (`setRules` replaces them). */
  readonly rules: readonly AlertRule[];
  /** Asset health (anomaly scores, trends, remaining life) from every sensor reading stored. */
  readonly assets: AssetTracker;
  /** The quality specifications quality rules judge against. */
  readonly specifications: readonly Specification[];
  /** Parses one event from JSON text; rejections are counted. */
  parseText(text: string): TelemetryParseResult;
  /** Validates one decoded event; rejections are counted. */
  validate(raw: unknown): TelemetryParseResult;
  /** Counts a rejection found outside `parseText`/`validate` (oversized, topic mismatch); `alreadyReceived` when parseText counted the event. */
  countRejection(rejection: TelemetryRejection, options?: { alreadyReceived?: boolean }): void;
  /** Keeps a rejected message in the bounded ring of dead letters (the oldest goes). */
  recordDeadLetter(input: DeadLetterInput): void;
  /** The dead letters kept, newest first, and how many the ring holds. */
  deadLetters(): { limit: number; letters: DeadLetter[] };
  /**
   * Stores valid events (one transaction), updates the live state and runs the alert rules.
   * `texts[i]` is the parse result's `text` of `events[i]`, when there is one (stored as is).
   */
  ingest(
    events: readonly TelemetryEvent[],
    options?: { texts?: readonly (string | undefined)[] },
  ): Promise<AppendResult>;
  /**
   * Periodic rules: missing data now, and plan deviation when a comparison is given; with
   * `facilities`, only signals about those facilities are raised, persisted and notified.
   */
  evaluate(planVsActual?: readonly PlanVsActualRow[], options?: EvaluateOptions): Promise<AlertChange[]>;
  acknowledge(id: string, by: string, note?: string): Promise<Alert | undefined>;
  /**
   * Replaces the rules in force without a restart: saves them first (nothing changes when that
   * fails), then resolves the open alerts of every rule removed or changed and forgets its chart
   * memory, so a changed rule judges afresh from the next evidence. Maintenance rules' failure
   * limits reach assets already tracked only at the next start.
   */
  setRules(rules: readonly AlertRule[]): Promise<AlertChange[]>;
  subscribe(listener: (message: OperateMessage) => void): () => void;
  /** Rebuilds the live state, chart memory and asset health from recent stored events and resumes open alerts. */
  restore(options?: { sinceMs?: number }): Promise<void>;
  /** Waits for pending alert saves and notifications. */
  drain(): Promise<void>;
}

/**
 * Creates the operate service over a store.
 *
 * @example const operate = createOperateService({store, clock: Date.now, facilities: new Set(model.facilities.map((f) => f.id))})
 */
export function createOperateService(options: OperateServiceOptions): OperateService {
  const { store, clock } = options;
  let rules = options.rules ?? [];
  const live = createLiveState(options.windowMs === undefined ? {} : { windowMs: options.windowMs });
  const book: AlertBook = createAlertBook();
  const memory: QualityMemory = new Map();
  const specifications = options.specifications ?? [];
  const assets = createAssetTracker({ ...options.assets, failure: toFailureLimits(rules) });
  const fold = (event: TelemetryEvent): void => {
    if (event.kind === 'sensor') assets.observe(event);
  };
  const listeners = new Set<(message: OperateMessage) => void>();
  const deadLetters = createDeadLetterRing(options.deadLetters ?? DEFAULT_DEAD_LETTERS, clock);
  const stats: IngestStats = {
    received: 0,
    stored: 0,
    duplicates: 0,
    rejected: 0,
    rejectedByCode: {},
    alertsRaised: 0,
  };
  const pending = new Set<Promise<unknown>>();
  const report = options.onError ?? (() => undefined);
  // One options object for every event (validation reads it and keeps nothing): only the clock changes.
  const validationOptions: TelemetryValidationOptions = {
    now: clock(),
    ...definedFields({
      facilities: options.facilities,
      maxFutureMs: options.maxFutureMs,
      maxEventBytes: options.maxEventBytes,
    }),
  };
  const validation = (): TelemetryValidationOptions => {
    validationOptions.now = clock();
    return validationOptions;
  };

  const publish = (message: OperateMessage): void => {
    for (const listener of listeners) {
      try {
        listener(message);
      } catch (error) {
        report('a live-feed subscriber failed', error);
      }
    }
  };
  const track = (promise: Promise<unknown>): void => {
    pending.add(promise);
    void promise.finally(() => pending.delete(promise));
  };
  const emit = async (changes: AlertChange[]): Promise<void> => {
    for (const change of changes) {
      if (change.type === 'raised') stats.alertsRaised += 1;
      await store.alerts.save(change.alert);
      publish({ type: 'alert', change });
      if (options.notifier) {
        track(
          options.notifier.notify(change).then(
            (result) => {
              for (const failure of result.failed)
                report(`webhook ${failure.target} failed: ${failure.error}`);
            },
            (error: unknown) => report('the alert notifier failed', error),
          ),
        );
      }
    }
  };
  /** Validation threw (a bug): the event is rejected with a code and the failure reported, never thrown on. */
  const internalFailure = (error: unknown): TelemetryParseResult => {
    report('validating a telemetry event failed; it is rejected as TELEMETRY_INTERNAL', error);
    return {
      ok: false,
      rejection: {
        code: 'TELEMETRY_INTERNAL',
        message: 'the server failed while validating this event; it was dropped and logged',
      },
    };
  };
  const count = (result: TelemetryParseResult): TelemetryParseResult => {
    stats.received += 1;
    if (!result.ok) {
      stats.rejected += 1;
      stats.rejectedByCode[result.rejection.code] = (stats.rejectedByCode[result.rejection.code] ?? 0) + 1;
    }
    return result;
  };

  return {
    live,
    stats,
    get rules() {
      return rules;
    },
    assets,
    specifications,
    parseText: (text) => {
      try {
        return count(parseTelemetryText(text, validation()));
      } catch (error) {
        return count(internalFailure(error));
      }
    },
    validate: (raw) => {
      try {
        return count(validateTelemetry(raw, validation()));
      } catch (error) {
        return count(internalFailure(error));
      }
    },
    countRejection: (rejection, countOptions = {}) => {
      if (countOptions.alreadyReceived !== true) stats.received += 1;
      stats.rejected += 1;
      stats.rejectedByCode[rejection.code] = (stats.rejectedByCode[rejection.code] ?? 0) + 1;
    },
    recordDeadLetter: (input) => deadLetters.record(input),
    deadLetters: () => deadLetters.list(),
    ingest: async (events, ingestOptions = {}) => {
      const result = await store.telemetry.append(events, {
        received: clock(),
        ...definedFields({ texts: ingestOptions.texts }),
      });
      stats.stored += result.inserted;
      stats.duplicates += result.duplicates.length;
      if (result.stored.length === 0) return result;
      live.applyAll(result.stored);
      const facilities = new Set<string>();
      const changes: AlertChange[] = [];
      const now = clock();
      for (const event of result.stored) {
        facilities.add(event.facility);
        fold(event);
        if (rules.length === 0) continue;
        for (const signal of evaluateEvent(rules, event, { now, memory, specifications, assets })) {
          const change = book.apply(signal);
          if (change) changes.push(change);
        }
      }
      publish({ type: 'stored', count: result.stored.length, facilities: [...facilities], time: now });
      if (changes.length > 0) await emit(changes);
      return result;
    },
    evaluate: async (planVsActual, evaluateOptions = {}) => {
      const now = clock();
      const only = evaluateOptions.facilities;
      const signals = [
        ...evaluateMissingData(rules, live.lastSeen(), now),
        ...(planVsActual ? evaluatePlanDeviation(rules, planVsActual, now) : []),
      ].filter(
        (signal) => only === undefined || (signal.facility !== undefined && only.has(signal.facility)),
      );
      const changes = signals.flatMap((signal) => {
        const change = book.apply(signal);
        return change ? [change] : [];
      });
      await emit(changes);
      return changes;
    },
    acknowledge: async (id, by, note) => {
      const now = clock();
      const change = book.acknowledge(id, by, now, note);
      if (change) {
        await emit([change]);
        return change.alert;
      }
      const stored = await store.alerts.get(id);
      if (!stored) return undefined;
      const alert: Alert = {
        ...stored,
        acknowledged: { by, at: now, ...definedFields({ note }) },
      };
      await emit([{ type: 'acknowledged', alert }]);
      return alert;
    },
    setRules: async (next) => {
      await options.saveRules?.(next);
      const kept = new Map(next.map((rule) => [rule.id, JSON.stringify(rule)]));
      const gone = new Set(
        rules.filter((rule) => kept.get(rule.id) !== JSON.stringify(rule)).map((rule) => rule.id),
      );
      rules = next;
      for (const key of memory.keys()) if (gone.has(key.slice(0, key.indexOf('|')))) memory.delete(key);
      const now = clock();
      const changes = book
        .open()
        .filter((alert) => gone.has(alert.rule))
        .flatMap((alert) => {
          const how = kept.has(alert.rule) ? 'changed' : 'removed';
          const change = book.apply({
            rule: alert.rule,
            key: alert.key,
            severity: alert.severity,
            active: false,
            time: now,
            subject: alert.subject,
            message: `rule '${alert.rule}' was ${how}`,
            ...definedFields({ facility: alert.facility }),
          });
          return change ? [change] : [];
        });
      await emit(changes);
      return changes;
    },
    subscribe: (listener) => {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    restore: async (restoreOptions = {}) => {
      book.restore(await store.alerts.list({ status: 'open', limit: 100_000 }));
      const from = clock() - (restoreOptions.sinceMs ?? 7 * 86_400_000);
      // Newest first, so a long history still restores the latest inventories, assays and readings.
      const recent = await store.telemetry.query({ from, limit: 100_000, order: 'desc' });
      const events = recent.reverse().map((s) => s.event);
      live.applyAll(events);
      // Replaying the same events rebuilds the chart memory and the anomaly scorers; their signals are dropped
      // (the open alerts came back from the store above and resolve on the next live evidence).
      for (const event of events) {
        fold(event);
        if (rules.length > 0 && (event.kind === 'assay' || event.kind === 'sensor'))
          evaluateEvent(rules, event, { now: clock(), memory, specifications, assets });
      }
    },
    drain: async () => {
      while (pending.size > 0) await Promise.allSettled([...pending]);
    },
  };
}
