import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { toErrorCodesDoc } from '../../src/server/error-catalogue.js';

describe('docs/error-codes.md', () => {
  it('is generated from the error catalogue (run `npm run docs` when this fails)', () => {
    expect(readFileSync('docs/error-codes.md', 'utf8')).toBe(toErrorCodesDoc());
  });
});
