import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { ERROR_CATALOGUE, toErrorCodesDoc } from '../../src/server/error-catalogue.js';

describe('docs/error-codes.md', () => {
  it('is generated from the error catalogue (run `npm run docs` when this fails)', () => {
    expect(readFileSync('docs/error-codes.md', 'utf8')).toBe(toErrorCodesDoc());
  });

  it('lists every code of the catalogue once, with its status', () => {
    const doc = toErrorCodesDoc();
    const missing = Object.entries(ERROR_CATALOGUE)
      .filter(([code, { status }]) => doc.split(`| \`${code}\` | ${status} |`).length !== 2)
      .map(([code]) => code);
    expect(missing).toEqual([]);
  });
});
