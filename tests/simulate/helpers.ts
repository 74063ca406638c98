import { modelSchema, type Model } from '../../src/model/index.js';
import type { RunSummary, Simulator } from '../../src/simulate/simulate.js';
import type { Trace } from '../../src/simulate/state.js';

/**
 * A chain: mine (CN, 365 t/yr = 1 t/day) → consumer (JP, 365 t/yr), one route with `leadTime`.
 * Horizon: 12 months from 2026-01, so day 31 is 1 February.
 */
export function chainModel(overrides: Record<string, unknown> = {}, leadTime = '1d'): Model {
  return modelSchema.parse({
    schemaVersion: 1,
    name: 'chain',
    horizon: { start: '2026-01', periods: 12, step: 'month' },
    jurisdictions: [
      { id: 'CN', name: 'China' },
      { id: 'JP', name: 'Japan' },
    ],
    materials: [{ id: 'dy', kind: 'oxide', elements: { Dy: 1 } }],
    facilities: [
      {
        id: 'mine',
        jurisdiction: 'CN',
        processes: [{ id: 'mine', stage: 'mining', outputs: { dy: 1 }, capacity: 365 }],
      },
      { id: 'maker', jurisdiction: 'JP', kind: 'consumer' },
    ],
    routes: [{ from: 'mine', to: 'maker', leadTime }],
    demands: [{ node: 'maker', material: 'dy', quantity: 365 }],
    ...overrides,
  });
}

/** Runs one traced replication and returns it with its trace (never undefined). */
export function traced(sim: Simulator, run: number, seed: number): RunSummary & { trace: Trace } {
  const result = sim.run(run, seed, { trace: true });
  if (!result.trace) throw new Error('expected a trace');
  return { ...result, trace: result.trace };
}
