/**
 * The audit log (issue 9): every change made through the API — who, what, when, before, after —
 * behind a port, with an in-memory implementation and one that appends JSON lines to a file in the
 * data folder (the operate store offers no generic table API to put it in).
 */
import { appendFile, chmod, mkdir, readFile, stat } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import type { Principal } from './auth.js';

export interface AuditEntry {
  /** 1, 2, 3… in the order changes were made. */
  seq: number;
  /** ISO time of the change. */
  at: string;
  actor: { id: string; name: string; role: string };
  /** What was done, e.g. `project.transition`, `allocation.start`, `model.upload`. */
  action: string;
  /** What it was done to, e.g. `two-base/projects/baiyin-expansion`. */
  target: string;
  /** The facility the change concerns, when one does. */
  facility?: string;
  /** That facility's jurisdiction and every one containing it: an authority reads the entries that name its own. */
  jurisdictions?: string[];
  before?: unknown;
  after?: unknown;
  requestId?: string;
}

export type AuditInput = Omit<AuditEntry, 'seq' | 'at' | 'actor'> & { actor: Principal };

export interface AuditQuery {
  target?: string;
  actor?: string;
  action?: string;
  /** Newest first, at most this many; default 1000. */
  limit?: number;
}

/** Where audit entries go. Entries are never changed or removed. */
export interface AuditLog {
  record(entry: AuditInput): Promise<AuditEntry>;
  list(query?: AuditQuery): Promise<AuditEntry[]>;
}

function toEntry(input: AuditInput, seq: number, now: number): AuditEntry {
  const { actor, ...rest } = input;
  return {
    seq,
    at: new Date(now).toISOString(),
    actor: { id: actor.id, name: actor.name, role: actor.role },
    ...rest,
  };
}

function select(entries: readonly AuditEntry[], query: AuditQuery = {}): AuditEntry[] {
  return entries
    .filter(
      (e) =>
        (query.target === undefined || e.target === query.target) &&
        (query.actor === undefined || e.actor.id === query.actor) &&
        (query.action === undefined || e.action === query.action),
    )
    .slice(-(query.limit ?? 1000))
    .reverse();
}

/**
 * An audit log in memory (tests, and servers without a data folder).
 *
 * @example const audit = createMemoryAuditLog(() => Date.UTC(2026, 0, 1));
 */
export function createMemoryAuditLog(clock: () => number = Date.now): AuditLog {
  const entries: AuditEntry[] = [];
  return {
    record: (input) => {
      const entry = toEntry(input, entries.length + 1, clock());
      entries.push(entry);
      return Promise.resolve(entry);
    },
    list: (query) => Promise.resolve(select(entries, query)),
  };
}

/** The audit file of a data folder, shared by `reeflow serve` and the CLI (`reeflow token …`). */
export function auditFileOf(dataDir: string): string {
  return join(dataDir, 'audit.jsonl');
}

/**
 * An audit log that appends one JSON line per entry to `file` (created with its folder). Several
 * processes may append to the same file (the server and `reeflow token`): before each read or write
 * the log re-reads the file when it has grown by lines it did not write, so numbering and listings
 * include them. Writes are serialised so lines never interleave.
 */
export async function openFileAuditLog(file: string, clock: () => number = Date.now): Promise<AuditLog> {
  await mkdir(dirname(file), { recursive: true });
  // Readable by its owner only, like tokens.json: it names who did what (a log made 0644 by an
  // earlier version is tightened here).
  await chmod(file, 0o600).catch((error: unknown) =>
    (error as { code?: string }).code === 'ENOENT' ? undefined : Promise.reject(error),
  );
  let entries: AuditEntry[] = [];
  let known = -1;
  const refresh = async (): Promise<void> => {
    const size = await stat(file).then(
      (s) => s.size,
      () => 0,
    );
    if (size === known) return;
    const text = await readFile(file, 'utf8').catch(() => '');
    entries = text
      .split('\n')
      .filter((line) => line.trim().length > 0)
      .map((line) => JSON.parse(line) as AuditEntry);
    known = Buffer.byteLength(text, 'utf8');
  };
  let tail: Promise<unknown> = refresh();
  const serial = <T>(step: () => Promise<T>): Promise<T> => {
    const next = tail.then(step);
    tail = next.catch(() => undefined);
    return next;
  };
  return {
    record: (input) =>
      serial(async () => {
        await refresh();
        const entry = toEntry(input, entries.length + 1, clock());
        const line = `${JSON.stringify(entry)}\n`;
        await appendFile(file, line, { encoding: 'utf8', mode: 0o600 });
        entries.push(entry);
        known += Buffer.byteLength(line, 'utf8');
        return entry;
      }),
    list: (query) =>
      serial(async () => {
        await refresh();
        return select(entries, query);
      }),
  };
}
