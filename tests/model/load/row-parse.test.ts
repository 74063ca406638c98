/**
 * List tables are parsed row by row (review D6), not in one `modelSchema` parse of the whole
 * model. These tests hold the loader to what one whole parse reports: the same issues, in the same
 * order, with the same text, and the same model, whether the raw input is kept or not.
 */
import { cp, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { modelSchema } from '../../../src/model/model.js';
import { loadModel, type LoadResult } from '../../../src/model/load/load-model.js';
import { locateIssues } from '../../../src/model/load/source-map.js';
import { fromZodIssues } from '../../../src/model/load/zod-issues.js';

const root = join(import.meta.dirname, '../../..');
let broken = '';

/** Errors at the root (unknown keys before and after tables, a bad horizon), in YAML tables, CSV rows and a table that is not a list. */
beforeAll(async () => {
  broken = await mkdtemp(join(tmpdir(), 'reeflow-row-parse-'));
  await writeFile(
    join(broken, 'model.yaml'),
    "schemaVersion: 1\nbogus: 1\nname: ''\nhorizon: { start: 2026-13, periods: -1 }\nsettings: { x: 1 }\nmaterials: [{ id: m, kind: nope }, 5]\nfacilities: [{ id: f }]\nzzz: 2\nscenarios: [{ name: s, extra: 1 }]\nprojects: 3\n",
  );
  await writeFile(join(broken, 'routes.csv'), 'from,to,mode,cost\na,b,rail,-1\n,b,boat,x\nc,d,road,3\n');
  await writeFile(join(broken, 'demands.csv'), 'node,material,quantity\nx,m,abc\n,,5\n');
});
afterAll(() => rm(broken, { recursive: true, force: true }));

/** The schema issues one `modelSchema.safeParse` of the raw input gives, located as the loader locates them. */
function wholeParseIssues(result: LoadResult): unknown[] {
  const parsed = modelSchema.safeParse(result.input);
  return parsed.success ? [] : locateIssues(fromZodIssues(parsed.error.issues, result.input), result.sources);
}

test('a model with errors at the root, in YAML tables and in CSV rows gets the issues of one whole parse, in order', async () => {
  const kept = await loadModel(broken);
  const schemaIssues = kept.issues.filter((issue) => !issue.code.startsWith('CSV_'));
  expect(schemaIssues.length).toBeGreaterThan(10);
  expect(schemaIssues).toEqual(wholeParseIssues(kept));
  const dropped = await loadModel(broken, { keepInput: false });
  expect(dropped.issues).toEqual(kept.issues);
  expect(dropped.input).toBeUndefined();
});

test('a valid model parses to the model of one whole parse, with or without the raw input', async () => {
  const folder = await mkdtemp(join(tmpdir(), 'reeflow-row-parse-'));
  await cp(join(root, 'data/world'), folder, { recursive: true });
  const kept = await loadModel(folder);
  const dropped = await loadModel(folder, { keepInput: false });
  await rm(folder, { recursive: true, force: true });
  expect(kept.issues).toEqual([]);
  expect(kept.model).toEqual(modelSchema.parse(kept.input));
  expect(JSON.stringify(dropped.model)).toBe(JSON.stringify(kept.model));
});
