import { describe, expect, it } from 'vitest';
import { run } from '../cli/run.js';
import { BENCHMARKS } from './helpers.js';

describe('reeflow spc / anomaly / rul', () => {
  it('spc x̄-R on the piston rings: limits, phase II signals and capability; exit 2 when there are violations', async () => {
    const r = await run([
      'spc',
      `${BENCHMARKS}spc/pistonrings.csv`,
      '--chart',
      'xbar-r',
      '--phase1',
      '1-25',
      '--rules',
      '1',
      '--spec',
      '73.95,74.05',
    ]);
    expect(r.code).toBe(2);
    expect(r.stdout).toMatch(/xbar\s+74\.00118\s+73\.98805\s+74\.0143/);
    expect(r.stdout).toMatch(/nelson-1.*\b37\b/);
    expect(r.stdout).toMatch(/Cp\s+1\.70323/);
  });
  it('spc --json uses the trial column as phase I when --phase1 is absent (circuit boards: samples 1–26)', async () => {
    const r = await run(['spc', `${BENCHMARKS}spc/circuit.csv`, '--chart', 'c', '--rules', '1', '--json']);
    const out = JSON.parse(r.stdout) as {
      reference: { start: number; end: number };
      limits: { center: number };
    };
    expect(out.reference).toEqual({ start: 0, end: 26 });
    expect(out.limits.center).toBeCloseTo(516 / 26, 10);
  });
  it('coded errors: x̄-R on single values, an unknown rule', async () => {
    const a = await run(['spc', `${BENCHMARKS}spc/viscosity.csv`, '--chart', 'xbar-r']);
    expect([a.code, a.stderr]).toEqual([1, expect.stringMatching(/^error SPC_BAD_SUBGROUP/)]);
    const b = await run(['spc', `${BENCHMARKS}spc/viscosity.csv`, '--chart', 'imr', '--rules', '12']);
    expect(b.stderr).toMatch(/^error SPC_BAD_RULE/);
  });
  it('anomaly on the EC2 latency series flags windows; rul prints RMSE against the truth', async () => {
    const a = await run([
      'anomaly',
      `${BENCHMARKS}nab/ec2_request_latency_system_failure.csv`,
      '--threshold',
      '4',
      '--json',
    ]);
    const out = JSON.parse(a.stdout) as { tags: { skipped: number; flagged: unknown[] }[] };
    expect(out.tags[0]?.skipped).toBe(11); // repeated 03:00 timestamps on 2014-03-09 (DST)
    expect(out.tags[0]?.flagged.length).toBeGreaterThan(0);
    const r = await run([
      'rul',
      '--train',
      `${BENCHMARKS}cmapss/train_FD001.txt`,
      '--test',
      `${BENCHMARKS}cmapss/test_FD001.txt`,
      '--truth',
      `${BENCHMARKS}cmapss/RUL_FD001.txt`,
    ]);
    expect(r.stdout).toMatch(/RMSE 21\.02, NASA score 2041 over 100 units/);
  });
});
