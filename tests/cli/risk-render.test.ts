import { describe, expect, it } from 'vitest';
import { run } from './run.js';

const MODEL = 'tests/fixtures/la-ce.yaml';

/**
 * A Chinese Nd ban on the La/Ce fixture: Japan's 100 t of Nd oxide go unserved. The supply cost
 * falls by the whole 14,400 USD (nothing is made), the total cost rises by 1,000,000 − 14,400.
 */
describe('risk tables read without the docs (D12)', () => {
  it('vulnerability: headers in words with units, status said once, the negative cost explained', async () => {
    const { code, stdout } = await run([
      'risk',
      MODEL,
      '--metric',
      'vulnerability',
      '--through',
      'CN',
      '--elements',
      'Nd',
    ]);
    expect(code).toBe(0);
    const [, header = '', , row = ''] = stdout.split('\n');
    expect(header.split(/ {2,}/)).toEqual([
      'restricted',
      'demand',
      'node',
      'element',
      'short before (t REO)',
      'short after (t REO)',
      'supply cost increase (USD)',
      'total cost increase (USD)',
      'extra short (t REO)',
    ]);
    expect(row.trim().split(/ {2,}/)).toEqual([
      'Nd',
      'user:Nd-oxide',
      'user',
      'Nd',
      '0',
      '100',
      '-14,400',
      '985,600',
      '100',
    ]);
    expect(stdout).not.toMatch(/shortBefore|costIncrease| optimal {2}/);
    expect(stdout).toContain('  status: optimal (every row)');
    expect(stdout).toContain(
      'Note: the supply cost falls under the Nd restriction (-14,400 USD) because demand goes unserved',
    );
  });

  it('diversification-cost prints its cost increase once', async () => {
    const { stdout } = await run([
      'risk',
      MODEL,
      '--metric',
      'diversification',
      '--consumer',
      'user',
      '--through',
      'CN',
      '--elements',
      'Nd',
    ]);
    const header = stdout.split('\n')[1] ?? '';
    expect(header.split(/ {2,}/)).toEqual([
      'max share',
      'supply cost (USD)',
      'short (t)',
      'feasible',
      'binds',
      'supply cost increase (USD)',
    ]);
  });

  it('hhi: one pair of parentheses in the title', async () => {
    const { stdout } = await run(['risk', MODEL, '--metric', 'hhi']);
    expect(stdout.split('\n')[0]).toBe(
      'hhi: HHI (0–10,000) — Herfindahl–Hirschman index of output by country',
    );
    expect(stdout.split('\n')[1]?.split(/ {2,}/)).toEqual([
      'stage',
      'element',
      'period',
      'holders',
      'top',
      'top share',
      'total',
      'HHI (0–10,000)',
    ]);
  });
});
