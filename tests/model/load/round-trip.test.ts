import { existsSync } from 'node:fs';
import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { formatIssue } from '../../../src/model/issues.js';
import { loadModel } from '../../../src/model/load/load-model.js';
import { writeModel, type ModelFormat } from '../../../src/model/load/write-model.js';

const FIXTURES = join(import.meta.dirname, 'fixtures');
const BUNDLED = ['world', 'two-base'].map((name) => join(import.meta.dirname, '../../../data', name)).filter((dir) => existsSync(join(dir, 'model.yaml')));
const TARGETS: Record<ModelFormat, string> = { yaml: 'model.yaml', json: 'model.json', folder: 'model', xlsx: 'model.xlsx' };

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

const SOURCES = [join(FIXTURES, 'rich.yaml'), join(FIXTURES, 'two-base-mini'), ...BUNDLED];

describe.each(SOURCES)('round trip of %s', (source) => {
  test.each(Object.keys(TARGETS) as ModelFormat[])('load → write %s → load gives the same Model', async (format) => {
    const model = await loadClean(source);
    if (!model) return;
    const target = join(temp, `${source.split('/').pop() ?? 'm'}-${TARGETS[format]}`);
    await writeModel(model, target, { format });
    expect(await loadClean(target)).toEqual(model);
  });
});

test('folder format writes the flat tables as CSV and the rest as YAML', async () => {
  const model = await loadClean(join(FIXTURES, 'rich.yaml'));
  if (!model) return;
  const target = join(temp, 'layout');
  await writeModel(model, target, { format: 'folder' });
  expect((await readdir(target)).sort()).toEqual([
    'demands.csv', 'facilities.yaml', 'jurisdictions.csv', 'materials.csv', 'model.yaml', 'outages.yaml',
    'policies.yaml', 'projects.yaml', 'routes.csv', 'scenarios.yaml', 'sinks.csv', 'stockpiles.csv',
  ]);
});
