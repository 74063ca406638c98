/**
 * The layering lint (eslint.config.js) catches what it claims: each test lints a planted file at a
 * path inside the repository (ESLint's lintText with a filePath; nothing is written) and expects the
 * named rule to fail it, and the same file without the violation to pass.
 */
import { ESLint } from 'eslint';
import { describe, expect, it } from 'vitest';

const eslint = new ESLint({ cwd: process.cwd() });

/** The rules that fail `text` as if it were the file at `path`. */
async function failingRules(path: string, text: string): Promise<string[]> {
  const [result] = await eslint.lintText(text, { filePath: `${process.cwd()}/${path}` });
  return (result?.messages ?? []).map((m) => m.ruleId ?? `fatal: ${m.message}`);
}

describe('a domain file reading the clock, randomness, threads, the host or env', () => {
  it.each([
    ['src/monitor/planted.ts', 'export const now = (): number => Date.now();\n', 'no-restricted-properties'],
    ['src/plan/planted.ts', 'export const now = (): Date => new Date();\n', 'no-restricted-syntax'],
    [
      'src/risk/planted.ts',
      'export const now = (): number => performance.now();\n',
      'no-restricted-properties',
    ],
    [
      'src/coordinate/planted.ts',
      "import { performance } from 'node:perf_hooks';\nexport const now = (): number => performance.now();\n",
      'no-restricted-imports',
    ],
    [
      'src/simulate/planted.ts',
      'export const draw = (): number => Math.random();\n',
      'no-restricted-properties',
    ],
    [
      'src/simulate/planted.ts',
      "import { randomInt } from 'node:crypto';\nexport const draw = (): number => randomInt(6);\n",
      'no-restricted-imports',
    ],
    [
      'src/solver/planted.ts',
      "import { Worker } from 'node:worker_threads';\nexport const start = (f: string): Worker => new Worker(f);\n",
      'no-restricted-imports',
    ],
    [
      'src/model/planted.ts',
      "import { cpus } from 'node:os';\nexport const cores = (): number => cpus().length;\n",
      'no-restricted-imports',
    ],
    [
      'src/calibrate/planted.ts',
      "export const level = (): string | undefined => process.env['LEVEL'];\n",
      'no-restricted-properties',
    ],
  ])('%s: %s fails %s', async (path, text, rule) => {
    expect(await failingRules(path, text)).toContain(rule);
  });

  it('passes a time given as a value, a hash, and a clock passed in', async () => {
    const text = [
      "import { createHash } from 'node:crypto';",
      'export const at = (iso: string): Date => new Date(iso);',
      "export const hash = (s: string): string => createHash('sha256').update(s).digest('hex');",
      'export const elapsed = (clock: () => number, start: number): number => clock() - start;',
      '',
    ].join('\n');
    expect(await failingRules('src/monitor/planted.ts', text)).toEqual([]);
  });
});

describe('a domain file importing the outer ring or a higher layer', () => {
  it.each([
    ['src/plan/planted.ts', '../server/app.js'],
    ['src/plan/formulation/planted.ts', '../../cli/main.js'],
    ['src/monitor/alerts/planted.ts', '../../store/index.js'],
    ['src/model/planted.ts', '../contract/index.js'],
    ['src/plan/planted.ts', '../risk/index.js'],
    ['src/model/load/planted.ts', '../../plan/index.js'],
    ['src/solver/planted.ts', '../model/index.js'],
    ['src/simulate/planted.ts', '../risk/index.js'],
  ])('%s importing %s fails reeflow/layers', async (path, source) => {
    expect(await failingRules(path, `import { x } from '${source}';\nexport const y = x;\n`)).toContain(
      'reeflow/layers',
    );
  });

  it('fails a dynamic import and a re-export the same way', async () => {
    expect(
      await failingRules('src/risk/planted.ts', "export const m = import('../server/main.js');\n"),
    ).toContain('reeflow/layers');
    expect(await failingRules('src/risk/planted.ts', "export { x } from '../cli/io.js';\n")).toContain(
      'reeflow/layers',
    );
  });

  it('passes the directions LAYERS allows', async () => {
    const text =
      "import { x } from '../model/index.js';\nimport { y } from '../solver/index.js';\nexport const z = [x, y];\n";
    expect(await failingRules('src/plan/planted.ts', text)).toEqual([]);
    expect(
      await failingRules(
        'src/risk/planted.ts',
        "import { x } from '../simulate/index.js';\nexport const y = x;\n",
      ),
    ).toEqual([]);
  });
});

describe('a domain file reaching inside another domain folder', () => {
  it.each([
    ['src/risk/planted.ts', '../plan/formulation/context.js'],
    ['src/simulate/planted.ts', '../model/load/load-model.js'],
    ['src/coordinate/planted.ts', '../solver/adapters/native.js'],
  ])('%s importing %s fails reeflow/layers', async (path, source) => {
    expect(await failingRules(path, `import { x } from '${source}';\nexport const y = x;\n`)).toContain(
      'reeflow/layers',
    );
  });

  it('passes the public entry and the documented light entries', async () => {
    const cases: [string, string][] = [
      ['src/risk/planted.ts', '../plan/index.js'],
      ['src/simulate/planted.ts', '../model/core.js'],
      ['src/plan/planted.ts', '../solver/problem.js'],
    ];
    for (const [path, source] of cases)
      expect(
        await failingRules(path, `import { x } from '${source}';\nexport const y = x;\n`),
        source,
      ).toEqual([]);
  });
});

describe('a web file importing from src/', () => {
  it.each([
    '../../src/plan/index.js',
    '../../src/model/elements.js',
    '../../src/contract/schemas.js',
    '../../src/server/errors.js',
  ])('web/src/planted.ts importing %s fails reeflow/layers', async (source) => {
    const rules = await failingRules(
      'web/src/planted.ts',
      `import type { X } from '${source}';\nexport type Y = X;\n`,
    );
    expect(rules).toContain('reeflow/layers');
  });

  it('passes an import of the contract module', async () => {
    const text = "import type { X } from '../../../src/contract/index.js';\nexport type Y = X;\n";
    expect(await failingRules('web/src/views/planted.ts', text)).toEqual([]);
  });
});

describe('the contract module', () => {
  it('fails a value import of domain code and passes a type import', async () => {
    expect(
      await failingRules(
        'src/contract/planted.ts',
        "import { plan } from '../plan/index.js';\nexport const p = plan;\n",
      ),
    ).toContain('reeflow/layers');
    expect(
      await failingRules(
        'src/contract/planted.ts',
        "import type { PlanResult } from '../plan/index.js';\nexport type P = PlanResult;\n",
      ),
    ).toEqual([]);
  });
});
