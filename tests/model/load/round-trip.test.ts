import { existsSync, readdirSync } from 'node:fs';
import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { formatIssue } from '../../../src/model/issues.js';
import { loadModel } from '../../../src/model/load/load-model.js';
import { writeModel, type ModelFormat } from '../../../src/model/load/write-model.js';
import type { Model } from '../../../src/model/model.js';

const FIXTURES = join(import.meta.dirname, 'fixtures');
const DATA = join(import.meta.dirname, '../../../data');

/** The bundled models: data/<name> and data/examples/<name>, each a folder with a model.yaml. */
function findBundled(): string[] {
  const folders = ['world', 'two-base'].map((name) => join(DATA, name));
  const examples = join(DATA, 'examples');
  if (existsSync(examples))
    folders.push(
      ...readdirSync(examples)
        .sort()
        .map((name) => join(examples, name)),
    );
  return folders.filter((dir) => existsSync(join(dir, 'model.yaml')));
}
const BUNDLED = findBundled();
const TARGETS: Record<ModelFormat, string> = {
  yaml: 'model.yaml',
  json: 'model.json',
  folder: 'model',
  xlsx: 'model.xlsx',
};

let temp = '';
beforeAll(async () => {
  temp = await mkdtemp(join(tmpdir(), 'reeflow-roundtrip-'));
});
afterAll(async () => {
  await rm(temp, { recursive: true, force: true });
});

async function loadClean(path: string) {
  const result = await loadModel(path);
  expect(result.issues.map(formatIssue)).toEqual([]);
  expect(result.model).toBeDefined();
  return result.model;
}

const FORMATS = Object.keys(TARGETS) as ModelFormat[];

async function roundTrip(source: string, format: ModelFormat, model: Model): Promise<void> {
  const target = join(temp, `${source.split('/').slice(-2).join('-')}-${TARGETS[format]}`);
  await writeModel(model, target, { format });
  expect(await loadClean(target)).toEqual(model);
}

describe.each([join(FIXTURES, 'rich.yaml'), join(FIXTURES, 'two-base-mini')])(
  'round trip of %s',
  (source) => {
    test.each(FORMATS)('load → write %s → load gives the same Model', async (format) => {
      const model = await loadClean(source);
      if (model) await roundTrip(source, format, model);
    });
  },
);

// Bundled models are written by other work in progress: one that does not load yet is skipped here
// (its own tests report why); one that loads must come back the same from every format.
describe.runIf(BUNDLED.length > 0).each(BUNDLED)('round trip of bundled %s', (source) => {
  test.for(FORMATS)('load → write %s → load gives the same Model', async (format, context) => {
    const { model } = await loadModel(source);
    if (!model) return context.skip();
    await roundTrip(source, format, model);
  });
});

test('folder format writes the flat tables as CSV and the rest as YAML', async () => {
  const model = await loadClean(join(FIXTURES, 'rich.yaml'));
  if (!model) return;
  const target = join(temp, 'layout');
  await writeModel(model, target, { format: 'folder' });
  expect((await readdir(target)).sort()).toEqual([
    'demands.csv',
    'facilities.yaml',
    'jurisdictions.csv',
    'materials.csv',
    'model.yaml',
    'outages.yaml',
    'policies.yaml',
    'projects.yaml',
    'routes.csv',
    'scenarios.yaml',
    'sinks.csv',
    'stockpiles.csv',
  ]);
});
