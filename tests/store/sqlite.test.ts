import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, describe, expect, it } from 'vitest';
import { openSqliteStore, openStore } from '../../src/store/index.js';
import { describeStoreConformance, sensor, T0 } from './conformance.js';

const dirs: string[] = [];
const freshDir = (): string => {
  const dir = mkdtempSync(join(tmpdir(), 'reeflow-sqlite-'));
  dirs.push(dir);
  return dir;
};
afterAll(() => {
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
});

describeStoreConformance('SQLite', async () => openSqliteStore({ dataDir: freshDir() }));

describe('SQLite store specifics', () => {
  it('keeps telemetry append-only: UPDATE and DELETE are refused by triggers', async () => {
    const dir = freshDir();
    const store = await openStore({ dataDir: dir });
    await store.telemetry.append([sensor('x1', T0, 1)]);
    await store.close();
    const db = new Database(join(dir, 'reeflow.db'));
    expect(() => db.prepare("UPDATE telemetry SET value = 2 WHERE id = 'x1'").run()).toThrow(/append-only/);
    expect(() => db.prepare("DELETE FROM telemetry WHERE id = 'x1'").run()).toThrow(/append-only/);
    expect(db.pragma('journal_mode', { simple: true })).toBe('wal');
    db.close();
  });

  it('reopens a data folder with its events and does not migrate twice', async () => {
    const dir = freshDir();
    const first = openSqliteStore({ dataDir: dir });
    await first.telemetry.append([sensor('r1', T0, 1), sensor('r2', T0 + 1, 2)]);
    await first.close();
    const second = openSqliteStore({ dataDir: dir });
    expect(await second.migrate()).toBe(2);
    expect(await second.telemetry.count()).toBe(2);
    expect((await second.telemetry.append([sensor('r1', T0, 1)])).duplicates).toEqual(['r1']);
    await second.close();
  });

  it('migrates a version-1 data folder to version 2, keeping its events', async () => {
    const dir = freshDir();
    const first = openSqliteStore({ dataDir: dir });
    await first.telemetry.append([sensor('m1', T0, 1)]);
    await first.close();
    const db = new Database(join(dir, 'reeflow.db'));
    db.exec('DROP TABLE project_stages; DELETE FROM schema_migrations WHERE version = 2'); // as written before migration 2 existed
    db.close();
    const second = openSqliteStore({ dataDir: dir });
    expect(await second.telemetry.count()).toBe(1);
    await second.projects.save({
      model: 'm',
      project: 'p',
      status: 'approved',
      statusSince: '2026-03-01',
      changed: T0,
      by: 'admin',
    });
    expect((await second.projects.list()).map((r) => r.status)).toEqual(['approved']);
    await second.close();
  });

  it('rejects a --database that is not a postgres URL', async () => {
    await expect(openStore({ database: 'mysql://x' })).rejects.toThrow(/postgres:\/\//);
  });
});
