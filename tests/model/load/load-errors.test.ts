import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import type { Issue } from '../../../src/model/issues.js';
import { loadModel } from '../../../src/model/load/load-model.js';
import { locateIssues } from '../../../src/model/load/source-map.js';

// Lines: 1 schemaVersion, 2 name, 3 horizon, 4 jurisdictions, 5 CN, 6 facilities, 7 mine, 8 plant, 9 materials, 10 ore.
const BASE = `schemaVersion: 1
name: t
horizon: { start: 2026-01, periods: 12 }
jurisdictions:
  - { id: CN, name: China }
facilities:
  - { id: mine, jurisdiction: CN }
  - { id: plant, jurisdiction: CN }
materials:
  - { id: ore, kind: ore }
`;

let root = '';
let count = 0;
beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), 'reeflow-load-'));
});
afterAll(async () => {
  await rm(root, { recursive: true, force: true });
});

/** Writes files into a fresh folder (a value of null makes a folder) and returns its path. */
async function folder(files: Record<string, string | Buffer | null>): Promise<string> {
  const dir = join(root, `m${count++}`);
  await mkdir(dir);
  for (const [name, content] of Object.entries(files)) {
    if (content === null) await mkdir(join(dir, name));
    else await writeFile(join(dir, name), content);
  }
  return dir;
}

/** The issues without their messages, for exact assertions. */
function brief(issues: readonly Issue[]) {
  return issues.map(({ code, file, line, column, path, severity }) => ({
    code,
    severity,
    file,
    line,
    column,
    path,
  }));
}

describe('files', () => {
  test('a path that does not exist is FILE_NOT_FOUND', async () => {
    const result = await loadModel(join(root, 'nope'));
    expect(brief(result.issues)).toEqual([
      {
        code: 'FILE_NOT_FOUND',
        severity: 'error',
        file: 'nope',
        line: undefined,
        column: undefined,
        path: [],
      },
    ]);
    expect(result.model).toBeUndefined();
  });

  test('an empty folder is MODEL_EMPTY', async () => {
    const result = await loadModel(await folder({}));
    expect(result.issues.map((i) => i.code)).toEqual(['MODEL_EMPTY']);
    expect(result.issues[0]?.message).toMatch(/has no model.yaml \(it is empty\)/);
  });

  test('a file over maxFileBytes is FILE_TOO_LARGE, checked before reading', async () => {
    const dir = await folder({ 'model.yaml': BASE });
    const result = await loadModel(dir, { maxFileBytes: 100 });
    expect(brief(result.issues)).toEqual([
      {
        code: 'FILE_TOO_LARGE',
        severity: 'error',
        file: 'model.yaml',
        line: undefined,
        column: undefined,
        path: [],
      },
    ]);
    expect(result.issues[0]?.message).toBe(`'model.yaml' is ${BASE.length} bytes; the limit is 100 bytes`);
  });

  test('NUL bytes and invalid UTF-8 are FILE_NOT_TEXT', async () => {
    const nul = await loadModel(await folder({ 'model.yaml': Buffer.from([0x73, 0x00, 0x01]) }));
    expect(nul.issues.map((i) => [i.code, i.message])).toEqual([
      ['FILE_NOT_TEXT', "'model.yaml' is not UTF-8 text (it contains NUL bytes)"],
    ]);
    const latin1 = await loadModel(
      await folder({
        'model.yaml': BASE,
        'routes.csv': Buffer.from([0x66, 0x72, 0x6f, 0x6d, 0x0a, 0xe9, 0xff]),
      }),
    );
    expect(latin1.issues.map((i) => [i.code, i.file, i.message])).toEqual([
      ['FILE_NOT_TEXT', 'routes.csv', "'routes.csv' is not UTF-8 text (invalid UTF-8)"],
    ]);
  });

  test('a folder where a table file is expected is FILE_IS_DIRECTORY', async () => {
    const result = await loadModel(await folder({ 'model.yaml': BASE, 'routes.csv': null }));
    expect(result.issues.map((i) => [i.code, i.file])).toEqual([['FILE_IS_DIRECTORY', 'routes.csv']]);
  });

  test('unsupported extensions are FILE_UNSUPPORTED; a lone CSV table is not a model', async () => {
    const dir = await folder({ 'notes.txt': 'x', 'routes.csv': 'from,to\n' });
    const txt = await loadModel(join(dir, 'notes.txt'));
    expect(txt.issues.map((i) => [i.code, i.file])).toEqual([['FILE_UNSUPPORTED', 'notes.txt']]);
    const csv = await loadModel(join(dir, 'routes.csv'));
    expect(csv.issues[0]?.fix).toBe('a CSV file holds one table; pass the model folder that contains it');
  });

  test('two sources for one table are TABLE_SOURCE_CONFLICT; only the first (.yaml, .yml, .json, .csv) is read', async () => {
    const dir = await folder({
      'model.yaml': BASE,
      'routes.csv': 'from,to\nmine,plant\n',
      'routes.yaml': '- { from: plant, to: mine }\n',
    });
    const result = await loadModel(dir);
    expect(brief(result.issues)).toEqual([
      {
        code: 'TABLE_SOURCE_CONFLICT',
        severity: 'error',
        file: 'routes.csv',
        line: undefined,
        column: undefined,
        path: [],
      },
    ]);
    expect(result.issues[0]?.fix).toBe(
      "keep one of 'routes.yaml' and 'routes.csv'; only 'routes.yaml' was read",
    );
    expect(result.input).toMatchObject({ routes: [{ from: 'plant', to: 'mine' }] });
  });

  test('model.yaml and model.json together conflict', async () => {
    const result = await loadModel(await folder({ 'model.yaml': BASE, 'model.json': '{}' }));
    expect(result.issues.map((i) => [i.code, i.message])).toEqual([
      ['TABLE_SOURCE_CONFLICT', "the model comes from both 'model.yaml' and 'model.json'"],
    ]);
  });

  test('a misspelt table file is a FILE_UNKNOWN warning with did-you-mean; the model still loads', async () => {
    const result = await loadModel(
      await folder({ 'model.yaml': BASE, 'rotues.csv': 'from,to\n', 'README.md': '# notes' }),
    );
    expect(brief(result.issues)).toEqual([
      {
        code: 'FILE_UNKNOWN',
        severity: 'warning',
        file: 'rotues.csv',
        line: undefined,
        column: undefined,
        path: [],
      },
    ]);
    expect(result.issues[0]?.fix).toBe("did you mean 'routes'?");
    expect(result.model?.facilities).toHaveLength(2);
  });
});

