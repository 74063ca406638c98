import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { columnFormat, formatAmount, formatNumber, formatShare, formatSigned } from '../../src/cli/output.js';
import { run } from './run.js';

describe('one number format (D17)', () => {
  it('amounts: whole from 100 up, two decimals below; no "-0"', () => {
    expect(formatAmount(102038.2)).toBe('102,038');
    expect(formatAmount(100950.96)).toBe('100,951');
    expect(formatAmount(12.345)).toBe('12.35');
    expect(formatAmount(-0.001)).toBe('0');
    expect(formatNumber(-0.4)).toBe('0');
    expect(formatShare(-0.00001)).toBe('0.0%');
    expect(formatSigned('1,200')).toBe('+1,200');
    expect(formatSigned('0.0%')).toBe('0.0%');
    expect(formatSigned('-3')).toBe('-3');
  });

  it('a store sink costs under "storage", not "disposal": La stored at 3 USD/t × 100 t = 300', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'reeflow-storage-'));
    const file = join(dir, 'model.yaml');
    const text = readFileSync('tests/fixtures/la-ce.yaml', 'utf8').replace(
      '{ material: La-oxide, kind: dispose, cost: 3, node: sep }',
      '{ material: La-oxide, kind: store, cost: 3, node: sep }',
    );
    writeFileSync(file, text);
    const { stdout } = await run(['plan', file, '--json']);
    const result = JSON.parse(stdout) as { costs: Record<string, number> };
    expect(result.costs['storage']).toBeCloseTo(300, 6);
    expect(result.costs['disposal']).toBe(0);
    expect(result.costs['total']).toBeCloseTo(14400, 6);
  });
});

describe('one format per column', () => {
  it('two decimals on every cell of a small column, whole numbers once any is 100 or more', () => {
    const small = columnFormat([3.7, 23.48, 0]);
    expect([3.7, 23.48, 0].map(small)).toEqual(['3.70', '23.48', '0.00']);
    const large = columnFormat([31.4, 188]);
    expect([31.4, 188].map(large)).toEqual(['31', '188']);
    expect(columnFormat([1, 2])(2)).toBe('2');
  });
});
