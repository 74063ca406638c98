import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openPostgresStore } from '../../src/store/index.js';
import { isConnectionLost } from '../../src/store/postgres/store.js';
import { describeStoreConformance, sensor, T0 } from './conformance.js';
import { POSTGRES_URL, dropSchema, postgresReachable, uniqueSchema } from './services.js';

const reachable = await postgresReachable();
const schemas: string[] = [];
const fresh = (): string => {
  const schema = uniqueSchema();
  schemas.push(schema);
  return schema;
};
afterAll(async () => {
  if (reachable) for (const schema of schemas) await dropSchema(schema);
});

describeStoreConformance(
  'PostgreSQL',
  async () => openPostgresStore({ connectionString: POSTGRES_URL, schema: fresh() }),
  { skip: () => !reachable },
);

describe.skipIf(!reachable)('PostgreSQL store specifics', () => {
  const schema = fresh();
  beforeAll(async () => {
    const store = await openPostgresStore({ connectionString: POSTGRES_URL, schema });
    await store.telemetry.append([sensor('x1', T0, 1)]);
    await store.close();
  });

  it('keeps telemetry append-only: UPDATE and DELETE are refused by a trigger', async () => {
    const client = new pg.Client({ connectionString: POSTGRES_URL, options: `-c search_path=${schema}` });
    await client.connect();
    try {
      await expect(client.query("UPDATE telemetry SET value = 2 WHERE id = 'x1'")).rejects.toThrow(
        /append-only/,
      );
      await expect(client.query("DELETE FROM telemetry WHERE id = 'x1'")).rejects.toThrow(/append-only/);
    } finally {
      await client.end();
    }
  });

  it('migrates concurrently opened stores once', async () => {
    const [a, b] = await Promise.all([
      openPostgresStore({ connectionString: POSTGRES_URL, schema }),
      openPostgresStore({ connectionString: POSTGRES_URL, schema }),
    ]);
    expect(await a.migrate()).toBe(2);
    expect(await b.telemetry.count()).toBe(1);
    await Promise.all([a.close(), b.close()]);
  });

  it('answers reads on connections the server closed while they sat in the pool (a database restart)', async () => {
    const applicationName = `reeflow_lost_${process.pid}`;
    const store = await openPostgresStore({
      connectionString: `${POSTGRES_URL}?application_name=${applicationName}`,
      schema,
    });
    const admin = new pg.Client({ connectionString: POSTGRES_URL });
    await admin.connect();
    try {
      // Three idle connections in the pool.
      await Promise.all([store.telemetry.count(), store.telemetry.count(), store.telemetry.count()]);
      // The server closes them in 200 ms while this thread is blocked, so the pool has not yet seen them go.
      const terminated = admin.query(
        'SELECT pg_sleep(0.2), pg_terminate_backend(pid) FROM pg_stat_activity WHERE application_name = $1',
        [applicationName],
      );
      Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 800);
      expect(await store.telemetry.count()).toBe(1);
      expect((await terminated).rowCount).toBe(3);
      expect(await store.telemetry.has(['x1'])).toEqual(new Set(['x1']));
    } finally {
      await admin.end();
      await store.close();
    }
  });
});

describe('isConnectionLost', () => {
  it('tells a lost connection from a failed statement', () => {
    expect(
      ['57P01', '57P02', '57P03', '08006', '08003', 'ECONNRESET', 'EPIPE'].map((code) =>
        isConnectionLost({ code }),
      ),
    ).toEqual([true, true, true, true, true, true, true]);
    expect(isConnectionLost(new Error('Connection terminated unexpectedly'))).toBe(true);
    expect(
      ['23505', '42P01', '40001', undefined].map((code) =>
        isConnectionLost({ code, message: 'duplicate key' }),
      ),
    ).toEqual([false, false, false, false]);
    expect(isConnectionLost(undefined)).toBe(false);
  });
});
