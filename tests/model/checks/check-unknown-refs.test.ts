import { describe, expect, it } from 'vitest';
import { checkModel, checkUnknownRefs, createCheckContext } from '../../../src/model/checks/index.js';
import type { Model } from '../../../src/model/model.js';
import { createTwoBase, given, row } from './fixtures.js';

const run = (model: Model) => checkUnknownRefs(model, createCheckContext(model));

describe('checkUnknownRefs', () => {
  it('finds nothing in the clean two-base model', () => {
    expect(run(createTwoBase())).toEqual([]);
  });

  it('names the unknown facility of a route and suggests the closest id', () => {
    const model = createTwoBase((m) => {
      row(m.routes, 1).from = 'baiyin-sep';
    });
    expect(run(model)).toEqual([
      {
        code: 'REF_UNKNOWN',
        severity: 'error',
        path: ['routes', 1, 'from'],
        message: "unknown facility 'baiyin-sep'; expected the id of a facility in the model.",
        fix: "did you mean 'baiyin-separation'?",
      },
    ]);
  });

  it('checks jurisdictions, materials, demands, policies, projects and outages', () => {
    const model = createTwoBase((m) => {
      row(m.facilities, 0).jurisdiction = 'CN-N';
      row(m.materials, 0).distribution = 'bayan-ob';
      row(m.demands, 0).material = 'NdPr-oxyde';
      row(m.demands, 0).substitutes = [{ material: 'ferrite' }];
      m.policies[1] = { ...(m.policies[1] as object), materials: ['oxides'] } as never;
      row(m.projects, 0).expands = { process: 'seperate', capacity: 1000 };
      m.outages = [{ facility: 'bayan-obo', process: 'mien', start: '2026-03' }];
      given(row(given(row(m.facilities, 1).processes), 0).separation).rest = 'mixed-rst';
      m.policies.push({
        id: 'programme',
        kind: 'budget',
        projects: ['baiyin-expanson'],
        limit: '100M',
      } as never);
    });
    const found = run(model).map((i) => [i.path.join('.'), i.fix]);
    expect(found).toEqual([
      ['materials.0.distribution', "did you mean 'bayan-obo'?"],
      ['facilities.0.jurisdiction', "did you mean 'CN-NM'?"],
      ['facilities.1.processes.0.separation.rest', "did you mean 'mixed-rest'?"],
      ['demands.0.material', "did you mean 'NdPr-oxide'?"],
      [
        'demands.0.substitutes.0.material',
        "known material ids: 'bayan-concentrate', 'NdPr-oxide', 'La-oxide', 'mixed-rest', 'NdPr-metal'.",
      ],
      ['policies.1.materials.0', "did you mean 'oxide'?"],
      ['policies.3.projects.0', "did you mean 'baiyin-expansion'?"],
      ['projects.0.expands.process', "did you mean 'separate'?"],
      ['outages.0.process', "did you mean 'mine'?"],
    ]);
  });

  it('reports scenario references through checkModel, each once', () => {
    const model = createTwoBase((m) => {
      m.scenarios = [
        {
          id: 'no-quota',
          remove: { policies: ['cn-mining-qouta-2024'] },
          projects: { 'baiyin-expanson': 'committed' },
        },
        { id: 'child', extends: 'no-quota' },
        { id: 'orphan', extends: 'no-qota' },
      ];
    });
    const found = checkModel(model).map((i) => [i.code, i.path.join('.'), i.fix]);
    expect(found).toEqual([
      ['REF_UNKNOWN', 'scenarios.0.remove.policies.0', "did you mean 'cn-mining-quota-2024'?"],
      ['REF_UNKNOWN', 'scenarios.0.projects.baiyin-expanson', "did you mean 'baiyin-expansion'?"],
      ['REF_UNKNOWN', 'scenarios.2.extends', "did you mean 'no-quota'?"],
    ]);
  });
});
