/**
 * The PostgreSQL operate store (pg): for several users, sites and machines. Bulk appends are one
 * multi-row `INSERT … SELECT FROM unnest(arrays) ON CONFLICT DO NOTHING RETURNING id` statement,
 * so a batch of any size is one round trip and one transaction.
 */
import pg from 'pg';
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
  type TelemetryRow,
} from '../shared.js';

export interface PostgresStoreOptions {
  /** postgres://user@host:port/database (give the user explicitly). */
  connectionString: string;
  /** Schema to keep the tables in (created if missing; default public). */
  schema?: string;
  /** Pool size (default 8). */
  poolSize?: number;
  clock?: () => number;
}

const param = (index: number): string => `$${index}`;

/** A schema name safe to interpolate (letters, digits, underscore). */
function checkSchemaName(schema: string): string {
  if (!/^[a-z_][a-z0-9_]{0,62}$/.test(schema))
    throw new Error(`schema name '${schema}' must be lower-case letters, digits and '_'`);
  return schema;
}

/**
 * Whether an error says the connection was lost (the server shut it down or restarted, the socket
 * broke) rather than that the statement failed: 57P01-57P03, class 08, or a broken socket.
 */
export function isConnectionLost(error: unknown): boolean {
  const { code, message } = (error ?? {}) as { code?: unknown; message?: unknown };
  if (
    typeof code === 'string' &&
    (/^57P0[123]$/.test(code) || code.startsWith('08') || code === 'ECONNRESET' || code === 'EPIPE')
  )
    return true;
  return (
    typeof message === 'string' &&
    /Connection terminated|Client has encountered a connection error/.test(message)
  );
}

/**
 * Opens (and migrates) a PostgreSQL store.
 *
 * @example const store = await openPostgresStore({connectionString: 'postgres://postgres@127.0.0.1:5432/reeflow'})
 */
