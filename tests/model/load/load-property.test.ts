import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { stringify } from 'yaml';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { hasErrors } from '../../../src/model/issues.js';
import { loadModel, type LoadResult } from '../../../src/model/load/load-model.js';

const RICH = join(import.meta.dirname, 'fixtures', 'rich.yaml');
const RUNS = { numRuns: 60, seed: 20_260_101 };

let root = '';
let richText = '';
let richInput: unknown;
let count = 0;
beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), 'reeflow-prop-'));
  richText = await readFile(RICH, 'utf8');
  richInput = (await loadModel(RICH)).input;
});
afterAll(async () => {
  await rm(root, { recursive: true, force: true });
});

async function folderWith(files: Record<string, string | Uint8Array>): Promise<string> {
  const dir = join(root, `p${count++}`);
  await mkdir(dir);
  for (const [name, content] of Object.entries(files)) await writeFile(join(dir, name), content);
  return dir;
}

/** The loader's contract: it returns (never throws), never fails internally, and a model comes exactly when there are no errors. */
function expectContract(result: LoadResult): void {
  expect(result.issues.map((i) => i.code)).not.toContain('LOAD_FAILED');
  expect(result.model !== undefined).toBe(!hasErrors(result.issues));
  for (const issue of result.issues) expect(issue.code).toMatch(/^[A-Z_]+$/);
}

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

function pathsOf(value: unknown, prefix: (string | number)[] = []): (string | number)[][] {
  if (typeof value !== 'object' || value === null) return [prefix];
  const entries = Array.isArray(value) ? value.map((v, i) => [i, v] as const) : Object.entries(value);
  return [prefix, ...entries.flatMap(([key, child]) => pathsOf(child, [...prefix, key]))];
}

function mutate(
  input: unknown,
  path: readonly (string | number)[],
  mutation: 'delete' | 'replace' | 'insert',
  garbage: Json,
): unknown {
  const copy = structuredClone(input) as Record<string | number, unknown>;
  const parentPath = path.slice(0, -1);
  const last = path[path.length - 1];
  let parent: Record<string | number, unknown> = copy;
  for (const key of parentPath) parent = parent[key] as Record<string | number, unknown>;
  if (last === undefined) return garbage;
  if (mutation === 'delete') {
    if (Array.isArray(parent) && typeof last === 'number') parent.splice(last, 1);
    else Reflect.deleteProperty(parent, last);
  } else if (mutation === 'replace') {
    parent[last] = garbage;
  } else {
    const target = parent[last];
    if (typeof target === 'object' && target !== null && !Array.isArray(target))
      (target as Record<string, unknown>)['garbage-key'] = garbage;
    else if (Array.isArray(target)) target.push(garbage);
    else parent[last] = [target, garbage];
  }
  return copy;
}

test('random JSON values as model.json load or return issues', async () => {
  await fc.assert(
    fc.asyncProperty(fc.jsonValue(), async (value) => {
      expectContract(await loadModel(await folderWith({ 'model.json': JSON.stringify(value) })));
    }),
    RUNS,
  );
});

test('truncated and garbled YAML loads or returns issues', async () => {
  await fc.assert(
    fc.asyncProperty(
      fc.nat(),
      fc.nat(),
      fc.string({ maxLength: 6 }),
      fc.boolean(),
      async (cut, at, junk, truncate) => {
        const text = truncate
          ? richText.slice(0, cut % richText.length)
          : richText.slice(0, at % richText.length) +
            junk +
            richText.slice((at % richText.length) + junk.length);
        expectContract(await loadModel(await folderWith({ 'model.yaml': text })));
      },
    ),
    RUNS,
  );
});

test('random bytes as CSV tables (and as a workbook) load or return issues', async () => {
  const head =
    'schemaVersion: 1\nname: t\nhorizon: { start: 2026-01, periods: 3 }\nfacilities: [{ id: a, jurisdiction: CN }]\n';
  const tables = ['routes.csv', 'facilities.csv', 'processes.csv', 'policies.csv', 'distributions.csv'];
  const csvish = fc
    .array(
      fc.constantFrom(
        'from',
        'to',
        'id',
        'kind',
        'a',
        'quota',
        '1',
        '3;4',
        '"',
        ',',
        '\n',
        '.',
        'lat',
        'x.y',
        '',
        ' ',
      ),
      { maxLength: 40 },
    )
    .map((parts) => parts.join(''));
  await fc.assert(
    fc.asyncProperty(
      fc.constantFrom(...tables),
      fc.oneof(fc.uint8Array({ maxLength: 200 }), csvish),
      async (table, content) => {
        expectContract(await loadModel(await folderWith({ 'model.yaml': head, [table]: content })));
        const book = await folderWith({ 'book.xlsx': content });
        expectContract(await loadModel(join(book, 'book.xlsx')));
      },
    ),
    RUNS,
  );
});

test('mutations of a valid model (delete a field, change a type, insert garbage) load or return issues', async () => {
  const paths = pathsOf(richInput);
  await fc.assert(
    fc.asyncProperty(
      fc.nat(paths.length - 1),
      fc.constantFrom('delete', 'replace', 'insert' as const),
      fc.jsonValue({ maxDepth: 2 }),
      fc.boolean(),
      async (index, mutation, garbage, asJson) => {
        const mutated = mutate(richInput, paths[index] ?? [], mutation, garbage as Json);
        const file = asJson
          ? { 'model.json': JSON.stringify(mutated) }
          : { 'model.yaml': stringify(mutated) };
        expectContract(await loadModel(await folderWith(file)));
      },
    ),
    RUNS,
  );
});

test('models whose text fields hold any text still round-trip through every format', async () => {
  const { writeModel } = await import('../../../src/model/load/write-model.js');
  const textPaths = pathsOf(richInput).filter((path) =>
    ['name', 'description', 'operator', 'sector', 'holder', 'authority', 'sponsor'].includes(
      String(path[path.length - 1]),
    ),
  );
  const text = fc.string({
    unit: fc.constantFrom('a', ' ', ';', ',', '"', "'", '\n', '#', ':', '-', '1', '{', '[', 'é', ''),
    maxLength: 8,
  });
  await fc.assert(
    fc.asyncProperty(
      fc.nat(textPaths.length - 1),
      text,
      fc.constantFrom('yaml', 'json', 'folder', 'xlsx' as const),
      async (index, value, format) => {
        const mutated = mutate(richInput, textPaths[index] ?? [], 'replace', value);
        const loaded = await loadModel(await folderWith({ 'model.json': JSON.stringify(mutated) }));
        if (!loaded.model) return;
        const target = join(root, `w${count++}${format === 'folder' ? '' : `.${format}`}`);
        await writeModel(loaded.model, target, { format });
        const again = await loadModel(target);
        expect(again.issues).toEqual([]);
        expect(again.model).toEqual(loaded.model);
      },
    ),
    { numRuns: 80, seed: 7 },
  );
});
