import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { formatIssue, loadModel } from '../../../src/model/index.js';
import { unclosedFlowStart } from '../../../src/model/load/unclosed-flow.js';

describe('fix hints are set apart from the message (D13)', () => {
  it('joins message and fix with "; fix:", dropping the message’s own end punctuation', () => {
    const issue = {
      code: 'FILE_NOT_FOUND',
      severity: 'error' as const,
      path: [],
      message: "no file or folder 'nope'.",
      fix: 'check the path',
    };
    expect(formatIssue(issue)).toBe("error FILE_NOT_FOUND: no file or folder 'nope'; fix: check the path");
    expect(formatIssue({ ...issue, fix: undefined as never })).toBe(
      "error FILE_NOT_FOUND: no file or folder 'nope'.",
    );
  });
});

describe('an unclosed flow map is reported on the line of its brace (D13)', () => {
  it('finds the last unclosed opener, past quoted braces and comments', () => {
    expect(unclosedFlowStart('a: { b: 1\nc: 2\n', 12)).toBe(3);
    expect(unclosedFlowStart('a: { b: "}" # }\nc: 2\n', 18)).toBe(3);
    expect(unclosedFlowStart('a: { b: 1 }\nc: [1, 2]\n', 21)).toBeUndefined();
  });

  it('points at line 7, column 5 for "- { id: JP, name: Japan" with the fix to close it', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'reeflow-unclosed-'));
    const text = [
      'schemaVersion: 1',
      'name: Broken',
      'horizon: { start: 2026-01, periods: 12, step: month }',
      'jurisdictions:',
      '  - { id: CN, name: China }',
      '  - { id: CN-NM, name: Inner Mongolia, parent: CN }',
      '  - { id: JP, name: Japan',
      'materials:',
      '  - { id: x, kind: oxide, elements: { Nd: 1 } }',
      '',
    ].join('\n');
    writeFileSync(join(dir, 'model.yaml'), text);
    const { issues } = await loadModel(dir);
    expect(issues.map(formatIssue)).toEqual([
      "model.yaml:7:5: error YAML_SYNTAX: invalid YAML: Flow map in block collection must be sufficiently indented and end with a }: the '{' on line 7, column 5 is not closed; fix: close it with '}' on line 7",
    ]);
  });
});
