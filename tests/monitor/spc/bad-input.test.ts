import { describe, expect, it } from 'vitest';
import {
  capability,
  controlChart,
  SpcError,
  type MonitorAnalyticsErrorCode,
} from '../../../src/monitor/spc/index.js';

function codeOf(f: () => unknown): MonitorAnalyticsErrorCode | 'no error' {
  try {
    f();
    return 'no error';
  } catch (e) {
    if (e instanceof SpcError) return e.code;
    throw e;
  }
}

describe('bad input gets a coded error, never a crash or a silent wrong limit', () => {
  it('NaN or infinite values', () => {
    expect(codeOf(() => controlChart({ values: [1, NaN, 2] }, { chart: 'imr' }))).toBe('SPC_NON_FINITE');
    expect(
      codeOf(() =>
        controlChart(
          {
            subgroups: [
              [1, 2],
              [3, Infinity],
            ],
          },
          { chart: 'xbar-r' },
        ),
      ),
    ).toBe('SPC_NON_FINITE');
    expect(codeOf(() => capability([1, NaN], { lsl: 0 }))).toBe('SPC_NON_FINITE');
  });
  it('constant series: zero moving range, zero range, p̄ = 0, c̄ = 0', () => {
    expect(codeOf(() => controlChart({ values: Array(30).fill(3.2) }, { chart: 'imr' }))).toBe(
      'SPC_ZERO_VARIANCE',
    );
    expect(codeOf(() => controlChart({ subgroups: Array(25).fill([5, 5, 5]) }, { chart: 'xbar-r' }))).toBe(
      'SPC_ZERO_VARIANCE',
    );
    expect(codeOf(() => controlChart({ counts: Array(25).fill(0), sizes: 50 }, { chart: 'p' }))).toBe(
      'SPC_ZERO_VARIANCE',
    );
    expect(codeOf(() => controlChart({ counts: Array(25).fill(0) }, { chart: 'c' }))).toBe(
      'SPC_ZERO_VARIANCE',
    );
    expect(codeOf(() => controlChart({ values: Array(30).fill(1) }, { chart: 'ewma' }))).toBe(
      'SPC_ZERO_VARIANCE',
    );
    expect(codeOf(() => capability(Array(10).fill(1), { lsl: 0, usl: 2 }))).toBe('SPC_ZERO_VARIANCE');
  });
  it('subgroups of size 1 for x̄-R, unequal subgroups, values given to a subgroup chart', () => {
    expect(codeOf(() => controlChart({ subgroups: [[1], [2], [3]] }, { chart: 'xbar-r' }))).toBe(
      'SPC_BAD_SUBGROUP',
    );
    expect(
      codeOf(() =>
        controlChart(
          {
            subgroups: [
              [1, 2],
              [2, 3, 4],
            ],
          },
          { chart: 'xbar-s' },
        ),
      ),
    ).toBe('SPC_BAD_SUBGROUP');
    expect(codeOf(() => controlChart({ values: [1, 2, 3] }, { chart: 'xbar-r' }))).toBe('SPC_BAD_SUBGROUP');
  });
  it('too few points for phase I; empty or out-of-range reference; a count above its sample size', () => {
    expect(codeOf(() => controlChart({ values: [1] }, { chart: 'imr' }))).toBe('SPC_TOO_FEW_POINTS');
    expect(codeOf(() => controlChart({ values: [] }, { chart: 'imr' }))).toBe('SPC_TOO_FEW_POINTS');
    expect(
      codeOf(() => controlChart({ values: [1, 2, 3] }, { chart: 'imr', reference: { start: 0, end: 10 } })),
    ).toBe('SPC_BAD_RANGE');
    expect(codeOf(() => controlChart({ counts: [3, 60], sizes: 50 }, { chart: 'p' }))).toBe('SPC_BAD_COUNTS');
    expect(codeOf(() => controlChart({ values: [1, 2] }, { chart: 'ewma', lambda: 0 }))).toBe(
      'SPC_BAD_OPTION',
    );
    expect(codeOf(() => capability([1, 2, 3], { lsl: 5, usl: 4 }))).toBe('SPC_BAD_SPEC');
  });
  it('a short reference still charts, with a warning (documented behaviour)', () => {
    const r = controlChart({ values: [1, 2, 1.5, 2.5, 1.8] }, { chart: 'imr' });
    expect(r.warnings[0]).toMatch(/5 reference points/);
  });
});