describe('syntax', () => {
  test('malformed YAML is YAML_SYNTAX with line and column', async () => {
    const result = await loadModel(
      await folder({ 'model.yaml': 'schemaVersion: 1\nname: [unclosed\nhorizon: 3\n' }),
    );
    expect(result.issues.map((i) => i.code)).toContain('YAML_SYNTAX');
    expect(result.issues.every((i) => i.file === 'model.yaml' && i.line !== undefined)).toBe(true);
    expect(result.input).toBeUndefined();
  });

  test('a duplicate YAML key is YAML_SYNTAX at its line', async () => {
    const result = await loadModel(await folder({ 'model.yaml': `${BASE}name: again\n` }));
    expect(brief(result.issues)).toEqual([
      { code: 'YAML_SYNTAX', severity: 'error', file: 'model.yaml', line: 11, column: 1, path: [] },
    ]);
  });

  test('malformed JSON is JSON_SYNTAX with line and column', async () => {
    const dir = await folder({ 'm.json': '{\n  "schemaVersion": 1,\n  "name": "t"\n  "horizon": {}\n}\n' });
    const result = await loadModel(join(dir, 'm.json'));
    expect(brief(result.issues)).toEqual([
      { code: 'JSON_SYNTAX', severity: 'error', file: 'm.json', line: 4, column: 3, path: [] },
    ]);
  });

  test('an unclosed quote in CSV is CSV_SYNTAX', async () => {
    const result = await loadModel(
      await folder({ 'model.yaml': BASE, 'routes.csv': 'from,to\n"mine,plant\n' }),
    );
    expect(result.issues.map((i) => [i.code, i.file])).toEqual([['CSV_SYNTAX', 'routes.csv']]);
  });

  test('a model file that is not a mapping is MODEL_NOT_MAPPING', async () => {
    const result = await loadModel(await folder({ 'model.yaml': '- a\n- b\n' }));
    expect(brief(result.issues)).toEqual([
      {
        code: 'MODEL_NOT_MAPPING',
        severity: 'error',
        file: 'model.yaml',
        line: 1,
        column: undefined,
        path: [],
      },
    ]);
  });

  test('a table file that is not a list is TABLE_FILE_INVALID', async () => {
    const result = await loadModel(await folder({ 'model.yaml': BASE, 'routes.yaml': 'just text\n' }));
    expect(result.issues.map((i) => [i.code, i.file, i.line])).toEqual([
      ['TABLE_FILE_INVALID', 'routes.yaml', 1],
    ]);
  });

  test('rows cannot be appended to an inline table that is not a list: TABLE_NOT_LIST', async () => {
    const result = await loadModel(
      await folder({ 'model.yaml': `${BASE}routes: 5\n`, 'routes.csv': 'from,to\nmine,plant\n' }),
    );
    expect(result.issues.map((i) => i.code)).toEqual(['TABLE_NOT_LIST', 'SCHEMA_INVALID_TYPE']);
    expect(result.issues[1]).toMatchObject({
      file: 'model.yaml',
      line: 11,
      path: ['routes'],
      message: "'routes' must be a list; found 5",
    });
  });
});

