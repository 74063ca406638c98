import { expect } from 'vitest';
import { modelSchema, type Model } from '../../src/model/index.js';
import { plan, verifyPlan, type PlanOptions, type PlanResult } from '../../src/plan/index.js';
import type { Solver } from '../../src/solver/index.js';

/** A one-country, one-oxide starting point the tiny networks extend. */
export function tinyModel(overrides: Record<string, unknown>): Model {
  return modelSchema.parse({
    schemaVersion: 1,
    name: 'tiny',
    horizon: { start: '2026-01', periods: 1, step: 'year' },
    settings: { discountRate: 0 },
    jurisdictions: [
      { id: 'CN', name: 'China' },
      { id: 'US', name: 'United States' },
      { id: 'JP', name: 'Japan' },
      { id: 'AU', name: 'Australia' },
    ],
    materials: [
      { id: 'ox', kind: 'oxide', elements: { Nd: 1 } },
      { id: 'dy', kind: 'oxide', elements: { Dy: 1 } },
    ],
    ...overrides,
  });
}

/** A mine that makes `material` directly at `cost` per tonne (1 t REO per t). */
export function mine(
  id: string,
  jurisdiction: string,
  capacity: number,
  cost: number,
  material = 'ox',
  extra: Record<string, unknown> = {},
) {
  return {
    id,
    jurisdiction,
    processes: [{ id: 'mine', stage: 'mining', outputs: { [material]: 1 }, capacity, cost, ...extra }],
  };
}

/** Plans, asserts every invariant holds, and returns the result. */
export async function solveChecked(
  model: Model,
  solver: Solver,
  options: PlanOptions = {},
): Promise<PlanResult> {
  const result = await plan(model, { ...options, solver });
  expect(verifyPlan(model, result)).toEqual([]);
  return result;
}

export function totalFlow(
  result: PlanResult,
  predicate: (f: PlanResult['flows'][number]) => boolean,
): number {
  return result.flows.filter(predicate).reduce((a, f) => a + f.tonnes, 0);
}
