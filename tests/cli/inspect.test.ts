import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { run } from './run.js';

const FIXTURE = readFileSync('tests/fixtures/la-ce.yaml', 'utf8');

/** The La/Ce fixture with the mine's capacity replaced. */
function withMineCapacity(capacity: string): string {
  const dir = mkdtempSync(join(tmpdir(), 'reeflow-inspect-'));
  const file = join(dir, 'model.yaml');
  const text = FIXTURE.replace(
    'reference: conc, capacity: 1000/yr, cost: 10',
    `reference: conc, capacity: ${capacity}, cost: 10`,
  );
  expect(text).not.toBe(FIXTURE);
  writeFileSync(file, text);
  return file;
}

const row = (stdout: string, stage: string): string[] =>
  (stdout.split('\n').find((l) => l.startsWith(`${stage} `)) ?? '').trim().split(/ {2,}/);

describe('reeflow inspect at the edges (D15, D16)', () => {
  it('30 kg/yr: 0.03 t/yr shown as such, with a CAPACITY_TINY warning', async () => {
    const { code, stdout, stderr } = await run(['inspect', withMineCapacity('30 kg/yr')]);
    expect(code).toBe(0);
    // mine: 0.03 t/yr of concentrate at 0.5 REO → 0.015 t REO out.
    expect(row(stdout, 'mining')).toEqual(['mining', 'CN', '0.03', '0.03', '100.0%', '0']);
    expect(stderr).toContain('warning CAPACITY_TINY at facilities[0].processes[0].capacity');
  });

  it('a zero capacity has no share: "–"', async () => {
    const { stdout } = await run(['inspect', withMineCapacity('0/yr')]);
    expect(row(stdout, 'mining')).toEqual(['mining', 'CN', '0', '0', '–', '0']);
  });

  it('--stage filters the element-content table too', async () => {
    const { stdout } = await run(['inspect', 'tests/fixtures/la-ce.yaml', '--stage', 'mining']);
    const elements = stdout.slice(stdout.indexOf('Element content'));
    expect(elements).toMatch(/\nmining +/);
    expect(elements).not.toMatch(/\nseparation +/);
    // 1,000 t/yr of concentrate at 0.5 REO, half La and half Nd.
    expect(row(elements, 'mining')).toEqual(['mining', '250', '250']);
  });
});
