import { describe, expect, it } from 'vitest';
import { explainAllocation } from '../../src/coordinate/index.js';
import { twoBaseUnexplained } from './two-base-allocation.js';

describe('an allocation explains its numbers', () => {
  const [nextBest, complement, stage, ...rest] = explainAllocation(twoBaseUnexplained);

  it('says why the next best is left out: the budget, and alone it would not pay', () => {
    // 146M + 200M started in 2026 exceed 200M a year; alone JL Mag makes cost 63.64M worse.
    expect(nextBest).toBe(
      'JL Mag phase III (jlmag-baotou-phase3) is not funded though it would buy the most: with it the capex started in one year would exceed the budget of USD 200M a year, and alone, instead of the funded projects, it would not pay.',
    );
  });

  it('says when a value depends on the funded projects (Baiyin is worth -68M either way: no sentence)', () => {
    expect(complement).toBe(
      'JL Mag phase III (jlmag-baotou-phase3) complements the funded projects: on top of them it would buy USD 719.38M, alone USD -63.64M.',
    );
    expect(rest).toEqual([]);
  });

  it('explains an unfunded project under construction (the funded one under construction needs no word)', () => {
    expect(stage).toBe(
      "JL Mag phase III (jlmag-baotou-phase3) is at stage 'construction' yet not funded: its stage does not decide funding, its decision (optional) does, so its whole capex (USD 146M) counts against the budget in the year construction starts. Set decision: committed in the model when its money is spent or secured (committed projects are built and funded outside the budget).",
    );
  });

  it('reconciles a positive standalone NPV with a project that would make the plan dearer', () => {
    // Northern Gold Dragon on two-base: NPV +274.19M (projects report), −17.57M on top of the alloy plant.
    const ngd = {
      project: 'ngd-baotou-separation',
      name: 'NGD separation',
      status: 'approved' as const,
      capex: 65.9e6,
      wouldBuy: -17.57e6,
      alone: -17.71e6,
      npv: 274.19e6,
    };
    expect(explainAllocation({ ...twoBaseUnexplained, unfunded: [ngd] })).toContain(
      "NGD separation (ngd-baotou-separation) has a standalone NPV of USD 274.19M, yet on top of the funded projects it would make the plan's cost USD 17.57M worse: its NPV values its own output at the model's prices; the plan counts what it changes for the whole system.",
    );
    // Not for goals counted in tonnes: NPV and the goal are not in one unit.
    expect(
      explainAllocation({ ...twoBaseUnexplained, unit: 't short', unfunded: [ngd] }).some((e) =>
        e.includes('standalone NPV'),
      ),
    ).toBe(false);
  });

  it('claims no budget reason over several scenarios (a heuristic), and names substitutes and overlaps', () => {
    const explained = explainAllocation({
      ...twoBaseUnexplained,
      scenarios: ['outlook-2032', 'la-ce-market-slump'],
      chosen: [
        { project: 'a', status: 'proposed', capex: 1e6, buys: 1e6, alone: 3e6 },
        { project: 'b', status: 'proposed', capex: 1e6, buys: 2e6, alone: 2e6 },
      ],
      unfunded: [{ project: 'c', status: 'proposed', capex: 1e6, wouldBuy: 0.5e6, alone: 4e6 }],
    });
    expect(explained).toEqual([
      'a overlaps with the other funded projects: alone it would buy USD 3M, with them USD 1M.',
      'c substitutes for the funded projects: alone it would buy USD 4M, on top of them USD 0.5M.',
    ]);
  });
});
