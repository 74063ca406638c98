import { describe, expect, it } from 'vitest';
import { checkPeriods, createCheckContext } from '../../../src/model/checks/index.js';
import type { Model } from '../../../src/model/model.js';
import { createTwoBase, row } from './fixtures.js';

const run = (model: Model) => checkPeriods(model, createCheckContext(model));

describe('checkPeriods', () => {
  it('accepts a policy that started before the horizon (export control since 2025-04)', () => {
    expect(run(createTwoBase())).toEqual([]);
  });

  it('reports windows wholly outside the horizon (2026-01 to 2026-12) and ends before starts', () => {
    const model = createTwoBase((m) => {
      row(m.policies, 0).start = '2027-01';
      row(m.policies, 2).end = '2025-12';
      m.outages = [
        { facility: 'bayan-obo', start: '2026-06', end: '2026-03' },
        { facility: 'bayan-obo', start: '2026-12' },
      ];
      row(m.projects, 0).earliestStart = '2027-02';
    });
    expect(run(model).map((i) => [i.code, i.severity, i.path.join('.'), i.message])).toEqual([
      [
        'PERIOD_OUTSIDE_HORIZON',
        'warning',
        'policies.0.start',
        "policy 'cn-mining-quota-2024' starts 2027-01, after the horizon ends; the horizon runs 2026-01 to 2026-12, so it never applies.",
      ],
      [
        'PERIOD_OUTSIDE_HORIZON',
        'warning',
        'policies.2.end',
        "policy 'jp-ndpr-share' ends 2025-12, before the horizon starts; the horizon runs 2026-01 to 2026-12, so it never applies.",
      ],
      [
        'PERIOD_ORDER',
        'error',
        'outages.0.end',
        "outage of 'bayan-obo' ends (2026-03) before it starts (2026-06).",
      ],
      [
        'PERIOD_OUTSIDE_HORIZON',
        'warning',
        'projects.0.earliestStart',
        "project 'baiyin-expansion' may start 2027-02, after the horizon ends (2026-12), so it can never be built.",
      ],
    ]);
  });

  it('ends a quarterly horizon on the last month of its last quarter', () => {
    // 2026-01, 4 quarters: periods 2026-01, 04, 07, 10; the last covers Oct–Dec.
    const model = createTwoBase((m) => {
      m.horizon = { start: '2026-01', periods: 4, step: 'quarter' };
      m.outages = [
        { facility: 'bayan-obo', start: '2026-12' },
        { facility: 'bayan-obo', start: '2027-01' },
      ];
    });
    expect(run(model).map((i) => i.path.join('.'))).toEqual(['outages.1.start']);
  });

  it('reports a demand profile whose length is not the number of periods', () => {
    const model = createTwoBase((m) => {
      row(m.demands, 0).profile = [1, 1, 1];
    });
    expect(run(model)).toEqual([
      {
        code: 'PROFILE_LENGTH',
        severity: 'error',
        path: ['demands', 0, 'profile'],
        message:
          "demand 'magnet-maker:NdPr-oxide' has a profile of 3 multipliers; expected one per period of the horizon (12).",
        fix: 'add 9 multipliers, or remove the profile.',
      },
    ]);
  });
});
