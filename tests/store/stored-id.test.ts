/** The stored key of an event id (toStoredId): every distinct id keeps a distinct key PostgreSQL can hold. */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { toStoredId } from '../../src/store/shared.js';

/** Reads a key back: U+FFFF and four hex digits stand for that code unit (the inverse proves no two ids share a key). */
const fromStoredId = (key: string): string =>
  key.replace(/\uffff([0-9a-f]{4})/g, (_, hex: string) => String.fromCharCode(Number.parseInt(hex, 16)));

/** Any UTF-16 text, weighted to the code units that need care and to hex digits that could fake an escape. */
const anyId = fc
  .array(
    fc.oneof(
      fc.constantFrom(0, 0xd800, 0xdbff, 0xdc00, 0xdfff, 0xffff, 0xfffd, 0x30, 0x38, 0x64, 0x66),
      fc.integer({ min: 0, max: 0xffff }),
    ),
    { maxLength: 24 },
  )
  .map((units) => String.fromCharCode(...units));

describe('toStoredId', () => {
  it('reads back to the id it came from, is well-formed UTF-16 without NUL, and leaves plain ids as they are', () => {
    fc.assert(
      fc.property(anyId, (id) => {
        const key = toStoredId(id);
        expect(fromStoredId(key)).toBe(id);
        expect(Buffer.from(key, 'utf8').toString('utf8')).toBe(key); // nothing for UTF-8 to replace
        expect(key.includes('\u0000')).toBe(false);
        const plain =
          !id.includes('\u0000') &&
          !/\uffff|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/.test(id);
        if (plain) expect(key).toBe(id);
      }),
      { seed: 13, numRuns: 5000 },
    );
    expect([
      toStoredId('x\ud800'),
      toStoredId('x\uffffd800'),
      toStoredId('pump-3'),
      toStoredId('\ud83d\ude00'),
    ]).toEqual(['x\uffffd800', 'x\uffffffffd800', 'pump-3', '\ud83d\ude00']);
  });
});
