import { describe, expect, it } from 'vitest';
import { measuredOver, toAllocationRows } from '../../web/src/lib/allocation.js';
import { npvNotes } from '../../web/src/lib/projects.js';
import { twoBase } from '../coordinate/two-base-allocation.js';

describe('the allocation panel names projects and says what it measures', () => {
  it('one row per project by name (id kept), chosen, unfunded, then fixed, with values with the others and alone', () => {
    expect(toAllocationRows(twoBase)).toEqual([
      {
        project: 'nre-alloy-baotou',
        label: 'NRE alloy plant',
        decision: 'chosen',
        status: 'construction',
        capex: 200e6,
        withOthers: 99.81e6,
        alone: 99.81e6,
        npv: 1_421.6e6,
      },
      {
        project: 'jlmag-baotou-phase3',
        label: 'JL Mag phase III',
        decision: 'unfunded',
        status: 'construction',
        capex: 146e6,
        withOthers: 719.38e6,
        alone: -63.64e6,
        npv: 1_318.8e6,
      },
      {
        project: 'baiyin-expansion',
        label: 'Baiyin expansion',
        decision: 'unfunded',
        status: 'proposed',
        capex: 130e6,
        withOthers: -68e6,
        alone: -68e6,
      },
      { project: 'rail', label: 'Rail upgrade', decision: 'committed', status: 'approved' },
    ]);
  });

  it('says over which horizon and in which currency the totals are', () => {
    expect(measuredOver(twoBase)).toBe('total plan cost over 7 years from 2026-01 (not discounted, USD)');
    expect(
      measuredOver({
        goal: 'shortfall',
        unit: 't short',
        currency: 'USD',
        horizons: [{ start: '2026-01', periods: 1, step: 'month' }],
      }),
    ).toBe('t short, in total over 1 month from 2026-01');
  });
});

describe('the projects table says what its NPV is', () => {
  it('standalone, in the model currency, and why an upgrade with no product has a negative NPV', () => {
    const notes = npvNotes(
      [
        { project: 'ngd', name: 'NGD separation', volumeBasis: 'capacity' },
        { project: 'rail', name: 'Rail upgrade', volumeBasis: 'none' },
      ],
      'USD',
    );
    expect(notes).toHaveLength(2);
    expect(notes[0]).toMatch(/^Capex and NPV in USD\. NPV is standalone: the project's own cash flows/);
    expect(notes[0]).toContain("It is not the project's system value");
    expect(notes[1]).toBe(
      'Rail upgrade makes no product of its own (an infrastructure upgrade): its cash flows are its capex and running costs, so its NPV is negative and it never pays back; its worth is to the system.',
    );
  });
});
