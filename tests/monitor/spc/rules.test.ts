import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  evaluateRules,
  NELSON_RULES,
  parseRules,
  ruleFlags,
  SpcError,
  WESTERN_ELECTRIC_RULES,
  type RuleId,
} from '../../../src/monitor/spc/index.js';

const fired = (z: number[], rule: RuleId): number[] => evaluateRules(z, [rule]).map((v) => v.index);

describe('each rule on a hand-made sequence (indices 0-based; the rule fires at the completing point)', () => {
  it('N1/WE1: beyond 3σ is strict', () => {
    expect(fired([0, 3, 3.01, -3.5, 0], 'nelson-1')).toEqual([2, 3]);
    expect(fired([0, 3, 3.01, -3.5, 0], 'we-1')).toEqual([2, 3]);
  });
  it('N2: nine on one side fires at the 9th and every further point; a point on the centre line breaks the run', () => {
    expect(fired([...Array(10).fill(0.5), 0, ...Array(8).fill(0.5)], 'nelson-2')).toEqual([8, 9]);
    expect(fired(Array(8).fill(-0.1), 'we-4')).toEqual([7]);
  });
  it('N3: six increasing points (five rises); a tie breaks the trend', () => {
    expect(fired([0, 0.1, 0.2, 0.3, 0.4, 0.5], 'nelson-3')).toEqual([5]);
    expect(fired([0, 0.1, 0.2, 0.2, 0.3, 0.4, 0.5], 'nelson-3')).toEqual([]);
    expect(fired([1, 0.9, 0.8, 0.7, 0.6, 0.5, 0.4], 'nelson-3')).toEqual([5, 6]);
  });
  it('N4: fourteen points alternating up and down', () => {
    const alt = Array.from({ length: 14 }, (_, i) => (i % 2 === 0 ? 0.5 : -0.5));
    expect(fired(alt, 'nelson-4')).toEqual([13]);
    expect(fired(alt.slice(0, 13), 'nelson-4')).toEqual([]);
  });
  it('N5/WE2: two of three beyond 2σ on the same side; points lists the two', () => {
    expect(evaluateRules([2.1, 0, 2.5], ['nelson-5'])).toEqual([
      { rule: 'nelson-5', index: 2, points: [0, 2] },
    ]);
    expect(fired([2.1, -2.5, 0], 'we-2')).toEqual([]);
    expect(fired([2.1, 2.2, 0], 'nelson-5')).toEqual([1]);
  });
  it('N6/WE3: four of five beyond 1σ on the same side', () => {
    expect(fired([1.5, 1.5, 0, 1.5, 1.5], 'nelson-6')).toEqual([4]);
    expect(fired([-1.5, -1.5, -1.5, 0, -1.5], 'we-3')).toEqual([4]);
    expect(fired([1.5, 1.5, 0, -1.5, 1.5], 'nelson-6')).toEqual([]);
  });
  it('N7: fifteen within 1σ; N8: eight beyond 1σ on either side', () => {
    expect(
      fired(
        Array.from({ length: 15 }, (_, i) => (i % 2 ? 0.5 : -0.5)),
        'nelson-7',
      ),
    ).toEqual([14]);
    expect(fired([1.5, -1.5, 1.5, -1.5, 1.5, -1.5, 1.5, -1.5], 'nelson-8')).toEqual([7]);
    expect(fired([1.5, -1.5, 1.5, -1.5, 1, -1.5, 1.5, -1.5], 'nelson-8')).toEqual([]);
  });
  it('a NaN point fires nothing and restarts every run', () => {
    expect(fired([...Array(5).fill(0.5), NaN, ...Array(5).fill(0.5)], 'nelson-2')).toEqual([]);
  });
});

describe('rule selection', () => {
  it('parses nelson, we, numbers and ids; rejects unknown rules with a code', () => {
    expect(parseRules('nelson')).toEqual(NELSON_RULES);
    expect(parseRules('we')).toEqual(WESTERN_ELECTRIC_RULES);
    expect(parseRules('1,2,5')).toEqual(['nelson-1', 'nelson-2', 'nelson-5']);
    expect(parseRules([1, 'we2'])).toEqual(['nelson-1', 'we-2']);
    expect(() => parseRules('9')).toThrow(SpcError);
  });
});

/** The rules written the slow, obvious way, window by window, to check the one-pass kernel. */
function naive(z: number[], rule: RuleId): boolean[] {
  const win = (i: number, k: number): number[] | undefined =>
    i + 1 >= k ? z.slice(i - k + 1, i + 1) : undefined;
  return z.map((v, i) => {
    const w = (k: number): number[] => win(i, k) ?? [];
    const partial = (k: number): number[] => z.slice(Math.max(0, i - k + 1), i + 1); // k-of-m rules count from the first point
    const diffs = (k: number): number[] =>
      w(k)
        .slice(1)
        .map((x, j) => x - (w(k)[j] as number));
    switch (rule) {
      case 'nelson-1':
      case 'we-1':
        return Math.abs(v) > 3;
      case 'nelson-2':
      case 'we-4': {
        const k = rule === 'nelson-2' ? 9 : 8;
        return w(k).length === k && (w(k).every((x) => x > 0) || w(k).every((x) => x < 0));
      }
      case 'nelson-3':
        return w(6).length === 6 && (diffs(6).every((d) => d > 0) || diffs(6).every((d) => d < 0));
      case 'nelson-4':
        return (
          w(14).length === 14 &&
          diffs(14).every((d, j, a) => d !== 0 && (j === 0 || Math.sign(d) !== Math.sign(a[j - 1] as number)))
        );
      case 'nelson-5':
      case 'we-2':
        return (
          (v > 2 && partial(3).filter((x) => x > 2).length >= 2) ||
          (v < -2 && partial(3).filter((x) => x < -2).length >= 2)
        );
      case 'nelson-6':
      case 'we-3':
        return (
          (v > 1 && partial(5).filter((x) => x > 1).length >= 4) ||
          (v < -1 && partial(5).filter((x) => x < -1).length >= 4)
        );
      case 'nelson-7':
        return w(15).length === 15 && w(15).every((x) => Math.abs(x) < 1);
      case 'nelson-8':
        return w(8).length === 8 && w(8).every((x) => Math.abs(x) > 1);
    }
  });
}

describe('property: the one-pass kernel equals the window-by-window definition', () => {
  it('on random sequences with ties, values on zone edges and long runs', () => {
    const point = fc.oneof(
      fc.constantFrom(-3, -2, -1, 0, 1, 2, 3, 0.5, -0.5, 1.5, -1.5, 2.5, -2.5),
      fc.double({ min: -4, max: 4, noNaN: true }),
    );
    fc.assert(
      fc.property(fc.array(point, { maxLength: 60 }), (z) => {
        const all = [...NELSON_RULES, ...WESTERN_ELECTRIC_RULES];
        const flags = ruleFlags(z, all);
        all.forEach((rule, b) => {
          const bit = 1 << b;
          const expected = naive(z, rule);
          for (let i = 0; i < z.length; i++)
            if ((((flags[i] as number) & bit) !== 0) !== expected[i])
              throw new Error(`${rule} at ${i} of ${JSON.stringify(z)}`);
        });
      }),
      { numRuns: 2000, seed: 7 },
    );
  });
});
