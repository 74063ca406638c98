/**
 * `reeflow calibrate` on a two-mine model: exit 0 when every figure passes (or departs), 1 when one
 * is outside its tolerance, 1 with coded, located issues when the calibration file is wrong.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { run } from '../cli/run.js';

// Demand 1,000 t in JP; the CN mine (300 t at 50/t) is cheaper than the AU one (800 t at 100/t):
// the plan mines CN 300, AU 700, so CN holds 30% of mining.
const MODEL = `schemaVersion: 1
name: two mines
horizon: { start: 2026-01, periods: 1, step: year }
settings: { discountRate: 0 }
jurisdictions:
  - { id: CN, name: China }
  - { id: AU, name: Australia }
  - { id: JP, name: Japan }
materials:
  - { id: ox, kind: oxide, elements: { Nd: 1 }, price: 73000 }
facilities:
  - id: mine-cn
    jurisdiction: CN
    processes: [{ id: mine, stage: mining, outputs: { ox: 1 }, capacity: 300, cost: 50 }]
  - id: mine-au
    jurisdiction: AU
    processes: [{ id: mine, stage: mining, outputs: { ox: 1 }, capacity: 800, cost: 100 }]
  - { id: users, jurisdiction: JP, kind: consumer }
routes:
  - { from: mine-cn, to: users }
  - { from: mine-au, to: users }
demands:
  - { id: jp, node: users, material: ox, quantity: 1000 }
`;

const figure = (lines: string): string => `- id: cn-share
  label: CN share of mining
  published: 30
  unit: '%'
  tolerance: {points: 1}
  source: S1
  compute: {kind: share, stage: mining, holder: CN}
${lines}`;

const PASSING = `figures:
${figure('')}- id: au-tonnage
  label: AU mine output
  published: 700
  unit: t REO/yr
  tolerance: {percent: 1}
  source: S2
  compute: {kind: tonnage, stage: mining, country: AU}
`;

let dir: string;
/** Other tables live outside the model folder, so the model reads as it is. */
let tables: string;
const write = (name: string, text: string): string => {
  writeFileSync(join(tables, name), text);
  return join(tables, name);
};

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'reeflow-calibrate-'));
  tables = mkdtempSync(join(tmpdir(), 'reeflow-calibrate-tables-'));
  writeFileSync(join(dir, 'model.yaml'), MODEL);
  writeFileSync(join(dir, 'calibration.yaml'), PASSING);
});

describe('reeflow calibrate', () => {
  it('prints figure | published | model | tolerance | result and exits 0 when every figure passes', async () => {
    const { code, stdout } = await run(['calibrate', dir, '--quiet']);
    expect(code).toBe(0);
    expect(stdout).toContain(': 2 figures: 2 pass, 0 departures, 0 fail');
    expect(stdout).toMatch(/figure\s+unit\s+published\s+model\s+tolerance\s+result/);
    expect(stdout).toMatch(/cn-share\s+%\s+30\s+30\s+±1 pts\s+pass/);
    expect(stdout).toMatch(/au-tonnage\s+t REO\/yr\s+700\s+700\s+±1%\s+pass/);
  });

  it('--json prints the report for scripts', async () => {
    const { code, stdout } = await run(['calibrate', dir, '--json', '--quiet']);
    expect(code).toBe(0);
    const report = JSON.parse(stdout);
    expect(report.passed).toBe(true);
    expect(report.counts).toEqual({ pass: 2, fail: 0, departure: 0 });
    expect(report.figures[0]).toMatchObject({ id: 'cn-share', published: 30, status: 'pass', source: 'S1' });
    expect(report.figures[0].model).toBeCloseTo(30, 6);
  });

  it('exits 1 when a figure is outside its tolerance, and says by how much', async () => {
    const table = write('failing.yaml', PASSING.replace('published: 30', 'published: 40'));
    const { code, stdout } = await run(['calibrate', dir, '--table', table, '--quiet']);
    expect(code).toBe(1);
    expect(stdout).toMatch(/cn-share\s+%\s+40\s+30\s+±1 pts\s+FAIL/);
    expect(stdout).toContain('cn-share: CN share of mining [S1] (off by -10, allowed 1)');
  });

  it('a figure with a departure is printed, not failed: exit 0', async () => {
    const table = write(
      'departure.yaml',
      PASSING.replace('published: 30', 'published: 40').replace(
        'source: S1',
        'source: S1\n  departure: the model leaves out small mines',
      ),
    );
    const { code, stdout } = await run(['calibrate', dir, '--table', table, '--quiet']);
    expect(code).toBe(0);
    expect(stdout).toMatch(/cn-share\s+%\s+40\s+30\s+±1 pts\s+departure/);
    expect(stdout).toContain('cn-share: the model leaves out small mines');
  });
});

