import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openPostgresStore } from '../../src/store/index.js';
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

describeStoreConformance('PostgreSQL', async () => openPostgresStore({ connectionString: POSTGRES_URL, schema: fresh() }), { skip: () => !reachable });

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
      await expect(client.query("UPDATE telemetry SET value = 2 WHERE id = 'x1'")).rejects.toThrow(/append-only/);
      await expect(client.query("DELETE FROM telemetry WHERE id = 'x1'")).rejects.toThrow(/append-only/);
    } finally {
      await client.end();
    }
  });

  it('migrates concurrently opened stores once', async () => {
    const [a, b] = await Promise.all([openPostgresStore({ connectionString: POSTGRES_URL, schema }), openPostgresStore({ connectionString: POSTGRES_URL, schema })]);
    expect(await a.migrate()).toBe(2);
    expect(await b.telemetry.count()).toBe(1);
    await Promise.all([a.close(), b.close()]);
  });
});
