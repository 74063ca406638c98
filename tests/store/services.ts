/** Service reachability for tests: skip when PostgreSQL is down, unless REEFLOW_REQUIRE_SERVICES=1. */
import pg from 'pg';

export const POSTGRES_URL = process.env['REEFLOW_TEST_DATABASE'] ?? 'postgres://postgres@127.0.0.1:5432/test';
export const REQUIRE_SERVICES = process.env['REEFLOW_REQUIRE_SERVICES'] === '1';

/** Whether PostgreSQL answers; throws when it does not and services are required. */
export async function postgresReachable(): Promise<boolean> {
  const client = new pg.Client({ connectionString: POSTGRES_URL, connectionTimeoutMillis: 2000 });
  try {
    await client.connect();
    await client.query('SELECT 1');
    return true;
  } catch (error) {
    if (REQUIRE_SERVICES)
      throw new Error(
        `PostgreSQL at ${POSTGRES_URL} is required (REEFLOW_REQUIRE_SERVICES=1) but unreachable: ${String(error)}`,
      );
    return false;
  } finally {
    await client.end().catch(() => undefined);
  }
}

/** A schema name unique to this test run. */
export function uniqueSchema(prefix = 'reeflow_test'): string {
  return `${prefix}_${process.pid}_${Date.now().toString(36)}_${Math.floor(Math.random() * 1e6).toString(36)}`;
}

export async function dropSchema(schema: string): Promise<void> {
  const client = new pg.Client({ connectionString: POSTGRES_URL });
  await client.connect();
  try {
    await client.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
  } finally {
    await client.end();
  }
}
