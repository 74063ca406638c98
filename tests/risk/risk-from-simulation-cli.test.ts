// `reeflow risk --from` reads a saved simulation as well as a saved plan.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { run } from '../cli/run.js';

describe('reeflow risk --from a simulation', () => {
  it('measures concentration on the simulated flows of binding-quota', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'reeflow-risk-sim-'));
    const out = join(dir, 'sim.json');
    const simulated = await run([
      'simulate',
      'data/examples/binding-quota',
      '--runs',
      '4',
      '--days',
      '60',
      '--seed',
      '3',
      // Outages make the runs differ; without random events the simulation runs once (D19).
      '--outage-rate',
      '1',
      '--out',
      out,
      '--quiet',
    ]);
    expect(simulated.code).toBe(0);
    const measured = await run([
      'risk',
      'data/examples/binding-quota',
      '--from',
      out,
      '--metric',
      'hhi',
      '--stage',
      'mining',
      '--json',
      '--quiet',
    ]);
    expect(measured.code).toBe(0);
    const report = JSON.parse(measured.stdout) as {
      status: string;
      metrics: { name: string; values: { stage: string; value: number; holders: number }[] }[];
    };
    expect(report.status).toBe('simulation, 4 runs');
    const mining = report.metrics[0]?.values.find((v) => v.stage === 'mining');
    // Two mining countries (CN, AU): the HHI lies between 10,000/2 and 10,000.
    expect(mining?.holders).toBe(2);
    expect(mining?.value).toBeGreaterThanOrEqual(5000);
    expect(mining?.value).toBeLessThanOrEqual(10000);
  });

  it('says how to save flows when the file is neither kind of result', async () => {
    const result = await run([
      'risk',
      'data/examples/binding-quota',
      '--from',
      'data/examples/binding-quota/model.yaml',
      '--quiet',
    ]);
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/RESULT_INVALID/);
  });
});
