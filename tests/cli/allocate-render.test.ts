import { describe, expect, it } from 'vitest';
import { horizonText, renderAllocation } from '../../src/cli/allocate-render.js';
import type { AllocationResult } from '../../src/coordinate/index.js';

const jlmag = {
  project: 'jlmag-baotou-phase3',
  name: 'JL Mag phase III',
  status: 'construction' as const,
  capex: 146e6,
  wouldBuy: 719.38e6,
  alone: -63.64e6,
};

/** The two-base answer of the user walk (`allocate --budget 200M --goal cost --scenario outlook-2032`), cut to three projects. */
const twoBase: AllocationResult = {
  goal: 'cost',
  unit: 'USD',
  currency: 'USD',
  horizons: [{ start: '2026-01', periods: 7, step: 'year' }],
  budget: 200e6,
  funderBudgets: {},
  scenarios: ['outlook-2032'],
  value: 2_828.51e6,
  baseline: 2_928.32e6,
  chosen: [
    {
      project: 'nre-alloy-baotou',
      name: 'NRE alloy plant',
      status: 'construction',
      capex: 200e6,
      buys: 99.81e6,
      alone: 99.81e6,
    },
  ],
  unfunded: [
    jlmag,
    {
      project: 'baiyin-expansion',
      name: 'Baiyin expansion',
      status: 'proposed',
      capex: 130e6,
      wouldBuy: -68e6,
      alone: -68e6,
    },
  ],
  nextBest: jlmag,
  fixed: [{ project: 'rail', name: 'Rail upgrade', status: 'approved', decision: 'committed' }],
  solves: 11,
  notes: [],
};

describe('the allocate report explains itself', () => {
  const text = renderAllocation(twoBase);

  it('says what the totals are summed over, and in which currency', () => {
    expect(horizonText({ horizons: [{ start: '2026-01', periods: 1, step: 'year' }] })).toBe(
      '1 year from 2026-01',
    );
    expect(text).toContain('with the chosen projects: 2,828.51M; with no optional project: 2,928.32M\n');
    expect(text).toContain(
      "(each the plan's total cost over its horizon, 7 years from 2026-01, not discounted, in USD millions;",
    );
  });

  it('names projects, and shows each one alone beside its value with the others', () => {
    expect(text).toMatch(/nre-alloy-baotou\s+200M\s+99.81M\s+99.81M\s+NRE alloy plant\n/);
    expect(text).toMatch(/jlmag-baotou-phase3\s+146M\s+719.38M\s+-63.64M\s+JL Mag phase III\n/);
    expect(text).toContain(
      "Not the allocation's to decide: Rail upgrade (rail) (committed: built, funded outside the budget)",
    );
  });

  it('says when a value depends on the funded projects, and why the next best is left out', () => {
    expect(text).toContain(
      'JL Mag phase III (jlmag-baotou-phase3) complements the funded projects: on top of them it would buy 719.38M, alone -63.64M.',
    );
    // 719.38M on top, but 146M + 200M started in 2026 exceed 200M, and alone it loses 63.64M.
    expect(text).toContain(
      'Next best: JL Mag phase III (jlmag-baotou-phase3), capex 146M: would buy 719.38M on top of the funded projects, -63.64M alone. It is not funded because with it the capex started in one year would exceed the budget of 200M a year, and alone, instead of the funded projects, it would not pay.',
    );
    // Baiyin is worth the same alone and on top (-68M): no sentence.
    expect(text).not.toContain('Baiyin expansion (baiyin-expansion) complements');
    expect(text).not.toContain('Baiyin expansion (baiyin-expansion) substitutes');
  });

  it('explains a project under construction that is not funded, and system value against NPV', () => {
    expect(text).toContain(
      "JL Mag phase III (jlmag-baotou-phase3) is at stage 'construction' yet not funded: its stage does not decide funding, its decision (optional) does, so its whole capex (146M) counts against the budget in the year construction starts.",
    );
    expect(text).not.toContain('NRE alloy plant (nre-alloy-baotou) is at stage');
    expect(text).toContain('They are not the standalone NPV of `reeflow projects`');
  });
});
