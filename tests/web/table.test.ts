import { describe, expect, it } from 'vitest';
import {
  csvField,
  csvFileName,
  rowCountCaption,
  toCsv,
  visibleRows,
  type CsvColumn,
} from '../../web/src/lib/table.js';

interface Row {
  readonly name: string;
  readonly tonnes: number;
}
const columns: CsvColumn<Row>[] = [
  { header: 'Name', csv: (r) => r.name },
  { header: 'Tonnes', csv: (r) => r.tonnes },
];

describe('table CSV export', () => {
  it('quotes commas, quotes and newlines as RFC 4180 says, and leaves plain text alone', () => {
    expect(csvField('plain')).toBe('plain');
    expect(csvField('a, b')).toBe('"a, b"');
    expect(csvField('the "big" one')).toBe('"the ""big"" one"');
    expect(csvField('two\nlines')).toBe('"two\nlines"');
    expect(csvField('cr\r\nlf')).toBe('"cr\r\nlf"');
    expect(csvField(null)).toBe('');
    expect(csvField(undefined)).toBe('');
  });

  it('writes numbers unformatted, with a header row and CRLF records', () => {
    const csv = toCsv(columns, [
      { name: 'Lynas, Malaysia', tonnes: 12345.678 },
      { name: 'Mt "Weld"', tonnes: 0.0001 },
    ]);
    expect(csv).toBe('Name,Tonnes\r\n"Lynas, Malaysia",12345.678\r\n"Mt ""Weld""",0.0001\r\n');
  });

  it('exports every row even when the table shows only the first ones', () => {
    const rows = Array.from({ length: 57 }, (_, i) => ({ name: `c${i}`, tonnes: i }));
    expect(visibleRows(rows, 20, false)).toHaveLength(20);
    const lines = toCsv(columns, rows).trimEnd().split('\r\n');
    expect(lines).toHaveLength(58);
    expect(lines[57]).toBe('c56,56');
  });

  it('names the file after the table title', () => {
    expect(csvFileName('Binding constraints')).toBe('binding-constraints.csv');
    expect(csvFileName('Plan against actual (t)')).toBe('plan-against-actual-t.csv');
    expect(csvFileName('  ')).toBe('table.csv');
  });
});

describe('truncated table caption', () => {
  it('says "20 of 57" when rows are hidden and "57 of 57" when all show', () => {
    expect(rowCountCaption(57, 20, false)).toBe('20 of 57');
    expect(rowCountCaption(57, 20, true)).toBe('57 of 57');
  });

  it('says nothing when no row is cut', () => {
    expect(rowCountCaption(20, 20, false)).toBe('');
    expect(rowCountCaption(3, 20, false)).toBe('');
    expect(visibleRows([1, 2, 3], 20, false)).toEqual([1, 2, 3]);
    expect(visibleRows([1, 2, 3], 2, true)).toEqual([1, 2, 3]);
  });
});
