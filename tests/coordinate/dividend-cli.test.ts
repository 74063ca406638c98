// `reeflow dividend` on the two-province model of dividend.test.ts (hand-computed there).
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { run } from '../cli/run.js';
import { TWO_PROVINCES } from './two-provinces.js';

let dir: string;
let file: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'reeflow-dividend-'));
  file = join(dir, 'two-provinces.json');
  await writeFile(file, JSON.stringify(TWO_PROVINCES));
});
afterAll(() => rm(dir, { recursive: true, force: true }));

describe('reeflow dividend', () => {
  it('reports the 2,500 USD dividend at market prices, and the 1,500 B would need', async () => {
    const { code, stdout } = await run(['dividend', file, '--prices', 'market', '--quiet']);
    expect(code).toBe(0);
    expect(stdout).toContain('regions by jurisdiction level 2, trade at market prices');
    expect(stdout).toMatch(/cost, USD\s+-8,500\s+-6,000\s+2,500\n/);
    expect(stdout).toMatch(/CN-A\s+-16,000\s+-12,000\s+4,000\s+-1,500\s/);
    expect(stdout).toMatch(/CN-B\s+7,500\s+6,000\s+-1,500\s+1,500\s/);
    expect(stdout).toContain('The joint plan leaves every region at least as well off as alone');
  });

  it('answers JSON with the regions, gains and transfers', async () => {
    const { code, stdout } = await run(['dividend', file, '--prices', 'market', '--json']);
    expect(code).toBe(0);
    const d = JSON.parse(stdout) as {
      dividend: number;
      regions: { region: string; gain: number; transfer: number }[];
    };
    expect(d.dividend).toBeCloseTo(2500, 3);
    expect(d.regions.map((r) => [r.region, Math.round(r.gain), Math.round(r.transfer)])).toEqual([
      ['CN-A', 4000, -1500],
      ['CN-B', -1500, 1500],
    ]);
  });

  it('groups by operator, and refuses a level that leaves one region or a bad option', async () => {
    const byOperator = await run(['dividend', file, '--by', 'operator', '--json']);
    expect(byOperator.code).toBe(0);
    expect((JSON.parse(byOperator.stdout) as { basis: string }).basis).toBe('operator');
    const one = await run(['dividend', file, '--level', '1']);
    expect(one.code).toBe(1);
    expect(one.stderr).toContain('DIVIDEND_BAD_REGIONS');
    const bad = await run(['dividend', file, '--prices', 'list']);
    expect(bad.code).toBe(1);
    expect(bad.stderr).toContain("--prices expects shadow or market; got 'list'");
    const scenario = await run(['dividend', file, '--scenario', 'nope']);
    expect(scenario.code).toBe(1);
    expect(scenario.stderr).toContain("--scenario 'nope' is not a scenario");
  });
});