describe('schema issues carry file and line', () => {
  test('an unknown top-level key gets did-you-mean at its line', async () => {
    const result = await loadModel(await folder({ 'model.yaml': `${BASE}facilites: []\n` }));
    expect(result.issues).toEqual([
      {
        code: 'SCHEMA_UNKNOWN_FIELD',
        severity: 'error',
        path: ['facilites'],
        message: "unknown field 'facilites'",
        fix: "did you mean 'facilities'?",
        file: 'model.yaml',
        line: 11,
        column: 1,
      },
    ]);
  });

  test('a missing field, a wrong type, a bad unit, a value out of range and a misspelt option', async () => {
    const text =
      BASE.replace('periods: 12', 'periods: twelve').replace(
        '{ id: ore, kind: ore }',
        '{ id: ore, kind: oxyde }',
      ) + '  - { id: conc }\nroutes:\n  - { from: mine, to: plant, capacity: lots, cost: -5 }\n';
    const result = await loadModel(await folder({ 'model.yaml': text }));
    // Columns point at the key of the field: 'periods' starts at column 28 of line 3, 'kind' at 16
    // of line 10, 'capacity' at 30 and 'cost' at 46 of line 13; a missing field points at its item.
    expect(brief(result.issues)).toEqual([
      {
        code: 'SCHEMA_INVALID_TYPE',
        severity: 'error',
        file: 'model.yaml',
        line: 3,
        column: 28,
        path: ['horizon', 'periods'],
      },
      {
        code: 'SCHEMA_INVALID_VALUE',
        severity: 'error',
        file: 'model.yaml',
        line: 10,
        column: 16,
        path: ['materials', 0, 'kind'],
      },
      {
        code: 'SCHEMA_MISSING_FIELD',
        severity: 'error',
        file: 'model.yaml',
        line: 11,
        column: 5,
        path: ['materials', 1, 'kind'],
      },
      {
        code: 'VALUE_OUT_OF_RANGE',
        severity: 'error',
        file: 'model.yaml',
        line: 13,
        column: 46,
        path: ['routes', 0, 'cost'],
      },
      {
        code: 'UNIT_INVALID',
        severity: 'error',
        file: 'model.yaml',
        line: 13,
        column: 30,
        path: ['routes', 0, 'capacity'],
      },
    ]);
    expect(result.issues[0]?.message).toBe("'periods' must be a number; found 'twelve'");
    expect(result.issues[1]?.fix).toBe("did you mean 'oxide'?");
    expect(result.issues[3]?.message).toBe("'cost': expected at least 0 USD/t; found -5");
  });

  test('JSON files are located by line too', async () => {
    const dir = await folder({
      'm.json':
        '{\n  "schemaVersion": 1,\n  "name": "t",\n  "horizon": { "start": "2026-01", "periods": "x" }\n}\n',
    });
    const result = await loadModel(join(dir, 'm.json'));
    expect(brief(result.issues)).toEqual([
      {
        code: 'SCHEMA_INVALID_TYPE',
        severity: 'error',
        file: 'm.json',
        line: 4,
        column: 36,
        path: ['horizon', 'periods'],
      },
    ]);
  });

  test('rows of a YAML table file are located in that file', async () => {
    const dir = await folder({
      'model.yaml': BASE,
      'materials.yaml': '- id: conc\n  kind: concentrate\n  reo: 2\n',
    });
    const result = await loadModel(dir);
    expect(brief(result.issues)).toEqual([
      {
        code: 'VALUE_OUT_OF_RANGE',
        severity: 'error',
        file: 'materials.yaml',
        line: 3,
        column: 3,
        path: ['materials', 1, 'reo'],
      },
    ]);
  });
});

