import { describe, expect, it } from 'vitest';
import { exposureTo, hhiBand, hhiByStage } from '../../web/src/lib/risk.js';

describe('risk metrics side by side', () => {
  it('takes each stage’s HHI over the whole horizon in chain order', () => {
    // Separation 90/10 → 90² + 10² = 8,200; mining 60/30/10 → 3,600 + 900 + 100 = 4,600.
    const metric = {
      name: 'hhi',
      values: [
        { stage: 'separation', element: 'REO', period: 'all', top: 'CN', topShare: 0.9, value: 8200 },
        { stage: 'mining', element: 'REO', period: 'all', top: 'CN', topShare: 0.6, value: 4600 },
        { stage: 'mining', element: 'REO', period: '2026-01', top: 'CN', topShare: 0.7, value: 5000 },
        { stage: 'mining', element: 'Dy', period: 'all', top: 'MM', topShare: 0.5, value: 3400 },
      ],
    };
    expect(hhiByStage(metric)).toEqual([
      { stage: 'mining', hhi: 4600, top: 'CN', topShare: 0.6 },
      { stage: 'separation', hhi: 8200, top: 'CN', topShare: 0.9 },
    ]);
    expect(hhiByStage(metric, 'Dy')).toEqual([{ stage: 'mining', hhi: 3400, top: 'MM', topShare: 0.5 }]);
    expect(hhiByStage(undefined)).toEqual([]);
  });

  it('reads a consumer’s exposure through one country by element', () => {
    const metric = {
      name: 'exposure',
      values: [
        { consumer: 'US', element: 'Pr', through: 'CN', stage: 'any', tonnes: 456, value: 0.75 },
        { consumer: 'US', element: 'Pr', through: 'CN', stage: 'mining', tonnes: 300, value: 0.5 },
        { consumer: 'US', element: 'Nd', through: 'CN', stage: 'any', tonnes: 900, value: 0.8 },
        { consumer: 'US', element: 'Nd', through: 'AU', stage: 'any', tonnes: 100, value: 0.1 },
      ],
    };
    expect(exposureTo(metric, 'CN')).toEqual([
      { element: 'Nd', share: 0.8, tonnes: 900 },
      { element: 'Pr', share: 0.75, tonnes: 456 },
    ]);
    expect(exposureTo(metric, 'CN', 'mining')).toEqual([{ element: 'Pr', share: 0.5, tonnes: 300 }]);
  });

  it('names HHI bands', () => {
    expect([1499, 1500, 2500, 2501].map(hhiBand)).toEqual([
      'unconcentrated',
      'moderately concentrated',
      'moderately concentrated',
      'highly concentrated',
    ]);
  });
});
