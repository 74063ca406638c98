import { describe, expect, it } from 'vitest';
import { planToCompare, toControlSeries, toRulBands } from '../../web/src/lib/operations.js';

describe('the plan plan-against-actual compares with', () => {
  const chosen = (status: 'queued' | 'running' | 'succeeded' | 'failed' | undefined, missing = false) => ({
    id: 'p-2',
    status,
    missing,
  });

  it('is the chosen plan once it succeeded, and waits while it is loading or running', () => {
    expect(planToCompare(chosen('succeeded'), undefined)).toEqual({ state: 'ready', plan: 'p-2' });
    expect(planToCompare(chosen(undefined), undefined)).toEqual({ state: 'unknown' });
    expect(planToCompare(chosen('running'), [{ status: 'succeeded' }])).toEqual({
      state: 'unfinished',
      plan: 'p-2',
      status: 'running',
    });
    expect(planToCompare(chosen('failed'), undefined)).toEqual({
      state: 'unfinished',
      plan: 'p-2',
      status: 'failed',
    });
  });

  it('says when the chosen plan is not on the server (the URL outlived a restart)', () => {
    expect(planToCompare(chosen(undefined, true), undefined)).toEqual({
      state: 'unfinished',
      plan: 'p-2',
      status: 'missing',
    });
  });

  it('without a chosen plan, leaves the choice to the server only when some plan succeeded', () => {
    expect(planToCompare(undefined, undefined)).toEqual({ state: 'unknown' });
    expect(planToCompare(undefined, [])).toEqual({ state: 'none' });
    expect(planToCompare(undefined, [{ status: 'running' }, { status: 'failed' }])).toEqual({
      state: 'none',
    });
    expect(planToCompare(undefined, [{ status: 'running' }, { status: 'succeeded' }])).toEqual({
      state: 'ready',
      plan: undefined,
    });
  });
});

describe('control chart lines and violations', () => {
  const point = (index: number, value: number | null, lot?: string) => ({
    index,
    time: 1000 * index,
    value,
    center: 10,
    lcl: 7,
    ucl: 13,
    ...(lot ? { lot } : {}),
  });

  it('marks the point completing each violation with its rules and the rest of the pattern apart', () => {
    const series = {
      statistic: 'x',
      points: [point(0, 10, 'L1'), point(1, 11), point(2, 12), point(3, 12.5), point(4, 14)],
    };
    const violations = [
      // Nelson 1 at assay 4 (beyond the UCL); Nelson 5 (2 of 3 beyond 2σ) completed at 4 by 3 and 4; Nelson 3 on the moving range is another statistic.
      { rule: 'nelson-1', statistic: 'x', index: 4, points: [{ index: 4 }] },
      { rule: 'nelson-5', statistic: 'x', index: 4, points: [{ index: 3 }, { index: 4 }] },
      { rule: 'nelson-2', statistic: 'x', index: 3, points: [{ index: 1 }, { index: 2 }, { index: 3 }] },
      { rule: 'nelson-3', statistic: 'mr', index: 2, points: [{ index: 2 }] },
    ];
    const lines = toControlSeries(series, violations);
    expect(lines.labels).toEqual(['L1', '2', '3', '4', '5']);
    expect(lines.value).toEqual([10, 11, 12, 12.5, 14]);
    expect(lines.ucl).toEqual([13, 13, 13, 13, 13]);
    expect(lines.marks).toEqual([
      { position: 3, value: 12.5, rules: ['nelson-2'] },
      { position: 4, value: 14, rules: ['nelson-1', 'nelson-5'] },
    ]);
    expect(lines.pattern).toEqual([1, 2]);
  });

  it('leaves out marks on undefined points (the first moving range)', () => {
    const lines = toControlSeries({ statistic: 'mr', points: [point(0, null), point(1, 2)] }, [
      { rule: 'nelson-1', statistic: 'mr', index: 0, points: [{ index: 0 }] },
    ]);
    expect(lines.marks).toEqual([]);
    expect(lines.value).toEqual([null, 2]);
  });
});

describe('remaining useful life bands', () => {
  it('converts hours to days and puts the shortest first', () => {
    const bands = toRulBands([
      { facility: 'baotou', asset: 'pump-3', rul: { tag: 'vibration', hours: 240, lower: 120, upper: 480 } },
      { facility: 'baotou', asset: 'fan-1', rul: null },
      { facility: 'lynas', asset: 'kiln', rul: { tag: 'temperature', hours: 48, lower: 24, upper: null } },
    ]);
    // 240 h = 10 days (5 to 20); 48 h = 2 days (1 to never).
    expect(bands).toEqual([
      { asset: 'lynas/kiln', tag: 'temperature', lower: 1, estimate: 2, upper: null },
      { asset: 'baotou/pump-3', tag: 'vibration', lower: 5, estimate: 10, upper: 20 },
    ]);
  });
});
