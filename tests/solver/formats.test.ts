// The exported LP and MPS files, with readable names, must mean the same problem to other solvers.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import {
  createHighsWasmSolver,
  createProblemBuilder,
  findNativeSolvers,
  toLpFormat,
  toMpsFormat,
  type Problem,
} from '../../src/solver/index.js';
import { knapsack, mixedBounds, oddNames, smallMax } from './fixtures.js';

const installed = findNativeSolvers(process.env.PATH ?? '');
const haveBinaries = installed.includes('cbc') && installed.includes('glpk');
const mustRun = process.env.REEFLOW_REQUIRE_SERVICES === '1';
const directory = mkdtempSync(join(tmpdir(), 'reeflow-formats-'));
const highs = createHighsWasmSolver();

afterAll(async () => {
  rmSync(directory, { recursive: true, force: true });
  await highs.dispose();
});

function glpsol(format: '--lp' | '--freemps', file: string, max: boolean): number {
  const report = join(directory, 'glpsol.txt');
  execFileSync('glpsol', [format, file, ...(max ? ['--max'] : []), '-o', report], { encoding: 'utf8' });
  return Number(/Objective:\s+\S+ = (\S+)/.exec(readFileSync(report, 'utf8'))?.[1]);
}

function cbc(file: string, max: boolean): number {
  const solution = join(directory, 'cbc.txt');
  execFileSync('cbc', [file, ...(max ? ['-max'] : []), '-solve', '-solution', solution], {
    encoding: 'utf8',
  });
  return Number(/objective value\s+(\S+)/.exec(readFileSync(solution, 'utf8'))?.[1]);
}

const cases: [string, () => Problem][] = [
  ['small max LP', smallMax],
  ['knapsack MIP', knapsack],
  ['ranged, free and fixed', mixedBounds],
  ['odd names', oddNames],
];

describe.runIf(haveBinaries || mustRun)('LP and MPS files read by glpsol and cbc', () => {
  it.each(cases)('%s: same objective as HiGHS WASM', async (label, make) => {
    const problem = make();
    const expected = (await highs.solve(problem)).objective ?? Number.NaN;
    const max = problem.sense === 'max';
    const lpFile = join(directory, `${label.replace(/\W/g, '_')}.lp`);
    const mpsFile = join(directory, `${label.replace(/\W/g, '_')}.mps`);
    writeFileSync(lpFile, toLpFormat(problem, { names: 'readable', includeOffset: false }));
    writeFileSync(
      mpsFile,
      toMpsFormat(problem, { names: 'readable', includeOffset: false, includeSense: false, markFree: true }),
    );
    expect(glpsol('--lp', lpFile, max)).toBeCloseTo(expected, 6);
    expect(glpsol('--freemps', mpsFile, max)).toBeCloseTo(expected, 6);
    expect(cbc(mpsFile, max)).toBeCloseTo(expected, 6);
    expect(cbc(lpFile, max)).toBeCloseTo(expected, 6);
  });
});

describe('writers', () => {
  it('writes readable names sanitised, unique and stable', () => {
    const text = toLpFormat(oddNames(), { names: 'readable' });
    expect(text).toContain('flow(baotou,NdPr_oxide,2026_03)');
    expect(text).toContain('flow_baotou_NdPr_oxide_2026_03_c2');
    expect(text).not.toMatch(/\[|\]/);
    expect(toLpFormat(oddNames(), { names: 'readable' })).toBe(text);
  });

  it('writes the offset as a constant in LP and as -RHS of the objective in MPS', () => {
    const b = createProblemBuilder({ objectiveOffset: 10 });
    b.addRow('r', [[b.addColumn('x', { cost: 1 }), 1]], { lower: 1 });
    const problem = b.build();
    expect(toLpFormat(problem)).toContain(' obj: + 1 c0 + 10\n');
    expect(toMpsFormat(problem)).toContain(' RHS obj -10\n');
  });

  it('writes integer columns with markers and explicit bounds, ranges in RANGES', () => {
    const mps = toMpsFormat(knapsack());
    expect(mps).toContain("'MARKER' 'INTORG'");
    expect(mps).toContain(' UP BND c0 1');
    expect(toMpsFormat(mixedBounds())).toMatch(/RANGES\n RNG r0 2\n/);
    expect(toMpsFormat(mixedBounds())).toContain(' FR BND c0');
    expect(toMpsFormat(mixedBounds())).toContain(' FX BND c1 2');
  });
});
