import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { expect, test } from 'vitest';

const root = join(import.meta.dirname, '../../..');

test('every code the loader emits is in the table of docs/model-files.md', () => {
  const folder = join(root, 'src/model/load');
  const source = readdirSync(folder)
    .map((file) => readFileSync(join(folder, file), 'utf8'))
    .join('\n');
  const emitted = new Set(
    [...source.matchAll(/(?:createLoadIssue|fail(?:<\w+>)?)\('([A-Z_]+)'|'([A-Z]+_[A-Z_]+)'/g)].map(
      (m) => m[1] ?? m[2],
    ),
  );
  const doc = readFileSync(join(root, 'docs/model-files.md'), 'utf8');
  const documented = new Set([...doc.matchAll(/^\| `([A-Z_]+)` \|/gm)].map((m) => m[1]));
  expect([...emitted].filter((code) => code !== undefined && !documented.has(code)).sort()).toEqual([]);
  expect(emitted.size).toBeGreaterThan(30);
});
