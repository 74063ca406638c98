import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

const root = join(import.meta.dirname, '../../..');
const sources = [
  ...readdirSync(join(root, 'src/model/checks')).map((file) => join('src/model/checks', file)),
  'src/model/scenario.ts',
];

describe('docs/issue-codes.md', () => {
  it('documents every code the checks and scenarios emit', () => {
    const doc = readFileSync(join(root, 'docs/issue-codes.md'), 'utf8');
    const codes = new Set(
      sources.flatMap((file) =>
        [...readFileSync(join(root, file), 'utf8').matchAll(/'([A-Z][A-Z0-9]*(?:_[A-Z0-9]+)+)'/g)].map(
          (m) => m[1],
        ),
      ),
    );
    expect(codes.size).toBeGreaterThan(30);
    expect([...codes].filter((code) => !doc.includes(`\`${code}\``))).toEqual([]);
  });
});
