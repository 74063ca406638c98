import { describe, expect, it } from 'vitest';
import { horizonText, renderAllocation } from '../../src/cli/allocate-render.js';
import { twoBase } from '../coordinate/two-base-allocation.js';

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
    // Standalone NPV beside the system values; Baiyin has none in this fixture.
    expect(text).toMatch(/nre-alloy-baotou\s+200M\s+99.81M\s+99.81M\s+1,421.6M\s+NRE alloy plant\n/);
    expect(text).toMatch(/jlmag-baotou-phase3\s+146M\s+719.38M\s+-63.64M\s+1,318.8M\s+JL Mag phase III\n/);
    expect(text).toMatch(/baiyin-expansion\s+130M\s+-68M\s+-68M\s+–\s+Baiyin expansion\n/);
    expect(text).toContain(
      "Not the allocation's to decide: Rail upgrade (rail) (committed: built, funded outside the budget)",
    );
  });

  it('prints the next best with and without the funded projects, then the explanations', () => {
    expect(text).toContain(
      'Next best: JL Mag phase III (jlmag-baotou-phase3), capex 146M: would buy 719.38M on top of the funded projects, -63.64M alone.\n',
    );
    for (const sentence of twoBase.explanations) expect(text).toContain(`${sentence}\n`);
    expect(twoBase.explanations).toHaveLength(3);
  });

  it('says how system value differs from standalone NPV', () => {
    expect(text).toContain('buys, would buy and alone are system values');
    expect(text).toContain('NPV is standalone, as `reeflow projects` gives it');
  });
});
