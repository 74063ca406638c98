import { describe, expect, it } from 'vitest';
import {
  ELEMENTS,
  fromMetalToReo,
  fromReoToMetal,
  getElement,
  generateSeparationRecipe,
  parseDuration,
  parseFraction,
  parseMoney,
  parseRate,
  periodIndex,
  periodLabels,
} from '../../src/model/index.js';

describe('element table', () => {
  it('has the 17 rare-earth elements', () => {
    expect(ELEMENTS.map((e) => e.symbol)).toEqual([
      'Sc',
      'Y',
      'La',
      'Ce',
      'Pr',
      'Nd',
      'Pm',
      'Sm',
      'Eu',
      'Gd',
      'Tb',
      'Dy',
      'Ho',
      'Er',
      'Tm',
      'Yb',
      'Lu',
    ]);
  });

  it('computes REO→metal factors from atomic weights', () => {
    // Nd2O3: 2 × 144.242 / (2 × 144.242 + 3 × 15.999) = 288.484 / 336.481 = 0.85736
    expect(getElement('Nd').reoToMetal).toBeCloseTo(0.85736, 5);
    // Pr6O11: 6 × 140.90766 / (845.44596 + 175.989) = 0.82770
    expect(getElement('Pr').reoToMetal).toBeCloseTo(0.8277, 4);
    // CeO2: 140.116 / (140.116 + 31.998) = 0.81409
    expect(getElement('Ce').reoToMetal).toBeCloseTo(0.81409, 5);
    // Tb4O7: 635.7014 / (635.7014 + 111.993) = 0.85022
    expect(getElement('Tb').reoToMetal).toBeCloseTo(0.85022, 5);
    expect(getElement('Dy').oxide).toBe('Dy2O3');
    expect(getElement('Pr').oxide).toBe('Pr6O11');
    expect(fromMetalToReo('Nd', fromReoToMetal('Nd', 100))).toBeCloseTo(100, 10);
  });
});

describe('units', () => {
  it('parses rates into t/yr', () => {
    expect(parseRate('360000/yr')).toBe(360_000);
    expect(parseRate('30 kt/yr')).toBe(30_000);
    expect(parseRate('2500/month')).toBe(30_000);
    expect(parseRate('100/day')).toBe(36_500);
    expect(parseRate('1,200')).toBe(1_200);
    expect(parseRate('lots')).toBeUndefined();
    expect(parseRate('5/fortnight')).toBeUndefined();
  });

  it('parses durations, money and fractions', () => {
    expect(parseDuration('45d')).toBe(45);
    expect(parseDuration('2w')).toBe(14);
    expect(parseDuration('1y')).toBe(365);
    expect(parseDuration('18mo')).toBeCloseTo(547.5, 6);
    expect(parseMoney('850M')).toBe(850e6);
    expect(parseMoney('1.2B')).toBe(1.2e9);
    expect(parseMoney('$40k')).toBe(40_000);
    expect(parseFraction('60%')).toBeCloseTo(0.6, 12);
    expect(parseFraction('0.25')).toBe(0.25);
  });
});

describe('periods', () => {
  it('labels periods by the month they start in', () => {
    expect(periodLabels({ start: '2026-11', periods: 3, step: 'month' })).toEqual([
      '2026-11',
      '2026-12',
      '2027-01',
    ]);
    expect(periodLabels({ start: '2026-01', periods: 2, step: 'quarter' })).toEqual(['2026-01', '2026-04']);
    expect(periodIndex({ start: '2026-01', periods: 4, step: 'quarter' }, '2026-05')).toBe(1);
    expect(periodIndex({ start: '2026-01', periods: 4, step: 'month' }, '2025-12')).toBe(-1);
  });
});

describe('separation recipes', () => {
  it('are generated from the feed distribution and recoveries', () => {
    // Bayan Obo concentrate, 50% REO; Pr 6.2% and Nd 18.5% of REO; 95% recovery:
    // NdPr oxide = 0.5 × (0.062 + 0.185) × 0.95 = 0.117325 t per t of feed.
    const contents = new Map([
      [
        'conc',
        {
          La: 0.115,
          Ce: 0.25,
          Pr: 0.031,
          Nd: 0.0925,
          Sm: 0.004,
          Eu: 0.001,
          Gd: 0.0035,
          Tb: 0.0005,
          Dy: 0.0005,
        },
      ],
      ['NdPr', { Pr: 0.25, Nd: 0.75 }],
      ['La', { La: 1 }],
    ]);
    const recipe = generateSeparationRecipe(
      {
        feed: 'conc',
        recovery: { default: 0.95, La: 0.9 },
        products: { NdPr: 'NdPr', La: ['La'] },
        rest: 'rest',
      },
      contents,
    );
    expect(recipe.inputs).toEqual({ conc: 1 });
    expect(recipe.outputs['NdPr']).toBeCloseTo(0.117325, 9);
    expect(recipe.outputs['La']).toBeCloseTo(0.115 * 0.9, 9);
    // rest: (Ce 0.25 + Sm 0.004 + Eu 0.001 + Gd 0.0035 + Tb 0.0005 + Dy 0.0005) = 0.2595 × 0.95 = 0.246525
    expect(recipe.outputs['rest']).toBeCloseTo(0.246525, 9);
  });
});
