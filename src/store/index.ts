/** The operate stores behind one factory: SQLite in a data folder by default, PostgreSQL when a URL is given. */
import type { OperateStore } from '../monitor/index.js';
import { openPostgresStore, type PostgresStoreOptions } from './postgres/store.js';
import { openSqliteStore, type SqliteStoreOptions } from './sqlite/store.js';

export { openSqliteStore } from './sqlite/store.js';
export { openPostgresStore } from './postgres/store.js';
export { MIGRATIONS, LATEST_VERSION } from './migrations/index.js';
export { DEFAULT_QUERY_LIMIT } from './shared.js';
export type { Migration } from './migrations/index.js';
export type { SqliteStoreOptions, PostgresStoreOptions };

export interface OpenStoreOptions {
  /** postgres://… selects PostgreSQL; otherwise SQLite in `dataDir`. */
  database?: string;
  /** SQLite folder (default ./.reeflow). */
  dataDir?: string;
  clock?: () => number;
}

/**
 * Opens the store a command line or server configuration names.
 *
 * @example const store = await openStore({database: process.env.DATABASE_URL, dataDir: '.reeflow'})
 */
export async function openStore(options: OpenStoreOptions): Promise<OperateStore> {
  const clock = options.clock === undefined ? {} : { clock: options.clock };
  if (options.database !== undefined && /^postgres(ql)?:\/\//.test(options.database)) {
    return openPostgresStore({ connectionString: options.database, ...clock });
  }
  if (options.database !== undefined)
    throw new Error(
      `--database expects a postgres:// URL; got '${options.database.replace(/\/\/[^@]*@/, '//…@')}'`,
    );
  return openSqliteStore({ dataDir: options.dataDir ?? '.reeflow', ...clock });
}