describe('CSV tables', () => {
  test('a missing required column is reported once, not once per row', async () => {
    const result = await loadModel(
      await folder({ 'model.yaml': BASE, 'routes.csv': 'from,cost\nmine,1\nplant,2\n' }),
    );
    expect(brief(result.issues)).toEqual([
      {
        code: 'CSV_MISSING_COLUMN',
        severity: 'error',
        file: 'routes.csv',
        line: 1,
        column: undefined,
        path: [],
      },
    ]);
    expect(result.issues[0]?.message).toBe("a routes table needs a column 'to'; the header has none");
  });

  test('a cell of the wrong type names row and column', async () => {
    const result = await loadModel(
      await folder({
        'model.yaml': BASE,
        'routes.csv': 'from,to,mode,distanceKm\nmine,plant,rail,10\nplant,mine,rail,far\n',
      }),
    );
    expect(brief(result.issues)).toEqual([
      { code: 'CSV_INVALID_VALUE', severity: 'error', file: 'routes.csv', line: 3, column: 4, path: [] },
    ]);
    expect(result.issues[0]?.message).toBe("column 'distanceKm' expects a number; found 'far'");
  });

  test('an unknown column gets did-you-mean', async () => {
    const result = await loadModel(
      await folder({ 'model.yaml': BASE, 'routes.csv': 'from,to,cots\nmine,plant,1\n' }),
    );
    expect(result.issues.map((i) => [i.code, i.line, i.column, i.fix])).toEqual([
      ['CSV_UNKNOWN_COLUMN', 1, 3, "did you mean 'cost'?"],
    ]);
  });

  test('schema issues of CSV rows name the file, row and column', async () => {
    const result = await loadModel(
      await folder({
        'model.yaml': BASE,
        'routes.csv': 'from,to,cost,leadTime\nmine,plant,1,2d\nplant,mine,abc,3d\n',
      }),
    );
    expect(brief(result.issues)).toEqual([
      {
        code: 'UNIT_INVALID',
        severity: 'error',
        file: 'routes.csv',
        line: 3,
        column: 3,
        path: ['routes', 1, 'cost'],
      },
    ]);
  });

  test('numbers where the schema wants numbers, unit text kept, lists split on ;, lat/lon for facilities', async () => {
    const dir = await folder({
      'model.yaml': BASE.replace(/facilities:\n.*\n.*\n/, ''),
      'facilities.csv': 'id,jurisdiction,lat,lon,storage.ore\nmine,CN,41.5,109.9,50 kt\nplant,CN,,,\n',
      'processes.csv': 'facility,id,stage,outputs.ore,capacity\nmine,dig,mining,1,360000/yr\n',
      'routes.csv': 'from,to,materials,capacity\nmine,plant,ore;ore,30 kt/yr\n',
    });
    const result = await loadModel(dir);
    expect(result.issues).toEqual([]);
    expect(result.model?.facilities[0]).toMatchObject({
      location: [41.5, 109.9],
      storage: { ore: 50_000 },
      processes: [{ id: 'dig', capacity: 360_000 }],
    });
    expect(result.model?.routes[0]).toMatchObject({ materials: ['ore', 'ore'], capacity: 30_000 });
  });

  test('a process of an unknown facility gets did-you-mean at its row', async () => {
    const result = await loadModel(
      await folder({
        'model.yaml': BASE,
        'processes.csv': 'facility,id,stage,capacity\nmines,dig,mining,10\n',
      }),
    );
    expect(result.issues.map((i) => [i.code, i.file, i.line, i.column, i.fix])).toEqual([
      ['PROCESS_UNKNOWN_FACILITY', 'processes.csv', 2, 1, "did you mean 'mine'?"],
    ]);
  });

  test('a row longer than the header is CSV_ROW_LENGTH', async () => {
    const result = await loadModel(
      await folder({ 'model.yaml': BASE, 'routes.csv': 'from,to\nmine,plant,extra\n' }),
    );
    expect(result.issues.map((i) => [i.code, i.line])).toEqual([['CSV_ROW_LENGTH', 2]]);
  });

  test('a distribution defined twice is DISTRIBUTION_CONFLICT', async () => {
    const result = await loadModel(
      await folder({
        'model.yaml': `${BASE}distributions: { d1: { La: 100 } }\n`,
        'distributions.csv': 'id,La,Ce\nd1,50,50\nd2,20,80\n',
      }),
    );
    expect(result.issues.map((i) => [i.code, i.file, i.line])).toEqual([
      ['DISTRIBUTION_CONFLICT', 'distributions.csv', 2],
    ]);
    expect(result.input).toMatchObject({ distributions: { d1: { La: 100 }, d2: { La: 20, Ce: 80 } } });
  });
});

