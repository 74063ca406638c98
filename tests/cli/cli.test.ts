import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { run } from './run.js';

const fixture = 'tests/fixtures/la-ce.yaml';
const tmp = (): string => mkdtempSync(join(tmpdir(), 'reeflow-cli-'));

describe('reeflow validate', () => {
  it('exits 0 on a valid model and says so', async () => {
    const result = await run(['validate', fixture]);
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/valid/);
  });

  it('reports every problem with its location and a did-you-mean, exit 1', async () => {
    const dir = tmp();
    const text = readFileSync(fixture, 'utf8')
      .replace('{ from: mine, to: sep, cost: 5 }', '{ from: mien, to: sep, cost: 5 }')
      .replace('capacity: 1000/yr, cost: 10', 'capacity: lots, cost: 10');
    writeFileSync(join(dir, 'model.yaml'), text);
    const result = await run(['validate', dir, '--json']);
    expect(result.code).toBe(1);
    const report = JSON.parse(result.stdout) as {
      valid: boolean;
      issues: { code: string; message: string; line?: number; file?: string }[];
    };
    expect(report.valid).toBe(false);
    expect(
      report.issues.some(
        (i) => i.code === 'UNIT_INVALID' && i.file === 'model.yaml' && typeof i.line === 'number',
      ),
    ).toBe(true);
  });

  it('reports a missing path as a coded error, not a stack trace', async () => {
    const result = await run(['validate', 'no/such/model']);
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/FILE_NOT_FOUND|MODEL_NOT_FOUND/);
    expect(result.stderr).not.toMatch(/\n\s+at /);
  });

  it('applies and checks a scenario; an unknown one is an error with a suggestion', async () => {
    expect((await run(['validate', fixture, '--scenario', 'nd-ban'])).code).toBe(0);
    const result = await run(['validate', fixture, '--scenario', 'nd-bam']);
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/SCENARIO_UNKNOWN/);
    expect(result.stderr).toMatch(/nd-ban/);
  });

  it('reports an unknown --scenario as a command-line mistake, not a model error (D9)', async () => {
    // Before: "model.yaml:5:1: error SCENARIO_UNKNOWN at scenarios: …" and "<model>: not valid".
    for (const command of ['validate', 'plan', 'risk']) {
      const result = await run([command, fixture, '--scenario', 'nd-bam']);
      expect(result.code).toBe(1);
      expect(result.stderr).toContain(
        `error SCENARIO_UNKNOWN: --scenario 'nd-bam' is not a scenario of ${fixture}; did you mean 'nd-ban'?`,
      );
      expect(result.stderr).not.toMatch(/la-ce\.yaml:\d+/);
      expect(result.stderr + result.stdout).not.toContain('not valid');
    }
  });
});

describe('reeflow risk', () => {
  it('refuses a --through that is no jurisdiction or bloc, with the nearest id (D8)', async () => {
    // Before, an unknown id printed a table of 0.0% and exit 0.
    const result = await run([
      'risk',
      fixture,
      '--metric',
      'exposure',
      '--consumer',
      'user',
      '--through',
      'CNN',
    ]);
    expect(result.code).not.toBe(0);
    expect(result.stderr).toContain(
      "error RISK_UNKNOWN_PARTY: through 'CNN' is not a jurisdiction or bloc of the model; did you mean 'CN'?",
    );
    expect(result.stdout).not.toContain('0.0%');
  });

  it('refuses an unknown metric with the nearest name', async () => {
    const result = await run(['risk', fixture, '--metric', 'hhhi']);
    expect(result.code).not.toBe(0);
    expect(result.stderr).toContain("error RISK_UNKNOWN_METRIC: unknown metric 'hhhi'; did you mean 'hhi'?");
  });

  it('refuses HHI by bloc, whose holders overlap', async () => {
    const result = await run(['risk', fixture, '--metric', 'hhi', '--by', 'bloc']);
    expect(result.code).not.toBe(0);
    expect(result.stderr).toContain('RISK_BLOC_UNSUPPORTED');
  });
});

describe('reeflow inspect and schema', () => {
  it('inspect --json counts components and sums capacity by stage and country', async () => {
    const result = await run(['inspect', fixture, '--json']);
    expect(result.code).toBe(0);
    const summary = JSON.parse(result.stdout) as {
      counts: Record<string, number>;
      capacity: { stage: string; jurisdiction: string; effective: number; reoOutput: number }[];
    };
    expect(summary.counts['facilities']).toBe(3);
    // The mine's capacity is 1,000 t of concentrate at 0.5 REO: 500 t REO a year, all in China.
    expect(summary.capacity.find((r) => r.stage === 'mining')).toMatchObject({
      jurisdiction: 'CN',
      effective: 1000,
      reoOutput: 500,
    });
  });

  it('schema prints the JSON Schema of the model format', async () => {
    const result = await run(['schema']);
    const schema = JSON.parse(result.stdout) as { properties: Record<string, unknown> };
    expect(Object.keys(schema.properties)).toContain('facilities');
  });

  it('--help lists the commands', async () => {
    const result = await run(['--help']);
    expect(result.code).toBe(0);
    for (const command of ['validate', 'inspect', 'schema', 'plan']) expect(result.stdout).toContain(command);
  });
});

describe('reeflow plan', () => {
  it('--json prints the result with the hand-computed optimum', async () => {
    const result = await run(['plan', fixture, '--json', '--quiet']);
    expect(result.code).toBe(0);
    const plan = JSON.parse(result.stdout) as {
      status: string;
      objective: { value: number };
      costs: Record<string, number>;
    };
    expect(plan.status).toBe('optimal');
    expect(plan.objective.value).toBeCloseTo(14_400, 4);
    expect(plan.costs['disposal']).toBeCloseTo(300, 6);
  });

  it('a scenario changes the plan: the Nd ban leaves Japan short', async () => {
    const result = await run(['plan', fixture, '--scenario', 'nd-ban', '--quiet']);
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/Shortfalls/);
    expect(result.stdout).toMatch(/export control nd-ban binds/);
  });

  it('rejects an unknown objective with the accepted forms', async () => {
    const result = await run(['plan', fixture, '--objective', 'cheapest']);
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/PLAN_UNKNOWN_OBJECTIVE.*dependence:JURISDICTION/);
  });

  it('writes LP and MPS files that glpsol and cbc solve to the same optimum', async () => {
    const dir = tmp();
    const lp = join(dir, 'plan.lp');
    const mps = join(dir, 'plan.mps');
    const result = await run(['plan', fixture, '--lp', lp, '--mps', mps, '--quiet']);
    expect(result.code).toBe(0);
    const hasBinary = (name: string): boolean => {
      try {
        execFileSync('sh', ['-c', `command -v ${name}`]);
        return true;
      } catch {
        return false;
      }
    };
    if (!hasBinary('glpsol') && process.env['REEFLOW_REQUIRE_SERVICES'] !== '1') return;
    const out = join(dir, 'glpk.txt');
    execFileSync('glpsol', ['--lp', lp, '-o', out]);
    expect(readFileSync(out, 'utf8')).toMatch(/Objective:\s+obj = 14400 \(MINimum\)/);
    if (!hasBinary('cbc') && process.env['REEFLOW_REQUIRE_SERVICES'] !== '1') return;
    const cbc = execFileSync('cbc', [mps, 'solve', 'quit'], { encoding: 'utf8' });
    expect(cbc).toMatch(/Optimal objective 14400/);
  });
});
