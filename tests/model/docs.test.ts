import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { toModelReference } from '../../src/model/index.js';

describe('docs/model-reference.md', () => {
  it('is generated from the current schemas (run `npm run docs` when this fails)', () => {
    expect(readFileSync('docs/model-reference.md', 'utf8')).toBe(toModelReference());
  });
});
