/**
 * WAL checkpoints off the event loop. SQLite's automatic checkpoint runs inside whichever commit
 * crosses the WAL size limit, copying pages and syncing the database file on the committing thread:
 * with the store on the server's event loop that is a pause of 10–20 ms every few thousand events,
 * which is most of the tail of acknowledgement latency. Here the store's own connection turns the
 * automatic checkpoint off and a worker thread with its own connection runs PASSIVE checkpoints
 * (they never block writers) every interval. Committed transactions are durable in the WAL either
 * way; a checkpoint only moves them into the main file. If the worker cannot start, the automatic
 * checkpoint is turned back on.
 */
import { createRequire } from 'node:module';
import { Worker } from 'node:worker_threads';
import type Database from 'better-sqlite3';

/** The worker, as CommonJS source (eval'd, so it needs no file of its own next to the build). */
const WORKER_SOURCE = `
const { parentPort, workerData } = require('node:worker_threads');
const Database = require(workerData.module);
const db = new Database(workerData.file, { fileMustExist: true });
db.pragma('busy_timeout = 5000');
const timer = setInterval(() => {
  try { db.pragma('wal_checkpoint(PASSIVE)'); } catch (error) { parentPort.postMessage({ error: String(error) }); }
}, workerData.intervalMs);
parentPort.on('message', () => { clearInterval(timer); db.close(); parentPort.close(); });
`;

export interface Checkpointer {
  /** Stops the worker (its connection closes) and gives the checkpoints back to SQLite's commits. */
  stop(): Promise<void>;
}

/**
 * Moves the checkpoints of `db` (a WAL database file) to a worker thread.
 *
 * @example const checkpointer = startCheckpointer(db, { file: 'data/reeflow.db' }); … await checkpointer.stop()
 */
export function startCheckpointer(
  db: Database.Database,
  options: { file: string; intervalMs?: number; onError?: (message: string) => void },
): Checkpointer {
  const automatic = db.pragma('wal_autocheckpoint', { simple: true }) as number;
  const module = createRequire(import.meta.url).resolve('better-sqlite3');
  const worker = new Worker(WORKER_SOURCE, {
    eval: true,
    workerData: { module, file: options.file, intervalMs: options.intervalMs ?? 500 },
  });
  worker.unref();
  db.pragma('wal_autocheckpoint = 0');
  let running = true;
  const fallBack = (message: string): void => {
    if (running && db.open) db.pragma(`wal_autocheckpoint = ${automatic}`);
    running = false;
    options.onError?.(message);
  };
  worker.on('error', (error) =>
    fallBack(`the checkpoint worker failed (${error.message}); SQLite checkpoints on commit again`),
  );
  worker.on('message', (message: { error?: string }) =>
    options.onError?.(`a WAL checkpoint failed: ${message.error ?? 'unknown'}`),
  );
  const exited = new Promise<void>((done) => worker.once('exit', () => done()));
  return {
    stop: async () => {
      if (!running) return;
      running = false;
      // Referenced again while it stops: an unreferenced worker would let the process exit under this await.
      worker.ref();
      worker.postMessage('stop');
      await exited;
      if (db.open) db.pragma(`wal_autocheckpoint = ${automatic}`);
    },
  };
}
