import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { run } from '../cli/run.js';

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'reeflow-allocate-'));
  // The three-project network of allocate.test.ts: A +30 t for 30,000, B +45 t for 60,000, C +20 t for 25,000.
  const project = (id: string, capacity: number, capex: number) => ({
    id,
    facility: 'mine',
    expands: { process: 'mine', capacity },
    capex,
    buildTime: 0,
    lifetimeYears: 1,
  });
  await writeFile(
    join(dir, 'three.json'),
    JSON.stringify({
      schemaVersion: 1,
      name: 'three projects',
      horizon: { start: '2026-01', periods: 1, step: 'year' },
      settings: { discountRate: 0 },
      jurisdictions: [
        { id: 'AU', name: 'Australia' },
        { id: 'JP', name: 'Japan' },
      ],
      materials: [{ id: 'ox', kind: 'oxide', elements: { Nd: 1 } }],
      facilities: [
        {
          id: 'mine',
          jurisdiction: 'AU',
          processes: [{ id: 'mine', stage: 'mining', outputs: { ox: 1 }, capacity: 40, cost: 1 }],
        },
        { id: 'user', jurisdiction: 'JP', kind: 'consumer' },
      ],
      routes: [{ from: 'mine', to: 'user' }],
      demands: [{ node: 'user', material: 'ox', quantity: 100, unmetCost: 2000 }],
      projects: [project('A', 30, 30_000), project('B', 45, 60_000), project('C', 20, 25_000)],
    }),
  );
});
afterAll(() => rm(dir, { recursive: true, force: true }));

describe('reeflow projects', () => {
  it('lists the two-base pipeline with dates and economics', async () => {
    const { code, stdout } = await run(['projects', 'data/two-base', '--json']);
    expect(code).toBe(0);
    const report = JSON.parse(stdout) as {
      asOf: string;
      rows: { project: string; commissioning?: string; constructionStart?: string; costOfCapital: number }[];
    };
    expect(report.asOf).toBe('2026-01-01');
    expect(report.rows.find((r) => r.project === 'baiyin-expansion')).toMatchObject({
      constructionStart: '2027-01-01',
      commissioning: '2027-10-02',
    });
    // ngd: 40M at 3.5 % and 25.9M at 8 %
    expect(report.rows.find((r) => r.project === 'ngd-baotou-separation')?.costOfCapital).toBeCloseTo(
      (40 * 0.035 + 25.9 * 0.08) / 65.9,
      12,
    );
    const text = await run(['projects', 'data/two-base', '--expedite', 'permitting']);
    expect(text.stdout).toMatch(/baiyin-expansion\s+proposed\s+2026-10-02\s+2027-07-03/);
    // Names beside ids, the currency, standalone NPV against system value, and the rail upgrade's NPV explained.
    expect(text.stdout).toMatch(
      /ngd-baotou-separation .* Northern Gold Dragon \(Baotou\) separation, 5,000 t\/yr REO\n/,
    );
    expect(text.stdout).toContain("Capex and NPV in USD millions (the model's currency).");
    expect(text.stdout).toContain(
      "NPV is standalone: the project's own cash flows at the model's prices. It is not the project's system value",
    );
    expect(text.stdout).toContain(
      'Baiyin-Baotou rail freight upgrade (baiyin-baotou-rail-upgrade) makes no product of its own',
    );
  });

  it('answers bad dates and stages with codes', async () => {
    expect(await run(['projects', 'data/two-base', '--as-of', '2026-13-01'])).toMatchObject({
      code: 1,
      stderr: expect.stringContaining('error BAD_DATE'),
    });
    expect(await run(['projects', 'data/two-base', '--expedite', 'paperwork'])).toMatchObject({
      code: 1,
      stderr: expect.stringContaining('error CLI_BAD_OPTION'),
    });
  });
});

describe('reeflow allocate', () => {
  it('funds A and C under 60,000 for least shortfall and says what B would buy', async () => {
    const { code, stdout } = await run([
      'allocate',
      join(dir, 'three.json'),
      '--budget',
      '60k',
      '--goal',
      'shortfall',
      '--quiet',
    ]);
    expect(code).toBe(0);
    expect(stdout).toContain('with the chosen projects: 10; with no optional project: 60');
    expect(stdout).toContain(
      '(each a total over the plan horizon, 1 year from 2026-01; capex in USD millions)',
    );
    // Columns: capex, buys (others kept), alone (A alone adds 30 t, C alone 20 t), standalone NPV
    // (A: −30,000 capex then 30 t at a margin of −1 USD/t, at rate 0: −30,030).
    expect(stdout).toMatch(/A\s+0.03M\s+30\s+30\s+-0.03M\s*\n/);
    expect(stdout).toMatch(/C\s+0.03M\s+20\s+20\s+-0.03M\s*\n/);
    // B alone adds 45 t, but on top of A and C only the last 10 t are short: it substitutes for them.
    expect(stdout).toContain(
      'Next best: B, capex 0.06M: would buy 10 on top of the funded projects, 45 alone.\n\nB is not funded though it would buy the most: with it the capex started in one year would exceed the budget of USD 0.06M a year.',
    );
    expect(stdout).toContain(
      'B substitutes for the funded projects: alone it would buy 45, on top of them 10.',
    );
    const json = JSON.parse(
      (await run(['allocate', join(dir, 'three.json'), '--budget', '60000', '--goal', 'cost', '--json']))
        .stdout,
    ) as { chosen: { project: string }[]; value: number };
    expect(json.chosen.map((c) => c.project)).toEqual(['A', 'C']);
    expect(json.value).toBeCloseTo(75_090, 4);
  });

  it('answers negative budgets and unknown goals with codes', async () => {
    expect(await run(['allocate', join(dir, 'three.json'), '--budget=-5M'])).toMatchObject({
      code: 1,
      stderr: expect.stringContaining('error ALLOCATE_NEGATIVE_BUDGET'),
    });
    expect(await run(['allocate', join(dir, 'three.json'), '--goal', 'profit'])).toMatchObject({
      code: 1,
      stderr: expect.stringContaining('error ALLOCATE_BAD_GOAL'),
    });
    expect(await run(['allocate', join(dir, 'three.json'), '--funder-budget', 'bank=1M'])).toMatchObject({
      code: 1,
      stderr: expect.stringContaining("no project is financed by 'bank'"),
    });
  });
});
