import { beforeAll, describe, expect, it } from 'vitest';
import { loadModel, modelSchema, type Model } from '../../src/model/index.js';
import {
  addDays,
  checkProjectDependencies,
  checkStageTransition,
  CoordinateError,
  projectPipelines,
  stageActor,
  stageDuration,
  stageJurisdiction,
} from '../../src/coordinate/index.js';

let twoBase: Model;
beforeAll(async () => {
  const loaded = await loadModel('data/two-base');
  if (!loaded.model) throw new Error('data/two-base does not load');
  twoBase = loaded.model;
});

const project = (id: string) => {
  const found = twoBase.projects.find((p) => p.id === id);
  if (!found) throw new Error(id);
  return found;
};

/** two-base with some projects changed (parsed again, so units stay canonical). */
const variant = (changes: Record<string, Record<string, unknown>>): Model =>
  modelSchema.parse({
    ...twoBase,
    projects: twoBase.projects.map((p) => ({ ...p, ...(changes[p.id] ?? {}) })),
  });

describe('date arithmetic', () => {
  it('adds days in UTC, rounding fractional days up', () => {
    expect(addDays('2026-01-01', 0)).toBe('2026-01-01');
    expect(addDays('2026-01-01', 365 / 12)).toBe('2026-02-01'); // 30.42 d → 31 d
    expect(addDays('2028-02-28', 1)).toBe('2028-02-29'); // leap year
    expect(addDays('2026-12-31', 1)).toBe('2027-01-01');
  });

  it('rejects what is not a calendar date', () => {
    expect(() => addDays('2026-02-30', 1)).toThrow(expect.objectContaining({ code: 'BAD_DATE' }));
    expect(() => addDays('1/2/2026', 1)).toThrow(CoordinateError);
  });
});

describe('permitting pipeline', () => {
  it('uses permitting entries, build time for construction, and expedited durations on request', () => {
    const baiyin = project('baiyin-expansion');
    expect(stageDuration(baiyin, 'permitting')).toBeCloseTo(182.5, 9); // 6mo
    expect(stageDuration(baiyin, 'permitting', { expedite: true })).toBeCloseTo(91.25, 9); // 3mo expedited
    expect(stageDuration(baiyin, 'approved', { expedite: ['permitting'] })).toBeCloseTo(91.25, 9); // no expedited value: unchanged
    expect(stageDuration(baiyin, 'construction')).toBeCloseTo(273.75, 9); // buildTime 9mo, no entry
    expect(stageDuration(baiyin, 'commissioning')).toBe(0);
  });

  it('dates the stages of a proposed project from the as-of date', () => {
    // baiyin-expansion, proposed on 2026-01-01: permitting 182.5 d, approved 91.25 d, financed 91.25 d
    // → construction starts after 365 d = 2027-01-01; + 273.75 d = 638.75 → day 639 = 2027-10-02.
    const p = projectPipelines(twoBase, { asOf: '2026-01-01' }).get('baiyin-expansion');
    expect(p?.constructionStart).toBe('2027-01-01');
    expect(p?.commissioning).toBe('2027-10-02');
    expect(p?.daysToCommissioning).toBe(639);
    expect(p?.stages.map((s) => [s.stage, s.state, s.start, s.end])).toEqual([
      ['proposed', 'current', '2026-01-01', '2026-01-01'],
      ['permitting', 'ahead', '2026-01-01', '2026-07-03'], // 182.5 → 183 d
      ['approved', 'ahead', '2026-07-03', '2026-10-02'], // 273.75 → 274 d
      ['financed', 'ahead', '2026-10-02', '2027-01-01'], // 365 d
      ['construction', 'ahead', '2027-01-01', '2027-10-02'],
      ['commissioning', 'ahead', '2027-10-02', '2027-10-02'],
    ]);
    expect(p?.stages[1]).toMatchObject({
      authority: 'Gansu Development and Reform Commission',
      jurisdiction: 'CN-GS',
    });
  });

  it('shortens expedited stages', () => {
    // permitting 91.25 + approved 91.25 + financed 91.25 = 273.75 → 2026-10-02; + 273.75 = 547.5 → day 548 = 2027-07-03
    const p = projectPipelines(twoBase, { asOf: '2026-01-01', expedite: ['permitting'] }).get(
      'baiyin-expansion',
    );
    expect(p?.constructionStart).toBe('2026-10-02');
    expect(p?.commissioning).toBe('2027-07-03');
  });

  it('counts only what remains of the current stage, and says when it is overdue', () => {
    // jlmag phase III in construction (24mo = 730 d) since 2025-01-01; on 2026-01-01 365 d remain → 2027-01-01
    const model = variant({
      'jlmag-baotou-phase3': { statusSince: '2025-01-01' },
      'nre-alloy-baotou': { statusSince: '2024-01-01' },
    });
    const pipelines = projectPipelines(model, { asOf: '2026-01-01' });
    expect(pipelines.get('jlmag-baotou-phase3')).toMatchObject({
      commissioning: '2027-01-01',
      daysToCommissioning: 365,
      overdueDays: 0,
    });
    // nre alloy: 18mo = 547.5 d from 2024-01-01; 731 d have passed (2024 is a leap year) → due now, 183.5 d overdue
    expect(pipelines.get('nre-alloy-baotou')).toMatchObject({
      commissioning: '2026-01-01',
      daysToCommissioning: 0,
      overdueDays: 183.5,
    });
    expect(pipelines.get('nre-alloy-baotou')?.constructionStart).toBeUndefined();
  });

  it('holds construction until every dependency operates', () => {
    // ngd-baotou-separation (approved: 1mo + construction 21mo) operates on day 670 = 2027-11-02;
    // baiyin-expansion would start building on day 365, so it waits to day 670 and commissions
    // 273.75 d later: 943.75 → day 944 = 2028-08-02.
    const model = variant({ 'baiyin-expansion': { dependsOn: ['ngd-baotou-separation'] } });
    const p = projectPipelines(model, { asOf: '2026-01-01' });
    expect(p.get('ngd-baotou-separation')?.commissioning).toBe('2027-11-02');
    expect(p.get('baiyin-expansion')).toMatchObject({
      constructionStart: '2027-11-02',
      commissioning: '2028-08-02',
      waitingFor: [{ project: 'ngd-baotou-separation', commissioning: '2027-11-02' }],
    });
  });

  it('reports dependency cycles and unknown dependencies as coded issues, and refuses to date them', () => {
    const model = variant({
      'baiyin-expansion': { dependsOn: ['baiyin-baotou-rail-upgrade'] },
      'baiyin-baotou-rail-upgrade': { dependsOn: ['baiyin-expansion', 'nope'] },
    });
    const issues = checkProjectDependencies(model);
    expect(issues.map((i) => i.code).sort()).toEqual([
      'PROJECT_DEPENDENCY_CYCLE',
      'PROJECT_UNKNOWN_DEPENDENCY',
    ]);
    expect(issues.find((i) => i.code === 'PROJECT_DEPENDENCY_CYCLE')?.message).toBe(
      'projects depend on each other in a cycle: baiyin-expansion → baiyin-baotou-rail-upgrade → baiyin-expansion',
    );
    const cyclic = variant({
      'baiyin-expansion': { dependsOn: ['baiyin-baotou-rail-upgrade'] },
      'baiyin-baotou-rail-upgrade': { dependsOn: ['baiyin-expansion'] },
    });
    expect(() => projectPipelines(cyclic, { asOf: '2026-01-01' })).toThrow(
      expect.objectContaining({ code: 'PROJECT_DEPENDENCY_CYCLE' }),
    );
    expect(checkProjectDependencies(twoBase)).toEqual([]);
  });
});

