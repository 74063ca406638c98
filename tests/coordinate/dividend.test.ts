// The coordination dividend on a two-province model with a hand-computed answer.
//
// Province A (CN-A) has a cheap mine (10 USD/t, 1,000 t/yr) and no separation; it may sell 300 t/yr
// of ore on a market at A's mine for 50 USD/t. Province B (CN-B) has a dear mine (40 USD/t) and a
// separation plant (20 USD/t of ore) serving 100 t/yr of oxide; ore goes A → B for 5 USD/t.
//
// Joint: A mines 400 t (300 to the market, 100 to B): 400×10 + 100×5 + 100×20 − 300×50 = −8,500.
// Shadow price of ore at A's mine: 10 (its mine has spare capacity).
// Market prices (the ore market's 50): B alone buys nothing (50 + 5 > 40) and mines its own ore;
// A alone sells all it can at 50 and offers 1,000 t. No trade is agreed, so the decentralised
// outcome is A: 300×10 − 300×50 = −12,000 and B: 100×40 + 100×20 = 6,000, total −6,000:
// the dividend is 2,500 = 100 t × (40 − 10 − 5).
// Accounts at 50 a tonne: joint A = 4,000 − 15,000 − 100×50 = −16,000, B = 2,000 + 500 + 5,000 = 7,500;
// gains (decentralised − joint): A 4,000, B −1,500. B needs 1,500 from A to be as well off as alone.
// Shadow prices (10): B alone buys 100 t at 10 + 5 < 40, A offers them, and the outcome is the joint
// plan: the dividend is 0.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { measureDividend, toRegions } from '../../src/coordinate/index.js';
import { createSolver, type Solver } from '../../src/solver/index.js';
import { twoProvinces } from './two-provinces.js';

let solver: Solver;
beforeAll(() => {
  solver = createSolver('highs');
});
afterAll(async () => {
  await solver.dispose();
});

describe('the coordination dividend', () => {
  it('groups facilities by the shallowest jurisdiction level with two regions, or by operator', () => {
    const model = twoProvinces();
    const byProvince = toRegions(model, { by: 'jurisdiction' });
    expect(byProvince.basis).toBe('jurisdiction level 2');
    expect([...byProvince.members]).toEqual([
      ['CN-A', ['a-mine']],
      ['CN-B', ['b-plant']],
    ]);
    expect([...toRegions(model, { by: 'operator' }).members.keys()]).toEqual(['A Mining', 'B Rare Earth']);
    expect(() => toRegions(model, { by: 'jurisdiction', level: 1 })).toThrow(/one region \(CN\)/);
  });

  it('at market prices: 2,500 USD, B would need 1,500 from A', async () => {
    const d = await measureDividend(twoProvinces(), { solver, prices: 'market' });
    expect(d.joint.cost).toBeCloseTo(-8500, 3);
    expect(d.decentralised.cost).toBeCloseTo(-6000, 3);
    expect(d.dividend).toBeCloseTo(2500, 3);
    const [a, b] = d.regions;
    expect(a?.joint.cost).toBeCloseTo(-16000, 3);
    expect(b?.joint.cost).toBeCloseTo(7500, 3);
    expect(a?.decentralised.cost).toBeCloseTo(-12000, 3);
    expect(b?.decentralised.cost).toBeCloseTo(6000, 3);
    expect(a?.gain).toBeCloseTo(4000, 3);
    expect(b?.gain).toBeCloseTo(-1500, 3);
    expect(b?.transfer).toBeCloseTo(1500, 3);
    expect(a?.transfer).toBeCloseTo(-1500, 3);
    expect(d.transfersSuffice).toBe(true);
    expect(d.trade).toEqual([
      expect.objectContaining({ route: 'a-mine->b-plant', joint: 100, wanted: 0, offered: 1000, agreed: 0 }),
    ]);
    // Output and quota-free use: A mines 400 t jointly and 300 alone; B mines 100 t alone.
    expect(a?.joint.outputReo.mining).toBeCloseTo(400, 6);
    expect(a?.decentralised.outputReo.mining).toBeCloseTo(300, 6);
    expect(b?.decentralised.outputReo.mining).toBeCloseTo(100, 6);
    expect(d.joint.unattributed).toBeCloseTo(0, 6);
  });

  it("at the joint plan's shadow prices the regions reproduce it: no dividend", async () => {
    const d = await measureDividend(twoProvinces(), { solver, prices: 'shadow' });
    expect(d.dividend).toBeCloseTo(0, 3);
    expect(d.trade[0]).toMatchObject({ wanted: 100, offered: 700, agreed: 100 });
    expect(d.regions.map((r) => r.joint.cost)).toEqual([expect.closeTo(-12000, 3), expect.closeTo(3500, 3)]);
  });

  it('never finds the decentralised outcome cheaper than the joint plan (the invariant)', async () => {
    for (const prices of ['shadow', 'market'] as const)
      for (const regions of [{ by: 'jurisdiction' as const }, { by: 'operator' as const }]) {
        const d = await measureDividend(twoProvinces(), { solver, prices, regions });
        expect(d.decentralised.cost).toBeGreaterThanOrEqual(d.joint.cost - 1e-6);
        expect(d.dividend).toBeGreaterThanOrEqual(0);
        const charged =
          d.regions.reduce((s, r) => s + r.decentralised.cost, 0) + d.decentralised.unattributed;
        expect(charged).toBeCloseTo(d.decentralised.cost, 6);
      }
  });
});
