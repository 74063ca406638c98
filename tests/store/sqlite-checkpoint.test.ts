/**
 * WAL checkpoints run in a worker thread: the store's own connection never checkpoints on commit
 * (that pause was the tail of ingest latency), yet the database file takes the committed pages
 * while the store stays open, and the WAL does not grow without bound.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, describe, expect, it } from 'vitest';
import { startCheckpointer } from '../../src/store/sqlite/checkpointer.js';
import { openSqliteStore } from '../../src/store/index.js';
import { sensor, T0 } from './conformance.js';

const dir = mkdtempSync(join(tmpdir(), 'reeflow-checkpoint-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('SQLite checkpoints off the event loop', () => {
  it('moves committed pages into the database file from the worker while the store is open', async () => {
    const store = openSqliteStore({ dataDir: dir });
    const file = join(dir, 'reeflow.db');
    const before = statSync(file).size;
    // 20,000 readings: several MB of pages, far past the 1,000-page point where SQLite would checkpoint on commit.
    for (let chunk = 0; chunk < 20; chunk += 1)
      await store.telemetry.append(
        Array.from({ length: 1000 }, (_, i) => sensor(`c-${chunk}-${i}`, T0 + chunk * 1000 + i, i)),
      );
    await expect
      .poll(() => statSync(file).size, { timeout: 20_000, interval: 100 })
      .toBeGreaterThan(before + 1_000_000);
    expect(await store.telemetry.count()).toBe(20_000);
    await store.close();
  });

  it('lets a script close the store and go on (closing waits for the worker without the process exiting under it)', () => {
    const script = join(dir, 'close.mts');
    const store = resolve(import.meta.dirname, '../../src/store/index.js');
    writeFileSync(
      script,
      `import { openSqliteStore } from ${JSON.stringify(store)};\nconst s = openSqliteStore({ dataDir: ${JSON.stringify(join(dir, 'script'))} });\nawait s.close();\nconsole.log('after close');\n`,
    );
    const run = spawnSync(process.execPath, ['--import', 'tsx', script], {
      encoding: 'utf8',
      timeout: 60_000,
    });
    expect(run.stdout).toBe('after close\n');
    expect(run.status).toBe(0);
  });

  it('turns the automatic checkpoint off while the worker runs and back on when it stops', async () => {
    const file = join(dir, 'direct.db');
    const db = new Database(file);
    db.pragma('journal_mode = WAL');
    const checkpointer = startCheckpointer(db, { file });
    expect(db.pragma('wal_autocheckpoint', { simple: true })).toBe(0);
    await checkpointer.stop();
    expect(db.pragma('wal_autocheckpoint', { simple: true })).toBe(1000);
    db.close();
  });
});
