/**
 * The ports the monitor reaches storage, transport and notification through. Adapters live in
 * the outer ring (src/store, src/server); every store adapter passes one conformance suite
 * (tests/store/conformance.ts).
 */
import type { TelemetryEvent, TelemetryKind } from './telemetry.js';
import type { Alert, AlertChange, WebhookSubscription } from './alerts/types.js';
import type { AggregateRow, StoreCapabilities, StoredEvent } from './telemetry-results.js';

export type { AggregateRow, StoreCapabilities, StoredEvent } from './telemetry-results.js';

/** Aggregation buckets, aligned to UTC. */
export const BUCKETS = { minute: 60_000, hour: 3_600_000, day: 86_400_000 } as const;
export type Bucket = keyof typeof BUCKETS;

/** Result of one append: which ids were new (stored now) and which had been stored before. */
export interface AppendResult {
  inserted: number;
  /** Ids already stored (re-delivered), in input order. Each input id is either inserted or here. */
  duplicates: string[];
  /** The events stored by this call (first delivery only), in input order. */
  stored: TelemetryEvent[];
}

export interface TelemetryQuery {
  facility?: string;
  kind?: TelemetryKind;
  series?: string;
  /** Inclusive lower bound on source time, epoch ms. */
  from?: number;
  /** Exclusive upper bound on source time, epoch ms. */
  to?: number;
  /** Most events to return (default 1000, at most 100000). */
  limit?: number;
  /** 'asc' (default): oldest first; 'desc': newest first. */
  order?: 'asc' | 'desc';
}

export interface AggregateQuery {
  kind: TelemetryKind;
  bucket: Bucket;
  from: number;
  to: number;
  facility?: string;
  series?: string;
}

export interface LastSeenRow {
  facility: string;
  kind: TelemetryKind;
  /** Latest source time, epoch ms. */
  time: number;
}

/** Options of `TelemetryStore.append`. */
export interface AppendOptions {
  /** When the events were received, epoch ms (default: the store's clock). */
  received?: number;
  /** The source text of each event from its parse result, index by index; undefined: serialise it. */
  texts?: readonly (string | undefined)[];
}

/** Append-only, idempotent telemetry storage, indexed by (facility, kind, time). */
export interface TelemetryStore {
  /**
   * Stores the events not stored before, in one transaction (all or none on failure). `texts[i]`,
   * when given, is the JSON text `events[i]` was parsed from (the parse result's `text`): stored as
   * is instead of serialising the event again.
   */
  append(events: readonly TelemetryEvent[], options?: AppendOptions): Promise<AppendResult>;
  query(query: TelemetryQuery): Promise<StoredEvent[]>;
  count(query?: Omit<TelemetryQuery, 'limit' | 'order'>): Promise<number>;
  aggregate(query: AggregateQuery): Promise<AggregateRow[]>;
  lastSeen(): Promise<LastSeenRow[]>;
  /** Which of these ids are stored. */
  has(ids: readonly string[]): Promise<Set<string>>;
}

export interface AlertQuery {
  status?: 'open' | 'resolved';
  acknowledged?: boolean;
  facility?: string;
  limit?: number;
}

/** Alerts and webhook subscriptions. */
export interface AlertStore {
  save(alert: Alert): Promise<void>;
  get(id: string): Promise<Alert | undefined>;
  list(query?: AlertQuery): Promise<Alert[]>;
  addWebhook(webhook: WebhookSubscription): Promise<void>;
  removeWebhook(id: string): Promise<boolean>;
  listWebhooks(): Promise<WebhookSubscription[]>;
}

/** A project's pipeline stage as changed through the API (issue 9), kept so it survives restarts. */
export interface ProjectStageRecord {
  /** Model id, e.g. two-base. */
  model: string;
  project: string;
  status: string;
  /** The day the project entered `status`, YYYY-MM-DD. */
  statusSince: string;
  /** When the change was made, epoch ms. */
  changed: number;
  /** Id of the token that made it. */
  by: string;
}

/** The current stage of each project moved through the API; the history is in the audit log. */
export interface ProjectStageStore {
  /** Records a project's stage, replacing the one recorded before. */
  save(record: ProjectStageRecord): Promise<void>;
  /** The recorded stages, of one model when given, ordered by model and project. */
  list(model?: string): Promise<ProjectStageRecord[]>;
}

/** The operate store: telemetry, alerts and project stages, behind one connection. */
export interface OperateStore {
  readonly capabilities: StoreCapabilities;
  readonly telemetry: TelemetryStore;
  readonly alerts: AlertStore;
  readonly projects: ProjectStageStore;
  /** Applies pending migrations; returns the schema version reached. */
  migrate(): Promise<number>;
  close(): Promise<void>;
}

/** Sends alert changes somewhere (webhooks, e-mail, a pager); failures are reported, not thrown. */
export interface AlertNotifier {
  notify(change: AlertChange): Promise<{ delivered: number; failed: { target: string; error: string }[] }>;
}

/** A clock: epoch milliseconds. */
export type Clock = () => number;
