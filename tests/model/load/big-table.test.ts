/**
 * A big CSV table is streamed (review D6): memory holds the rows being built, never the whole text
 * and every parsed record at once. The table is 30 MB, its bulk in a `notes` column the loader
 * does not keep (2 KB a row), and the child process that loads it gets a 64 MB heap: before the
 * fix, the text and its records alone were more than that, and it ran out of heap.
 */
import { execFile } from 'node:child_process';
import { cp, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, expect, test } from 'vitest';

const root = join(import.meta.dirname, '../../..');
const TARGET_BYTES = 30_000_000;
const HEAP_MB = 64;
let folder: string;
let routes = 0;

/** data/two-base with its routes repeated, each under its own id and with 2 KB of notes, until routes.csv reaches `TARGET_BYTES`. */
beforeAll(async () => {
  folder = await mkdtemp(join(tmpdir(), 'reeflow-big-table-'));
  await cp(join(root, 'data/two-base'), folder, { recursive: true });
  const [header, ...rows] = (await readFile(join(folder, 'routes.csv'), 'utf8')).trim().split('\n');
  const notes = 'n'.repeat(2048);
  const lines = [`id,${header ?? ''},notes`];
  for (let size = 0; size < TARGET_BYTES; routes++) {
    const line = `r${routes},${rows[routes % rows.length] ?? ''},${notes}`;
    lines.push(line);
    size += line.length + 1;
  }
  await writeFile(join(folder, 'routes.csv'), `${lines.join('\n')}\n`);
});
afterAll(() => rm(folder, { recursive: true, force: true }));

test('a 30 MB routes.csv streams through a 64 MB heap: every row is read, the unknown column reported once', async () => {
  const { stdout } = await promisify(execFile)(process.execPath, [`--max-old-space-size=${HEAP_MB}`, '--import', 'tsx', join(import.meta.dirname, 'big-table-child.ts'), folder], {
    cwd: root,
    maxBuffer: 1 << 20,
  });
  const result = JSON.parse(stdout) as { routes: number; codes: string[]; maxRssMb: number };
  expect(result.routes).toBe(routes);
  expect(result.codes).toEqual(['CSV_UNKNOWN_COLUMN']);
}, 120_000);
