// `reeflow plan` prints the environment tables, and with --objective emissions the comparison with
// the least-cost plan, on the bundled two-base model.
import { describe, expect, it } from 'vitest';
import { run } from './run.js';

describe('reeflow plan: environment', () => {
  it('prints indicators by country and stage, and what the emissions plan changes', async () => {
    const result = await run(['plan', 'data/two-base', '--quiet', '--objective', 'emissions']);
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(
      /Environment by country[^\n]*\ncountry\s+energy MWh\s+emissions tCO2e\s+water m3\s+residue t/,
    );
    for (const stage of ['mining', 'separation', 'metal', 'alloy', 'magnet', 'transport'])
      expect(result.stdout).toMatch(new RegExp(`\\n${stage}\\s+[\\d,]+\\s+[\\d,]+`));
    expect(result.stdout).toContain('Against the least-cost plan');
    expect(result.stdout).toMatch(
      /Avoids [\d,]+ tCO2e for [\d,]+ USD more \([\d,.]+ USD per tCO2e avoided\)\./,
    );
    // Bayan Obo concentrate is separated at Baotou in the least-cost plan; the emissions plan separates less there.
    expect(result.stdout).toMatch(
      /baotou-separation\/separate\s+CN\s+separation\s+[\d,]+\s+[\d,]+\s+-[\d,]+/,
    );
  });

  it('--json carries the environment and the comparison', async () => {
    const result = await run(['plan', 'data/two-base', '--quiet', '--objective', 'emissions', '--json']);
    const plan = JSON.parse(result.stdout) as {
      environment: { total: Record<string, number> };
      leastCost: { emissionsAvoided: number; shifts: unknown[] };
    };
    expect(plan.environment.total['residue']).toBeGreaterThan(0);
    expect(plan.leastCost.emissionsAvoided).toBeGreaterThan(0);
    expect(plan.leastCost.shifts.length).toBeGreaterThan(0);
  });
});
