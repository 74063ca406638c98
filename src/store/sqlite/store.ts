/**
 * The SQLite operate store (better-sqlite3, WAL): the default, nothing to install. One file,
 * `<dataDir>/reeflow.db`. Appends run in one transaction each; a committed append survives a
 * crash of the process (WAL with synchronous=NORMAL; FULL also survives power loss). WAL
 * checkpoints run in a worker thread (./checkpointer.ts), so commits stay short.
 */
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import type {
  AggregateRow,
  Alert,
  AppendResult,
  LastSeenRow,
  OperateStore,
  StoredEvent,
  TelemetryEvent,
  TelemetryKind,
  WebhookSubscription,
} from '../../monitor/index.js';
import { MIGRATIONS } from '../migrations/index.js';
import { startCheckpointer } from './checkpointer.js';
import {
  findStoredIds,
  fromProjectStageRow,
  toAggregateSql,
  toAlertColumns,
  toAlertWhere,
  toLimit,
  toProjectStageSql,
  toTelemetryRow,
  toWhere,
} from '../shared.js';

export interface SqliteStoreOptions {
  /** Folder for `reeflow.db` (created if missing); or give `file`. */
  dataDir?: string;
  /** Database file path, or ':memory:'. */
  file?: string;
  /** 'full' also survives power loss (an fsync per commit). Default 'normal'. */
  synchronous?: 'normal' | 'full';
  /** 'worker' (default): WAL checkpoints in a worker thread, off the event loop; 'commit': SQLite's own, inside commits. */
  checkpoints?: 'worker' | 'commit';
  clock?: () => number;
}

interface AggregateSqlRow {
  facility: string;
  series: string;
  bucket: number;
  n: number;
  s: number | null;
  mn: number | null;
  mx: number | null;
  av: number | null;
  latest: number | null;
  last_time: number;
}

const param = (): string => '?';

/**
 * Opens (and migrates) a SQLite store.
 *
 * @example const store = openSqliteStore({dataDir: '.reeflow'}); await store.telemetry.append(events)
 */