describe('stage transitions', () => {
  it('moves one stage forward only; skips, moves back and moves past operating are coded errors', () => {
    const baiyin = project('baiyin-expansion'); // proposed
    expect(checkStageTransition(baiyin, 'permitting')).toBe('proposed');
    expect(() => checkStageTransition(baiyin, 'approved')).toThrow(
      expect.objectContaining({
        code: 'PROJECT_STAGE_SKIP',
        message:
          "project 'baiyin-expansion' is proposed; moving to approved would skip permitting; the next stage is permitting",
      }),
    );
    expect(() => checkStageTransition(baiyin, 'operating')).toThrow(
      expect.objectContaining({ code: 'PROJECT_STAGE_SKIP' }),
    );
    expect(() => checkStageTransition(project('ngd-baotou-separation'), 'permitting')).toThrow(
      expect.objectContaining({ code: 'PROJECT_STAGE_BACKWARD' }),
    );
    expect(() => checkStageTransition(baiyin, 'proposed')).toThrow(
      expect.objectContaining({ code: 'PROJECT_STAGE_BACKWARD' }),
    );
    expect(() => checkStageTransition(baiyin, 'built')).toThrow(
      expect.objectContaining({ code: 'PROJECT_STAGE_UNKNOWN' }),
    );
    expect(() => checkStageTransition({ ...baiyin, status: 'operating' }, 'operating')).toThrow(
      expect.objectContaining({ code: 'PROJECT_OPERATING' }),
    );
  });

  it('knows who completes each stage and in which jurisdiction', () => {
    const baiyin = project('baiyin-expansion');
    expect(stageActor(baiyin, 'proposed')).toBe('sponsor'); // no authority named: the sponsor applies
    expect(stageActor(baiyin, 'permitting')).toBe('authority');
    expect(stageJurisdiction(twoBase, baiyin, 'permitting')).toBe('CN-GS');
    const national = variant({
      'baiyin-expansion': {
        permitting: [{ stage: 'approved', duration: 90, authority: 'MIIT', jurisdiction: 'CN' }],
      },
    });
    expect(
      stageJurisdiction(
        national,
        national.projects.find((p) => p.id === 'baiyin-expansion') ?? baiyin,
        'approved',
      ),
    ).toBe('CN');
  });
});
