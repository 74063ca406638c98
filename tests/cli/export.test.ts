import { mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { CSV_COMMANDS } from '../../src/cli/csv-option.js';
import { loadModel } from '../../src/model/index.js';
import { run } from './run.js';

const load = async (path: string) => (await loadModel(path, { keepInput: false })).model;

describe('reeflow export (the XLSX the README promises)', () => {
  const dir = mkdtempSync(join(tmpdir(), 'reeflow-export-'));

  it('round-trips data/two-base: folder → xlsx → load equals; xlsx → folder → load equals', async () => {
    const workbook = join(dir, 'two-base.xlsx');
    const folder = join(dir, 'two-base');
    const original = await load('data/two-base');
    expect(original).toBeDefined();
    const toXlsx = await run(['export', 'data/two-base', '--xlsx', workbook]);
    expect(toXlsx.code).toBe(0);
    expect(toXlsx.stdout).toContain('(xlsx)');
    expect(await load(workbook)).toEqual(original);
    const toFolder = await run(['export', workbook, '--folder', folder]);
    expect(toFolder.code).toBe(0);
    expect(readdirSync(folder)).toContain('model.yaml');
    expect(await load(folder)).toEqual(original);
  });

  it('refuses no target or two targets with EXPORT_TARGET', async () => {
    const none = await run(['export', 'data/two-base']);
    expect(none.code).toBe(1);
    expect(none.stderr).toContain(
      'error EXPORT_TARGET: give exactly one of --xlsx, --folder, --yaml, --json (found none)',
    );
    const two = await run(['export', 'data/two-base', '--xlsx', 'a.xlsx', '--json', 'a.json']);
    expect(two.stderr).toContain('(found --xlsx, --json)');
  });
});

describe('--csv: every printed table as a CSV file', () => {
  it('writes the La/Ce plan cost table as numbers without separators', async () => {
    const folder = join(mkdtempSync(join(tmpdir(), 'reeflow-csv-')), 'tables');
    const { code, stdout, stderr } = await run(['plan', 'tests/fixtures/la-ce.yaml', '--csv', folder]);
    expect(code).toBe(0);
    expect(stdout).toContain('14,400');
    const files = readdirSync(folder);
    expect(stderr).toContain(`--csv: wrote ${files.length} tables to ${folder}`);
    const cost = files.find((f) => f.startsWith('01-cost'));
    // 14,400 = mining 4,000 + separation 8,000 + transport 2,100 + La disposal 300 (the fixture's header).
    const text = readFileSync(join(folder, cost ?? ''), 'utf8');
    expect(text).toMatch(/^category,USD\n/);
    expect(text).toContain('operating,12000\n');
    expect(text).toContain('transport,2100\n');
    expect(text).toContain('total,14400\n');
  });

  it('writes a risk table, and says when --json printed none', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'reeflow-csv-'));
    const plan = join(dir, 'a.json');
    await run(['plan', 'tests/fixtures/la-ce.yaml', '--out', plan]);
    const json = await run(['risk', 'tests/fixtures/la-ce.yaml', '--metric', 'hhi', '--json', '--csv', dir]);
    expect(json.stderr).toContain('--csv: no tables were printed');
    const risk = await run(['risk', 'tests/fixtures/la-ce.yaml', '--metric', 'hhi', '--csv', join(dir, 'r')]);
    expect(risk.code).toBe(0);
    const [file] = readdirSync(join(dir, 'r'));
    expect(file).toMatch(/^01-hhi/);
    expect(readFileSync(join(dir, 'r', file ?? ''), 'utf8')).toContain(
      'mining,REO,all,1,CN,100.0%,200,10000',
    );
  });
});

describe('--csv is offered by every command that prints tables', () => {
  it.each(CSV_COMMANDS.map((c) => [c]))('%s --help lists --csv <folder>', async (command) => {
    const { stdout } = await run([command, '--help']);
    expect(stdout).toContain('--csv <folder>');
  });
});
