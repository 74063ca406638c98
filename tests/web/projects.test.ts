import { describe, expect, it } from 'vitest';
import { dayMs, inRowOrder, toFinancingStack, toGantt } from '../../web/src/lib/projects.js';

const DAY = 86_400_000;

describe('project pipelines as a Gantt', () => {
  // 2026-01-01 is 20,454 days after 1970-01-01 (56 years, 14 of them leap: 56·365 + 14).
  const jan1 = 20_454 * DAY;

  it('reads dates as UTC midnight', () => {
    expect(dayMs('2026-01-01')).toBe(jan1);
    expect(dayMs('2026-03-01') - jan1).toBe(59 * DAY);
  });

  it('draws stages under way and ahead, skips done and zero-length ones, orders rows by commissioning', () => {
    const pipelines = [
      {
        project: 'seadrift',
        status: 'permitting',
        overdueDays: 0,
        commissioning: '2027-01-01',
        stages: [
          { stage: 'proposed', days: 0, state: 'done' as const },
          {
            stage: 'permitting',
            days: 59,
            state: 'current' as const,
            authority: 'TCEQ',
            start: '2026-01-01',
            end: '2026-03-01',
          },
          { stage: 'approved', days: 0, state: 'ahead' as const, start: '2026-03-01', end: '2026-03-01' },
          {
            stage: 'construction',
            days: 306,
            state: 'ahead' as const,
            start: '2026-03-01',
            end: '2027-01-01',
          },
        ],
      },
      {
        project: 'eneabba',
        status: 'construction',
        overdueDays: 0,
        commissioning: '2026-07-01',
        stages: [
          {
            stage: 'construction',
            days: 181,
            state: 'current' as const,
            start: '2026-01-01',
            end: '2026-07-01',
          },
        ],
      },
      {
        project: 'mountain-pass',
        status: 'operating',
        overdueDays: 0,
        stages: [{ stage: 'operating', days: 0, state: 'current' as const }],
      },
    ];
    const gantt = toGantt(pipelines, '2026-01-01');
    // Operating first, then commissioning 2026-07-01 before 2027-01-01.
    expect(gantt.rows).toEqual(['mountain-pass', 'eneabba', 'seadrift']);
    expect(gantt.bars).toEqual([
      {
        row: 1,
        project: 'eneabba',
        stage: 'construction',
        state: 'current',
        start: jan1,
        end: jan1 + 181 * DAY,
        days: 181,
      },
      {
        row: 2,
        project: 'seadrift',
        stage: 'permitting',
        state: 'current',
        start: jan1,
        end: jan1 + 59 * DAY,
        days: 59,
        authority: 'TCEQ',
      },
      {
        row: 2,
        project: 'seadrift',
        stage: 'construction',
        state: 'ahead',
        start: jan1 + 59 * DAY,
        end: jan1 + 365 * DAY,
        days: 306,
      },
    ]);
    expect(gantt.milestones).toEqual([
      { row: 1, project: 'eneabba', at: jan1 + 181 * DAY },
      { row: 2, project: 'seadrift', at: jan1 + 365 * DAY },
    ]);
    expect(gantt.min).toBe(jan1);
    expect(gantt.max).toBe(jan1 + 365 * DAY);
  });
});

describe('capital by kind of source', () => {
  it('sums sources by kind, leaves out price floors and shows the gap to capex', () => {
    const stack = toFinancingStack([
      // 1000 capex: loan 600 + equity 300 → 100 unfunded; the price floor raises nothing.
      {
        project: 'a',
        capex: 1000,
        sources: [
          { source: 'bank', kind: 'loan', amount: 600 },
          { source: 'owner', kind: 'equity', amount: 300 },
          { source: 'DoD floor', kind: 'price-floor', amount: 0 },
        ],
      },
      // 400 capex: a grant of 250 and two loans of 100 and 50 → fully funded.
      {
        project: 'b',
        capex: 400,
        sources: [
          { source: 'gov', kind: 'grant', amount: 250 },
          { source: 'x', kind: 'loan', amount: 100 },
          { source: 'y', kind: 'loan', amount: 50 },
        ],
      },
    ]);
    expect(stack).toEqual({
      projects: ['a', 'b'],
      series: [
        { kind: 'loan', values: [600, 150] },
        { kind: 'equity', values: [300, 0] },
        { kind: 'grant', values: [0, 250] },
        { kind: 'unfunded', values: [100, 0] },
      ],
    });
  });

  it('has no unfunded series when every project is covered', () => {
    expect(
      toFinancingStack([{ project: 'a', capex: 10, sources: [{ source: 's', kind: 'equity', amount: 12 }] }])
        .series,
    ).toEqual([{ kind: 'equity', values: [12] }]);
  });
});

describe('one project order across the Projects view', () => {
  it("puts the table's rows in the Gantt's order (by commissioning), unknown ones last", () => {
    const rows = [
      { project: 'seadrift' },
      { project: 'other' },
      { project: 'mountain-pass' },
      { project: 'eneabba' },
    ];
    expect(
      inRowOrder(rows, (r) => r.project, ['mountain-pass', 'eneabba', 'seadrift']).map((r) => r.project),
    ).toEqual(['mountain-pass', 'eneabba', 'seadrift', 'other']);
  });
});