export function openSqliteStore(options: SqliteStoreOptions): OperateStore {
  const clock = options.clock ?? Date.now;
  let file = options.file;
  if (file === undefined) {
    const dir = options.dataDir ?? '.reeflow';
    mkdirSync(dir, { recursive: true });
    file = join(dir, 'reeflow.db');
  }
  const db = new Database(file);
  db.pragma('journal_mode = WAL');
  db.pragma(`synchronous = ${options.synchronous === 'full' ? 'FULL' : 'NORMAL'}`);
  db.pragma('busy_timeout = 5000');
  db.pragma('cache_size = -65536');

  const migrate = (): number => {
    db.exec(
      'CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied INTEGER NOT NULL)',
    );
    const done = new Set(
      (db.prepare('SELECT version FROM schema_migrations').all() as { version: number }[]).map(
        (r) => r.version,
      ),
    );
    for (const migration of MIGRATIONS) {
      if (done.has(migration.version)) continue;
      db.transaction(() => {
        db.exec(migration.sqlite);
        db.prepare('INSERT INTO schema_migrations (version, name, applied) VALUES (?, ?, ?)').run(
          migration.version,
          migration.name,
          clock(),
        );
      })();
    }
    return (
      (db.prepare('SELECT max(version) AS v FROM schema_migrations').get() as { v: number | null }).v ?? 0
    );
  };
  migrate();
  const checkpointer =
    file === ':memory:' || options.checkpoints === 'commit' ? undefined : startCheckpointer(db, { file });

  const insert = db.prepare(
    'INSERT INTO telemetry (id, facility, kind, time, series, value, received, payload) VALUES (?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (id) DO NOTHING',
  );
  const appendAll = db.transaction(
    (
      events: readonly TelemetryEvent[],
      received: number,
      texts: readonly (string | undefined)[] | undefined,
    ): AppendResult => {
      const duplicates: string[] = [];
      const stored: TelemetryEvent[] = [];
      for (let i = 0; i < events.length; i += 1) {
        const event = events[i] as TelemetryEvent;
        const row = toTelemetryRow(event, received, texts?.[i]);
        if (insert.run(row[0], row[1], row[2], row[3], row[4], row[5], row[6], row[7]).changes === 1)
          stored.push(event);
        else duplicates.push(event.id);
      }
      return { inserted: stored.length, duplicates, stored };
    },
  );
  const saveAlert = db.prepare(
    'INSERT INTO alerts (id, key, status, facility, acknowledged, last_time, body) VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT (id) DO UPDATE SET status = excluded.status, acknowledged = excluded.acknowledged, last_time = excluded.last_time, body = excluded.body',
  );

  const stageSql = toProjectStageSql(param);

  const store: OperateStore = {
    capabilities: { engine: 'sqlite', durable: file !== ':memory:', shared: false },
    migrate: async () => migrate(),
    close: async () => {
      await checkpointer?.stop();
      if (db.open) db.close();
    },
    telemetry: {
      append: async (events, appendOptions) =>
        appendAll(events, appendOptions?.received ?? clock(), appendOptions?.texts),
      query: async (query) => {
        const where = toWhere(query, param);
        const rows = db
          .prepare(
            `SELECT payload, received FROM telemetry ${where.sql} ORDER BY ${query.order === 'desc' ? 'time DESC, id DESC' : 'time, id'} LIMIT ${toLimit(query.limit)}`,
          )
          .all(...where.params) as { payload: string; received: number }[];
        return rows.map((r): StoredEvent => ({
          event: JSON.parse(r.payload) as TelemetryEvent,
          received: r.received,
        }));
      },
      count: async (query = {}) => {
        const where = toWhere(query, param);
        return (
          db.prepare(`SELECT count(*) AS n FROM telemetry ${where.sql}`).get(...where.params) as { n: number }
        ).n;
      },
      aggregate: async (query) => {
        const { sql, params } = toAggregateSql(query, param);
        return (db.prepare(sql).all(...params) as AggregateSqlRow[]).map((r): AggregateRow => ({
          facility: r.facility,
          series: r.series,
          bucket: r.bucket,
          count: r.n,
          sum: r.s,
          min: r.mn,
          max: r.mx,
          avg: r.av,
          last: r.latest,
          lastTime: r.last_time,
        }));
      },
      lastSeen: async () =>
        (
          db
            .prepare(
              'SELECT facility, kind, max(time) AS time FROM telemetry GROUP BY facility, kind ORDER BY facility, kind',
            )
            .all() as { facility: string; kind: TelemetryKind; time: number }[]
        ).map((r): LastSeenRow => ({ facility: r.facility, kind: r.kind, time: r.time })),
      has: async (ids) =>
        findStoredIds(ids, async (keys) => {
          const select = db.prepare('SELECT id FROM telemetry WHERE id = ?').pluck();
          return new Set(keys.filter((key) => select.get(key) !== undefined));
        }),
    },
    alerts: {
      save: async (alert) => {
        const [id, key, status, facility, acknowledged, lastTime, body] = toAlertColumns(alert);
        saveAlert.run(id, key, status, facility, acknowledged ? 1 : 0, lastTime, body);
      },
      get: async (id) => {
        const row = db.prepare('SELECT body FROM alerts WHERE id = ?').get(id) as
          { body: string } | undefined;
        return row ? (JSON.parse(row.body) as Alert) : undefined;
      },
      list: async (query = {}) => {
        const where = toAlertWhere(query, param, 'int');
        const rows = db
          .prepare(
            `SELECT body FROM alerts ${where.sql} ORDER BY last_time DESC, id LIMIT ${toLimit(query.limit)}`,
          )
          .all(...where.params) as { body: string }[];
        return rows.map((r) => JSON.parse(r.body) as Alert);
      },
      addWebhook: async (webhook) => {
        db.prepare(
          'INSERT INTO webhooks (id, url, min_severity, created) VALUES (?, ?, ?, ?) ON CONFLICT (id) DO UPDATE SET url = excluded.url, min_severity = excluded.min_severity',
        ).run(webhook.id, webhook.url, webhook.minSeverity, webhook.created);
      },
      removeWebhook: async (id) => db.prepare('DELETE FROM webhooks WHERE id = ?').run(id).changes > 0,
      listWebhooks: async () =>
        (
          db.prepare('SELECT id, url, min_severity, created FROM webhooks ORDER BY created, id').all() as {
            id: string;
            url: string;
            min_severity: WebhookSubscription['minSeverity'];
            created: number;
          }[]
        ).map((r): WebhookSubscription => ({
          id: r.id,
          url: r.url,
          minSeverity: r.min_severity,
          created: r.created,
        })),
    },
    projects: {
      save: async (record) => {
        db.prepare(stageSql.save).run(
          record.model,
          record.project,
          record.status,
          record.statusSince,
          record.changed,
          record.by,
        );
      },
      list: async (model) =>
        (
          db
            .prepare(stageSql.list(model !== undefined))
            .all(...(model === undefined ? [] : [model])) as Parameters<typeof fromProjectStageRow>[0][]
        ).map(fromProjectStageRow),
    },
  };
  return store;
}
