// A pooled stockpile in the daily kernel: released to its bloc's members only.
import { describe, expect, it } from 'vitest';
import { modelSchema } from '../../src/model/index.js';
import { createSimulator } from '../../src/simulate/simulate.js';
import { checkRun } from '../../src/simulate/invariants.js';
import { traced } from './helpers.js';

/**
 * A mine in CN (2 t/day) ships 1 t/day each to a maker in JP (MSP) and one in OT (no bloc), 1 day
 * away; CN bans Dy exports in February; an MSP stock of `level` t sits at a hub in AU.
 */
const pooledChain = (stockpile: Record<string, unknown>) =>
  modelSchema.parse({
    schemaVersion: 1,
    name: 'pooled',
    horizon: { start: '2026-01', periods: 12, step: 'month' },
    jurisdictions: [
      { id: 'CN', name: 'China' },
      { id: 'JP', name: 'Japan', blocs: ['MSP'] },
      { id: 'AU', name: 'Australia', blocs: ['MSP'] },
      { id: 'OT', name: 'Other' },
    ],
    materials: [{ id: 'dy', kind: 'oxide', elements: { Dy: 1 } }],
    facilities: [
      {
        id: 'mine',
        jurisdiction: 'CN',
        processes: [{ id: 'mine', stage: 'mining', outputs: { dy: 1 }, capacity: 730 }],
      },
      { id: 'maker', jurisdiction: 'JP', kind: 'consumer' },
      { id: 'other', jurisdiction: 'OT', kind: 'consumer' },
      { id: 'hub', jurisdiction: 'AU', kind: 'consumer' },
    ],
    routes: [
      { from: 'mine', to: 'maker', leadTime: '1d' },
      { from: 'mine', to: 'other', leadTime: '1d' },
      { from: 'hub', to: 'other', leadTime: '1d' },
    ],
    demands: [
      { node: 'maker', material: 'dy', quantity: 365 },
      { node: 'other', material: 'dy', quantity: 365 },
    ],
    policies: [
      {
        id: 'ban',
        kind: 'export-control',
        from: 'CN',
        elements: ['Dy'],
        mode: 'ban',
        start: '2026-02',
        end: '2026-02',
      },
    ],
    stockpiles: [
      { id: 'pool', holder: 'MSP', node: 'hub', material: 'dy', level: 56, releaseTo: ['MSP'], ...stockpile },
    ],
  });

describe('a stockpile held by a bloc, in the simulation', () => {
  it('covers the member through the ban and not the non-member', () => {
    // The ban stops arrivals 2 Feb – 1 Mar (28 days): the JP maker lacks 1 t on each of them and the
    // pool releases it the same day (delivery 0 d): 28 t, none short. OT lacks the same 28 t and gets
    // nothing although a route leaves the hub for it. The pool ends at 56 − 28 = 28 t.
    const model = pooledChain({});
    const run = traced(createSimulator(model, { days: 365 }), 0, 1);
    expect(run.served[0]).toBeCloseTo(365, 9);
    expect(365 - (run.served[1] ?? 0)).toBeCloseTo(28, 9);
    expect(run.stockMin[0]).toBeCloseTo(28, 9);
    expect(run.trace.stockpile.every((m) => m.to === 'maker')).toBe(true);
    expect(checkRun(model, run.trace)).toEqual([]);
  });

  it('a delivery time of 10 days: a pooled stock far away leaves the member short while it travels', () => {
    // Arrivals stop 2 Feb – 1 Mar. On 2 Feb the maker has nothing: the pool sends 1 × (1 + 10) = 11 t,
    // arriving 12 Feb; 2–11 Feb are short (10 t). The 11 t last 12–22 Feb; on 23 Feb the maker is
    // empty again and 11 t more arrive on 5 Mar, too late for 23 Feb – 1 Mar (7 t). Short 17 t.
    const model = pooledChain({ deliveryTime: '10d' });
    const run = traced(createSimulator(model, { days: 365 }), 0, 1);
    expect(365 - (run.served[0] ?? 0)).toBeCloseTo(17, 9);
    expect(checkRun(model, run.trace)).toEqual([]);
  });
});

describe('an offtake share in the simulation', () => {
  // A mine in CN makes 1 t/day; a maker in JP (MSP) and one in CN each want 1 t/day, 1 day away.
  const shared = (policies: unknown[]) =>
    modelSchema.parse({
      schemaVersion: 1,
      name: 'offtake',
      horizon: { start: '2026-01', periods: 12, step: 'month' },
      jurisdictions: [
        { id: 'CN', name: 'China' },
        { id: 'JP', name: 'Japan', blocs: ['MSP'] },
      ],
      materials: [{ id: 'dy', kind: 'oxide', elements: { Dy: 1 } }],
      facilities: [
        {
          id: 'mine',
          jurisdiction: 'CN',
          processes: [{ id: 'mine', stage: 'mining', outputs: { dy: 1 }, capacity: 365 }],
        },
        { id: 'jp', jurisdiction: 'JP', kind: 'consumer' },
        { id: 'cn', jurisdiction: 'CN', kind: 'consumer' },
      ],
      routes: [
        { from: 'mine', to: 'jp', leadTime: '1d' },
        { from: 'mine', to: 'cn', leadTime: '1d' },
      ],
      demands: [
        { node: 'jp', material: 'dy', quantity: 365 },
        { node: 'cn', material: 'dy', quantity: 365 },
      ],
      policies,
    });

  it('ships the reserved share to the members first', () => {
    // Pro rata, each maker gets half of the 1 t/day: 182.5 t a year each. With 80% of the mine's
    // output reserved for the MSP, Japan gets 0.8 × 365 = 292 t and China the other 73 t.
    const free = createSimulator(shared([]), { days: 365, allocation: 'pro-rata' }).run(0, 1);
    const model = shared([{ id: 'o', kind: 'offtake', from: 'mine', to: 'MSP', share: 0.8 }]);
    const run = traced(createSimulator(model, { days: 365, allocation: 'pro-rata' }), 0, 1);
    expect(checkRun(model, run.trace)).toEqual([]);
    expect([free.served[0], free.served[1]]).toEqual([182.5, 182.5]);
    expect(run.served[0]).toBeCloseTo(292, 9);
    expect(run.served[1]).toBeCloseTo(73, 9);
  });
});