export async function openPostgresStore(options: PostgresStoreOptions): Promise<OperateStore> {
  const clock = options.clock ?? Date.now;
  const schema = checkSchemaName(options.schema ?? 'public');
  const pool = new pg.Pool({
    connectionString: options.connectionString,
    max: options.poolSize ?? 8,
    options: `-c search_path=${schema}`,
  });
  // An idle client losing its connection (a database restart) must not crash the process.
  pool.on('error', () => undefined);
  /**
   * A read, tried again on another connection when the first one turns out to be lost: after a
   * database restart the pool may still hold connections the server has closed, and the first
   * statement on each fails without having run. Writes are not repeated here (an append whose
   * commit went unanswered is re-sent by its client and recognised by id).
   */
  const poolSize = options.poolSize ?? 8;
  const read = async <R extends pg.QueryResultRow>(
    sql: string,
    params?: unknown[],
  ): Promise<pg.QueryResult<R>> => {
    // Every pooled connection may be a lost one: try at most one more time than the pool holds.
    for (let attempt = 0; ; attempt += 1) {
      try {
        return await pool.query<R>(sql, params);
      } catch (error) {
        if (!isConnectionLost(error) || attempt >= poolSize) throw error;
      }
    }
  };

  const migrate = async (): Promise<number> => {
    const client = await pool.connect();
    try {
      await client.query('BEGIN');
      await client.query("SELECT pg_advisory_xact_lock(hashtext('reeflow-migrate'))");
      await client.query(`CREATE SCHEMA IF NOT EXISTS ${schema}`);
      await client.query(
        'CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied BIGINT NOT NULL)',
      );
      const done = new Set(
        (await client.query<{ version: number }>('SELECT version FROM schema_migrations')).rows.map(
          (r) => r.version,
        ),
      );
      for (const migration of MIGRATIONS) {
        if (done.has(migration.version)) continue;
        await client.query(migration.postgres);
        await client.query('INSERT INTO schema_migrations (version, name, applied) VALUES ($1, $2, $3)', [
          migration.version,
          migration.name,
          clock(),
        ]);
      }
      const version =
        (await client.query<{ v: number | null }>('SELECT max(version) AS v FROM schema_migrations')).rows[0]
          ?.v ?? 0;
      await client.query('COMMIT');
      return version;
    } catch (error) {
      await client.query('ROLLBACK').catch(() => undefined);
      throw error;
    } finally {
      client.release();
    }
  };
  try {
    await migrate();
  } catch (error) {
    await pool.end().catch(() => undefined);
    throw error;
  }

  const append = async (
    events: readonly TelemetryEvent[],
    received: number,
    texts: readonly (string | undefined)[] | undefined,
  ): Promise<AppendResult> => {
    if (events.length === 0) return { inserted: 0, duplicates: [], stored: [] };
    const columns: unknown[][] = [[], [], [], [], [], [], [], []];
    for (let i = 0; i < events.length; i += 1) {
      const event = events[i] as TelemetryEvent;
      const row: TelemetryRow = toTelemetryRow(event, received, texts?.[i]);
      for (let c = 0; c < 8; c += 1) columns[c]?.push(row[c]);
    }
    const result = await pool.query<{ id: string }>(
      `INSERT INTO telemetry (id, facility, kind, time, series, value, received, payload)
       SELECT * FROM unnest($1::text[], $2::text[], $3::text[], $4::bigint[], $5::text[], $6::float8[], $7::bigint[], $8::text[])
       ON CONFLICT (id) DO NOTHING RETURNING id`,
      columns,
    );
    // RETURNING answers the stored keys (toStoredId), the first column.
    const fresh = new Set(result.rows.map((r) => r.id));
    const keys = columns[0] as string[];
    const duplicates: string[] = [];
    const stored: TelemetryEvent[] = [];
    events.forEach((event, i) => {
      // An id repeated within the batch is stored once: the first occurrence claims it.
      if (fresh.delete(keys[i] as string)) stored.push(event);
      else duplicates.push(event.id);
    });
    return { inserted: stored.length, duplicates, stored };
  };

  const stageSql = toProjectStageSql(param);
  return {
    capabilities: { engine: 'postgres', durable: true, shared: true },
    migrate,
    close: async () => {
      await pool.end();
    },
    telemetry: {
      append: (events, appendOptions) =>
        append(events, appendOptions?.received ?? clock(), appendOptions?.texts),
      query: async (query) => {
        const where = toWhere(query, param);
        const { rows } = await read<{ payload: string; received: string }>(
          `SELECT payload, received FROM telemetry ${where.sql} ORDER BY ${query.order === 'desc' ? 'time DESC, id DESC' : 'time, id'} LIMIT ${toLimit(query.limit)}`,
          where.params,
        );
        return rows.map((r): StoredEvent => ({
          event: JSON.parse(r.payload) as TelemetryEvent,
          received: Number(r.received),
        }));
      },
      count: async (query = {}) => {
        const where = toWhere(query, param);
        const { rows } = await read<{ n: string }>(
          `SELECT count(*) AS n FROM telemetry ${where.sql}`,
          where.params,
        );
        return Number(rows[0]?.n ?? 0);
      },
      aggregate: async (query) => {
        const { sql, params } = toAggregateSql(query, param);
        const { rows } = await read<{
          facility: string;
          series: string;
          bucket: string;
          n: string;
          s: number | null;
          mn: number | null;
          mx: number | null;
          av: number | null;
          latest: number | null;
          last_time: string;
        }>(sql, params);
        return rows.map((r): AggregateRow => ({
          facility: r.facility,
          series: r.series,
          bucket: Number(r.bucket),
          count: Number(r.n),
          sum: r.s,
          min: r.mn,
          max: r.mx,
          avg: r.av,
          last: r.latest,
          lastTime: Number(r.last_time),
        }));
      },
      lastSeen: async () => {
        const { rows } = await read<{ facility: string; kind: TelemetryKind; time: string }>(
          'SELECT facility, kind, max(time) AS time FROM telemetry GROUP BY facility, kind ORDER BY facility, kind',
        );
        return rows.map((r): LastSeenRow => ({ facility: r.facility, kind: r.kind, time: Number(r.time) }));
      },
      has: async (ids) =>
        findStoredIds(ids, async (keys) => {
          const { rows } = await read<{ id: string }>('SELECT id FROM telemetry WHERE id = ANY($1::text[])', [
            keys,
          ]);
          return new Set(rows.map((r) => r.id));
        }),
    },
    alerts: {
      save: async (alert) => {
        await pool.query(
          'INSERT INTO alerts (id, key, status, facility, acknowledged, last_time, body) VALUES ($1, $2, $3, $4, $5, $6, $7) ON CONFLICT (id) DO UPDATE SET status = excluded.status, acknowledged = excluded.acknowledged, last_time = excluded.last_time, body = excluded.body',
          toAlertColumns(alert),
        );
      },
      get: async (id) => {
        const { rows } = await read<{ body: string }>('SELECT body FROM alerts WHERE id = $1', [id]);
        return rows[0] ? (JSON.parse(rows[0].body) as Alert) : undefined;
      },
      list: async (query = {}) => {
        const where = toAlertWhere(query, param, 'bool');
        const { rows } = await read<{ body: string }>(
          `SELECT body FROM alerts ${where.sql} ORDER BY last_time DESC, id LIMIT ${toLimit(query.limit)}`,
          where.params,
        );
        return rows.map((r) => JSON.parse(r.body) as Alert);
      },
      addWebhook: async (webhook) => {
        await pool.query(
          'INSERT INTO webhooks (id, url, min_severity, created) VALUES ($1, $2, $3, $4) ON CONFLICT (id) DO UPDATE SET url = excluded.url, min_severity = excluded.min_severity',
          [webhook.id, webhook.url, webhook.minSeverity, webhook.created],
        );
      },
      removeWebhook: async (id) =>
        ((await pool.query('DELETE FROM webhooks WHERE id = $1', [id])).rowCount ?? 0) > 0,
      listWebhooks: async () => {
        const { rows } = await read<{
          id: string;
          url: string;
          min_severity: WebhookSubscription['minSeverity'];
          created: string;
        }>('SELECT id, url, min_severity, created FROM webhooks ORDER BY created, id');
        return rows.map((r): WebhookSubscription => ({
          id: r.id,
          url: r.url,
          minSeverity: r.min_severity,
          created: Number(r.created),
        }));
      },
    },
    projects: {
      save: async (record) => {
        await pool.query(stageSql.save, [
          record.model,
          record.project,
          record.status,
          record.statusSince,
          record.changed,
          record.by,
        ]);
      },
      list: async (model) => {
        const { rows } = await read<Parameters<typeof fromProjectStageRow>[0]>(
          stageSql.list(model !== undefined),
          model === undefined ? [] : [model],
        );
        return rows.map(fromProjectStageRow);
      },
    },
  };
}
