import { describe, expect, it } from 'vitest';
import { run } from './run.js';

describe('reeflow plan summary', () => {
  it('counts finished magnets in the magnet row, not the scrap sintering also makes', async () => {
    // two-base: five plants make 57,000 t of finished magnets a year and 19,000 t of swarf
    // (block → finished yield 0.75). The row used to say 76,000 (magnets + scrap).
    const result = await run(['plan', 'data/two-base', '--quiet']);
    expect(result.code).toBe(0);
    const row = /magnet output by country \(t finished magnets\)[^\n]*\n[^\n]*\n[^\n]*\nCN\s+([\d,]+)/.exec(
      result.stdout,
    );
    expect(row?.[1]).toBe('57,001');
  });
});
