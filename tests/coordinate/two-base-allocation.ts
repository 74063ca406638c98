import { explainAllocation, type AllocationResult } from '../../src/coordinate/index.js';

const jlmag = {
  project: 'jlmag-baotou-phase3',
  name: 'JL Mag phase III',
  status: 'construction' as const,
  capex: 146e6,
  wouldBuy: 719.38e6,
  alone: -63.64e6,
  npv: 1_318.8e6,
};

/**
 * The two-base answer of the user walk (`allocate data/two-base --budget 200M --goal cost --scenario
 * outlook-2032`), cut to three projects: the alloy plant is funded; JL Mag would buy 719.38M on top
 * of it but loses 63.64M alone (both start in 2026: 146M + 200M exceed the 200M budget).
 */
export const twoBaseUnexplained: Omit<AllocationResult, 'explanations'> = {
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
      npv: 1_421.6e6,
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

export const twoBase: AllocationResult = {
  ...twoBaseUnexplained,
  explanations: explainAllocation(twoBaseUnexplained),
};
