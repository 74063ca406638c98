import { describe, expect, it } from 'vitest';
import { run } from '../cli/run.js';

describe('reeflow simulate / stockpile', () => {
  it('simulates the bundled world model under the April 2025 controls and prints JSON', async () => {
    const result = await run([
      'simulate',
      'data/world',
      '--scenario',
      'export-control-2025-04',
      '--runs',
      '4',
      '--days',
      '120',
      '--seed',
      '5',
      '--json',
      '--quiet',
    ]);
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    const parsed = JSON.parse(result.stdout) as {
      runs: number;
      allocation: string;
      scenario: string;
      invariantViolations: number;
      demands: unknown[];
      series: { ends: number[]; system: { fillRate: { p5: number[] } }; demands: unknown[] };
    };
    expect(parsed).toMatchObject({
      runs: 4,
      allocation: 'plan',
      scenario: 'export-control-2025-04',
      invariantViolations: 0,
    });
    // 120 days: 17 weeks and a last bucket of one day.
    expect(parsed.series.ends).toEqual([...Array.from({ length: 17 }, (_, b) => 7 * (b + 1)), 120]);
    expect(parsed.series.system.fillRate.p5).toHaveLength(18);
    expect(parsed.series.demands).toHaveLength(parsed.demands.length);
  }, 120_000);

  it('prints a summary and a progress line with runs, rate and ETA', async () => {
    const result = await run([
      'simulate',
      'data/examples/../world',
      '--runs',
      '3',
      '--days',
      '30',
      '--allocation',
      'pro-rata',
      '--outage-rate',
      '1',
    ]);
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('3 runs × 30 days, seed 1, allocation pro-rata');
    expect(result.stderr).toMatch(/3\/3 runs \| [\d.]+ runs\/s \| ETA/);
  }, 120_000);

  it('runs once when the scenario has no random events, and says so (D19)', async () => {
    const result = await run(['simulate', 'tests/fixtures/la-ce.yaml', '--runs', '50', '--days', '30']);
    expect(result.code).toBe(0);
    expect(result.stderr).toContain(
      'no random events in this scenario, so every run is the same: running once instead of 50',
    );
    expect(result.stdout).toContain('1 run × 30 days');
    expect(result.stdout).toContain(
      'No random events (no outages, route closures, demand surges or licence draws)',
    );
  });

  it('reports bad input as coded errors', async () => {
    expect((await run(['simulate', 'data/world', '--runs', '0'])).stderr).toContain(
      'error CLI_BAD_OPTION: --runs expects a whole number',
    );
    expect(
      (await run(['simulate', 'data/world', '--allocation', 'pro-rata', '--outage-rate', '-1', '--quiet']))
        .stderr,
    ).toContain('error CLI_BAD_OPTION');
    const unknown = await run(['simulate', 'data/world', '--scenario', 'heavy-bam', '--quiet']);
    expect(unknown.code).toBe(1);
    expect(unknown.stderr).toContain('heavy-ban');
    const down = await run([
      'simulate',
      'data/world',
      '--allocation',
      'pro-rata',
      '--runs',
      '2',
      '--days',
      '10',
      '--quiet',
      '--database',
      'postgres://postgres@127.0.0.1:1/test',
    ]);
    expect(down.stderr).toContain('error SIM_QUEUE_UNREACHABLE');
  }, 120_000);

  it('sizes a stockpile', async () => {
    const result = await run([
      'stockpile',
      'data/world',
      '--scenario',
      'heavy-ban',
      '--material',
      'Dy-oxide',
      '--holder',
      'JP',
      '--node',
      'japan-metal',
      '--target',
      '0.5',
      '--runs',
      '2',
      '--days',
      '60',
      '--allocation',
      'pro-rata',
      '--json',
    ]);
    // Progress on stderr, one line per level tried (a search on data/world takes half a minute).
    const sizing = JSON.parse(result.stdout) as { node: string; steps: { level: number }[] };
    expect(sizing.node).toBe('japan-metal');
    expect(sizing.steps.length).toBeGreaterThan(0);
    expect(
      result.stderr.match(/^sizing: .* t → fill rate [\d.]+% (meets|misses) the target$/gm),
    ).toHaveLength(sizing.steps.length);
  }, 300_000);
});