describe('locateIssues', () => {
  test('annotates path-only issues (from semantic checks) with file, row and column', async () => {
    const result = await loadModel(
      await folder({ 'model.yaml': BASE, 'routes.csv': 'from,to\nmine,plant\nplant,nowhere\n' }),
    );
    expect(result.issues).toEqual([]);
    const checked: Issue[] = [
      {
        code: 'REF_UNKNOWN',
        severity: 'error',
        path: ['routes', 1, 'to'],
        message: "unknown facility 'nowhere'",
      },
      { code: 'REF_UNKNOWN', severity: 'error', path: ['facilities', 1, 'jurisdiction'], message: 'x' },
      { code: 'X', severity: 'error', path: [], message: 'whole model', file: 'elsewhere.yaml' },
    ];
    expect(brief(locateIssues(checked, result.sources))).toEqual([
      {
        code: 'REF_UNKNOWN',
        severity: 'error',
        file: 'routes.csv',
        line: 3,
        column: 2,
        path: ['routes', 1, 'to'],
      },
      {
        code: 'REF_UNKNOWN',
        severity: 'error',
        file: 'model.yaml',
        line: 8,
        column: 18,
        path: ['facilities', 1, 'jurisdiction'],
      },
      { code: 'X', severity: 'error', file: 'elsewhere.yaml', line: undefined, column: undefined, path: [] },
    ]);
    expect(result.sources.files).toEqual(['model.yaml', 'routes.csv']);
  });
});

describe('XLSX', () => {
  test('a file that is not a workbook is XLSX_INVALID', async () => {
    const dir = await folder({ 'book.xlsx': 'not a zip' });
    const result = await loadModel(join(dir, 'book.xlsx'));
    expect(result.issues.map((i) => [i.code, i.file])).toEqual([['XLSX_INVALID', 'book.xlsx']]);
  });

  test('sheets are read like CSV tables; issues name book#sheet, row and column', async () => {
    const workbook = new ExcelJS.Workbook();
    const model = workbook.addWorksheet('model');
    model.addRows([
      ['key', 'value'],
      ['schemaVersion', 1],
      ['nmae', 't'],
      ['horizon.start', new Date(Date.UTC(2026, 0, 1))],
      ['horizon.periods', 12],
    ]);
    workbook.addWorksheet('jurisdictions').addRows([
      ['id', 'name'],
      ['CN', 'China'],
    ]);
    workbook.addWorksheet('facilities').addRows([
      ['id', 'jurisdiction', 'lat', 'lon'],
      ['mine', 'CN', 41.5, 'east'],
    ]);
    workbook.addWorksheet('notes').addRows([['anything']]);
    const dir = await folder({});
    await workbook.xlsx.writeFile(join(dir, 'book.xlsx'));
    const result = await loadModel(join(dir, 'book.xlsx'));
    expect(result.issues.map((i) => [i.code, i.severity, i.file, i.line, i.column, i.fix])).toEqual([
      ['SCHEMA_UNKNOWN_FIELD', 'error', 'book.xlsx#model', 3, 1, "did you mean 'name'?"],
      ['CSV_INVALID_VALUE', 'error', 'book.xlsx#facilities', 2, 4, "write a number in column 'lon'"],
      ['SHEET_UNKNOWN', 'warning', 'book.xlsx#notes', undefined, undefined, "did you mean 'routes'?"],
      ['SCHEMA_MISSING_FIELD', 'error', 'book.xlsx#model', undefined, undefined, "add 'name'"],
      ['VALUE_OUT_OF_RANGE', 'error', 'book.xlsx#facilities', 2, 3, 'use a value at least 2'],
    ]);
    expect(result.input).toMatchObject({
      horizon: { start: '2026-01', periods: 12 },
      facilities: [{ location: [41.5] }],
    });
  });
});
