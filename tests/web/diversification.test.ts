import { describe, expect, it } from 'vitest';
import { curveCaption, formatCap, toCurvePoints, toCurveRow } from '../../web/src/lib/diversification.js';

// The server's answer for the what-if test's twoSources (Australia capacity 40): caps 100/50/0%
// cost 500, 1,000 and 1,200 USD; at 0% 10 t go unmet; the 100% cap does not bind.
const metric = {
  name: 'diversification-cost',
  unit: 'USD',
  notes: ['at 0% the cap can only be met by leaving demand unserved (short, t)'],
  values: [
    {
      maxShare: 1,
      status: 'optimal',
      supplyCost: 500,
      costIncrease: 0,
      shortfall: 0,
      feasible: true,
      binds: false,
      value: 0,
    },
    {
      maxShare: 0.5,
      status: 'optimal',
      supplyCost: 1000.0000001,
      costIncrease: 500.0000001,
      shortfall: 1e-9,
      feasible: true,
      binds: true,
      value: 500.0000001,
    },
    {
      maxShare: 0,
      status: 'optimal',
      supplyCost: 1200,
      costIncrease: 700,
      shortfall: 10,
      feasible: false,
      binds: true,
      value: 700,
    },
  ],
};

describe('cost-of-diversification curve', () => {
  it('maps each cap to a point: cap, supply cost, increase, short t (solver noise dropped), binds', () => {
    expect(toCurvePoints(metric)).toEqual([
      { cap: 1, supplyCost: 500, costIncrease: 0, shortfall: 0, binds: false },
      { cap: 0.5, supplyCost: 1000.0000001, costIncrease: 500.0000001, shortfall: 0, binds: true },
      { cap: 0, supplyCost: 1200, costIncrease: 700, shortfall: 10, binds: true },
    ]);
  });

  it('writes the table rows', () => {
    expect(toCurvePoints(metric).map(toCurveRow)).toEqual([
      { cap: '100%', supplyCost: '$500', increase: '$0', short: '–', binds: 'no' },
      { cap: '50%', supplyCost: '$1K', increase: '+$500', short: '–', binds: 'yes' },
      { cap: '0%', supplyCost: '$1.2K', increase: '+$700', short: '10 t', binds: 'yes' },
    ]);
    // Less bought once demand goes unmet: a fall in cost keeps its sign.
    expect(toCurveRow({ cap: 0, supplyCost: 300, costIncrease: -200, shortfall: 20, binds: true })).toEqual({
      cap: '0%',
      supplyCost: '$300',
      increase: '−$200',
      short: '20 t',
      binds: 'yes',
    });
    expect(formatCap(0.8)).toBe('80%');
  });

  it('says what each point is, with the consumer, the elements, the country and the caps tried', () => {
    expect(curveCaption({ consumer: 'JP', through: 'CN', elements: ['NdPr'], steps: [1, 0.5, 0] })).toBe(
      "Each point re-plans with at most X% of JP's NdPr supply coming directly from CN (X = 100%, 50%, 0%), " +
        "without new projects. The cap counts JP's direct suppliers only; supply cost leaves out the value of demand left unmet.",
    );
    expect(curveCaption({ consumer: 'US', through: 'CN', elements: ['DyTb'] })).toContain(
      '(X = 100%, 80%, 60%, 40%, 20%, 0%)',
    );
  });
});