describe('calibration file errors: coded, with file:line', () => {
  const errorsOf = async (text: string): Promise<{ code: number; stderr: string }> => {
    const table = write('bad.yaml', text);
    const { code, stderr } = await run(['calibrate', dir, '--table', table, '--quiet']);
    return { code, stderr };
  };

  it('a misspelt field: SCHEMA_UNKNOWN_FIELD with a suggestion, and the tolerance it lacks', async () => {
    const { code, stderr } = await errorsOf(`figures:\n${figure('').replace('tolerance:', 'tolerence:')}`);
    expect(code).toBe(1);
    expect(stderr).toMatch(
      /bad\.yaml:6:3: error SCHEMA_UNKNOWN_FIELD at figures\[0\]\.tolerence: unknown field 'tolerence'.* did you mean 'tolerance'\?/,
    );
    expect(stderr).toMatch(/bad\.yaml:2:3: error CALIBRATION_TOLERANCE_MISSING at figures\[0\]\.tolerance/);
    expect(stderr).toContain('not calibrated');
  });

  it('both tolerance forms, a list published for a share, a repeated id', async () => {
    const text = `figures:\n${figure('').replace('{points: 1}', '{points: 1, percent: 2}').replace('published: 30', 'published: [Nd]')}${figure('')}`;
    const { code, stderr } = await errorsOf(text);
    expect(code).toBe(1);
    expect(stderr).toMatch(
      /bad\.yaml:6:3: error CALIBRATION_TOLERANCE_FORM at figures\[0\]\.tolerance: .*exactly one of points/,
    );
    expect(stderr).toMatch(
      /bad\.yaml:4:3: error CALIBRATION_PUBLISHED_TYPE at figures\[0\]\.published: .*a number is expected/,
    );
    expect(stderr).toMatch(
      /bad\.yaml:9:3: error CALIBRATION_DUPLICATE_ID at figures\[1\]\.id: .*'cn-share' is used twice/,
    );
  });

  it('an unknown compute kind lists the kinds; a YAML error gives its line', async () => {
    const kind = await errorsOf(`figures:\n${figure('').replace('kind: share', 'kind: shares')}`);
    expect(kind.stderr).toMatch(
      /bad\.yaml:8:13: error SCHEMA_INVALID_VALUE at figures\[0\]\.compute\.kind: .*'share', 'hhi', 'tonnage'/,
    );
    const syntax = await errorsOf(`figures:\n- id: [unclosed\n`);
    expect(syntax.code).toBe(1);
    expect(syntax.stderr).toMatch(/bad\.yaml:\d+:\d+: error YAML_SYNTAX/);
  });

  it('a reference the model does not have: CALIBRATION_UNKNOWN_REF at its line', async () => {
    const { code, stderr } = await errorsOf(`figures:\n${figure('').replace('holder: CN', 'holder: CNN')}`);
    expect(code).toBe(1);
    expect(stderr).toMatch(
      /bad\.yaml:8:41: error CALIBRATION_UNKNOWN_REF at figures\[0\]\.compute\.holder: figure 'cn-share': unknown jurisdiction 'CNN'.* did you mean 'CN'\?/,
    );
  });

  it('no table beside the model: CALIBRATION_FILE_NOT_FOUND, exit 1', async () => {
    const empty = mkdtempSync(join(tmpdir(), 'reeflow-calibrate-none-'));
    writeFileSync(join(empty, 'model.yaml'), MODEL);
    const { code, stderr } = await run(['calibrate', empty, '--quiet']);
    expect(code).toBe(1);
    expect(stderr).toMatch(/^error CALIBRATION_FILE_NOT_FOUND: no calibration table at .*calibration\.yaml/);
  });
});
