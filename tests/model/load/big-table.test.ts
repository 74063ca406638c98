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
import { afterAll, expect, test } from 'vitest';

const root = join(import.meta.dirname, '../../..');
const folders: string[] = [];

/**
 * data/two-base with its routes repeated, each under its own id (and with `notes` of that many
 * characters when given), until routes.csv reaches `bytes`. Returns the folder and the routes written.
 */
async function growRoutes(bytes: number, notesLength?: number): Promise<{ folder: string; routes: number }> {
  const folder = await mkdtemp(join(tmpdir(), 'reeflow-big-table-'));
  folders.push(folder);
  await cp(join(root, 'data/two-base'), folder, { recursive: true });
  const [header, ...rows] = (await readFile(join(folder, 'routes.csv'), 'utf8')).trim().split('\n');
  const notes = notesLength === undefined ? '' : `,${'n'.repeat(notesLength)}`;
  const lines = [`id,${header ?? ''}${notesLength === undefined ? '' : ',notes'}`];
  let routes = 0;
  for (let size = 0; size < bytes; routes++) {
    const line = `r${routes},${rows[routes % rows.length] ?? ''}${notes}`;
    lines.push(line);
    size += line.length + 1;
  }
  await writeFile(join(folder, 'routes.csv'), `${lines.join('\n')}\n`);
  return { folder, routes };
}

/** Loads `folder` in a child process with a heap of `heapMb`; `model` counts the parsed model's routes and keeps no raw input. */
async function loadInChild(
  folder: string,
  heapMb: number,
  mode: 'input' | 'model',
): Promise<{ routes: number; codes: string[]; maxRssMb: number }> {
  const { stdout } = await promisify(execFile)(
    process.execPath,
    [
      `--max-old-space-size=${heapMb}`,
      '--import',
      'tsx',
      join(import.meta.dirname, 'big-table-child.ts'),
      folder,
      mode,
    ],
    {
      cwd: root,
      maxBuffer: 1 << 20,
    },
  );
  return JSON.parse(stdout) as { routes: number; codes: string[]; maxRssMb: number };
}

afterAll(() => Promise.all(folders.map((folder) => rm(folder, { recursive: true, force: true }))));

test('a 30 MB routes.csv streams through a 64 MB heap: every row is read, the unknown column reported once', async () => {
  const { folder, routes } = await growRoutes(30_000_000, 2048);
  const result = await loadInChild(folder, 64, 'input');
  expect(result.routes).toBe(routes);
  expect(result.codes).toEqual(['CSV_UNKNOWN_COLUMN']);
}, 120_000);

/**
 * Rows are parsed one by one and each raw row dropped once parsed (`keepInput: false`), so raw and
 * parsed routes never both sit in memory whole. 148k routes (10 MB) load in a 96 MB heap; when
 * the whole model was parsed in one go beside its raw rows, they needed about 120 MB.
 */
test('a 10 MB routes.csv parses row by row: the model loads in a 96 MB heap with every route', async () => {
  const { folder, routes } = await growRoutes(10_000_000);
  const result = await loadInChild(folder, 96, 'model');
  expect(result.routes).toBe(routes);
  expect(result.codes).toEqual([]);
}, 120_000);
