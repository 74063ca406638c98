/** One job per file (issue 16): no source file of src/ or web/src/ is over 400 lines. */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { listSources } from './import-graph.js';

const MAX_LINES = 400;

describe('source files', () => {
  it(`are at most ${MAX_LINES} lines each (split a longer file by job)`, () => {
    const root = process.cwd();
    const files = listSources(root, ['src', 'web/src']);
    expect(files.length).toBeGreaterThan(100);
    const over = files
      .map((file) => ({ file, lines: readFileSync(join(root, file), 'utf8').split('\n').length - 1 }))
      .filter(({ lines }) => lines > MAX_LINES)
      .map(({ file, lines }) => `${file}: ${lines} lines`);
    expect(over).toEqual([]);
  });
});
