import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { renderComparison } from '../../src/cli/compare-render.js';
import { run } from './run.js';

const MODEL = 'tests/fixtures/la-ce.yaml';

/** Base: 14,400 USD, Japan served in full. nd-ban: all 100 t short at 10,000 USD/t (the fixture's header). */
describe('reeflow compare of two plans (D10)', () => {
  const dir = mkdtempSync(join(tmpdir(), 'reeflow-compare-plans-'));
  const base = join(dir, 'base.json');
  const ban = join(dir, 'ban.json');
  beforeAll(async () => {
    expect((await run(['plan', MODEL, '--out', base])).code).toBe(0);
    expect((await run(['plan', MODEL, '--scenario', 'nd-ban', '--out', ban])).code).toBe(0);
  });

  it('shows changed rows only, shares as percentages under a b − a header, without percentiles', async () => {
    const { code, stdout } = await run(['compare', base, ban, '--model', MODEL]);
    expect(code).toBe(0);
    expect(stdout).not.toMatch(/p5|p50|p95|statistic/);
    expect(stdout).toContain('fill-rate (%, b − a in percentage points)');
    expect(stdout).toMatch(/user:Nd-oxide +100\.0% +0\.0% +-100\.0%/);
    expect(stdout).toMatch(/total +14,400 +1,000,000 +\+985,600/);
    // mining, separation and transport costs change; the eight other categories are zero on both sides.
    expect(stdout).toContain('8 unchanged rows not shown (--all shows them)');
    expect(stdout).toContain('hhi: HHI (0–10,000)');
    expect(stdout).not.toMatch(/(^|\s)-0(\s|$)/m);
  });

  it('shows every row with --all, and a plan against itself as "no change"', async () => {
    const all = await run(['compare', base, ban, '--all']);
    expect(all.stdout).not.toContain('not shown');
    expect(all.stdout).toMatch(/\n(capital|fixed)\S* +0 +0 +0\n/);
    const same = await run(['compare', base, base]);
    expect(same.stdout).toContain('fill-rate (%, b − a in percentage points): no change in 2 rows');
  });

  it('writes two plans in JSON without the statistic dimension', async () => {
    const { stdout } = await run(['compare', base, ban, '--json']);
    const parsed = JSON.parse(stdout) as { comparisons: { name: string; values: { key: string }[] }[] };
    const fill = parsed.comparisons.find((c) => c.name === 'fill-rate (compare)');
    expect(fill?.values.map((r) => r.key)).toEqual(['demand=(system)', 'demand=user:Nd-oxide']);
  });
});

describe('renderComparison: one number format per table', () => {
  const row = (stage: string, a: number, b: number) => ({
    metric: 'output',
    key: `stage=${stage}`,
    a,
    b,
    value: b - a,
  });
  const metric = {
    name: 'output (compare)',
    unit: 't REO',
    values: [row('separation', 31.4, 188), row('recycling', 9912.02, 9911.98)],
  };

  it('prints every column whole when any value is 100 or more, and hides a difference that prints as 0', () => {
    const text = renderComparison(metric, 3, false);
    expect(text).toMatch(/separation +31 +188 +\+157/);
    expect(text).not.toContain('recycling');
    expect(text).toContain('2 unchanged rows not shown');
  });

  it('shows it with --all', () => {
    expect(renderComparison(metric, 2, true)).toMatch(/recycling +9,912 +9,912 +0\n/);
  });
});
