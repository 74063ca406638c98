/**
 * Which CSV cells were quoted is read from each record's raw text (csv-parse's per-field `cast`
 * was ten times slower on big tables, review D6). A quoted cell stays text (`{ quoted }`), so the
 * edge cases of quoting must give exactly what csv-parse parsed.
 */
import { describe, expect, it } from 'vitest';
import { parseCsvText } from '../../../src/model/load/csv.js';

const cellsOf = (text: string) => parseCsvText(text, 't.csv').table?.rows.map((row) => row.cells);

describe('quoted CSV cells', () => {
  it('marks quoted cells, trimmed or not, with commas, doubled quotes and empty text inside', () => {
    expect(cellsOf('a,b,c\n1, "x,y" ,3\n  "q""z"  ,2,\n"",7,"007"\n')).toEqual([
      ['1', { quoted: 'x,y' }, '3'],
      [{ quoted: 'q"z' }, '2', ''],
      [{ quoted: '' }, '7', { quoted: '007' }],
    ]);
  });

  it('finds quoted cells after skipped blank lines, across line breaks inside quotes, and with CRLF', () => {
    expect(cellsOf('a,b\n\n\n"x\n\ny", "z"\n,"w"')).toEqual([
      [{ quoted: 'x\n\ny' }, { quoted: 'z' }],
      ['', { quoted: 'w' }],
    ]);
    expect(cellsOf('a,b\r\n"1",2\r\n\r\n" 5 ",6\r\n')).toEqual([
      [{ quoted: '1' }, '2'],
      [{ quoted: ' 5 ' }, '6'],
    ]);
  });

  it('gives each row the line of its first cell when a quoted cell spans lines', () => {
    expect(parseCsvText('a,b\n"x\ny",1\n2,3\n', 't.csv').table?.rows.map((row) => row.line)).toEqual([2, 4]);
  });
});
