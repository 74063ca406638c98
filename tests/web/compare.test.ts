import { describe, expect, it } from 'vitest';
import { shareOf, summarizeRun, toStageShares } from '../../web/src/lib/compare.js';

describe('scenario comparison lines', () => {
  const production = [
    { stage: 'separation', country: 'CN', reo: 90 },
    { stage: 'mining', country: 'CN', reo: 60 },
    { stage: 'mining', country: 'US', reo: 30 },
    { stage: 'mining', country: 'AU', reo: 10 },
    { stage: 'separation', country: 'MY', reo: 10 },
    { stage: 'magnet', country: 'JP', reo: 0 },
  ];

  it('gives country shares of each stage in chain order, largest first', () => {
    // mining: 60 / 100, 30 / 100, 10 / 100; separation: 90 / 100, 10 / 100; a stage with no output is left out.
    expect(toStageShares(production)).toEqual([
      {
        stage: 'mining',
        total: 100,
        shares: [
          { country: 'CN', share: 0.6 },
          { country: 'US', share: 0.3 },
          { country: 'AU', share: 0.1 },
        ],
      },
      {
        stage: 'separation',
        total: 100,
        shares: [
          { country: 'CN', share: 0.9 },
          { country: 'MY', share: 0.1 },
        ],
      },
    ]);
  });

  it('sums cost and shortfall', () => {
    const summary = summarizeRun({
      status: 'optimal',
      costs: { operating: 120, sales: -20, total: 100 },
      shortfall: [
        { tonnes: 5, value: 500 },
        { tonnes: 2.5, value: 250 },
      ],
      production,
    });
    expect(summary.cost).toBe(100);
    expect(summary.shortfall).toBe(7.5);
    expect(summary.shortfallValue).toBe(750);
    expect(shareOf(summary, 'separation', 'MY')).toBe(0.1);
    expect(shareOf(summary, 'magnet', 'CN')).toBe(0);
  });
});
