import { describe, expect, it } from 'vitest';
import { modelSchema, type ModelInput } from '../../src/model/model.js';
import { applyScenario } from '../../src/model/scenario.js';
import { checkModel } from '../../src/model/checks/index.js';
import { createTwoBase, row } from './checks/fixtures.js';

const withScenarios = (scenarios: NonNullable<ModelInput['scenarios']>) =>
  createTwoBase((m) => {
    m.scenarios = scenarios;
  });

describe('applyScenario', () => {
  it('relies on parsed models being valid input again, unchanged by a second parse', () => {
    const model = createTwoBase();
    const again = modelSchema.safeParse(structuredClone(model));
    expect(again.success).toBe(true);
    expect(again.data).toEqual(model);
  });

  it('sets a field by component id without touching the input', () => {
    const model = createTwoBase();
    const before = structuredClone(model);
    const result = applyScenario(model, 'heavy-ban');
    expect(result.issues).toEqual([]);
    expect(result.model?.policies[1]).toMatchObject({ id: 'cn-export-control-2025-04', mode: 'ban' });
    expect(model).toEqual(before);
  });

  it('converts units of set values, addresses nested processes and ids with dots, and changes the horizon', () => {
    const model = createTwoBase((m) => {
      row(m.policies, 0).id = 'cn.quota.2024';
      m.scenarios = [
        {
          id: 'bigger',
          set: {
            'facilities.baiyin-separation.processes.separate.capacity': '80 kt/yr',
            'policies.cn.quota.2024.limit': '25000/month',
            'horizon.periods': 24,
            'routes.bayan-obo->baiyin-separation.leadTime': '2w',
          },
        },
      ];
    });
    const result = applyScenario(model, 'bigger');
    expect(result.issues).toEqual([]);
    expect(result.model?.facilities[1]?.processes[0]?.capacity).toBe(80_000);
    expect(result.model?.policies[0]).toMatchObject({ id: 'cn.quota.2024', limit: 300_000 }); // 25000 × 12
    expect(result.model?.horizon.periods).toBe(24);
    expect(result.model?.routes[0]?.leadTime).toBe(14);
  });

  it('removes and adds components; added raw values go through the schema', () => {
    const model = withScenarios([
      {
        id: 'swap-quota',
        remove: { policies: ['cn-mining-quota-2024'] },
        add: {
          policies: [
            {
              id: 'cn-quota-2026',
              kind: 'quota',
              scope: { jurisdiction: 'CN', stage: 'mining' },
              limit: '300 kt/yr',
            },
          ],
        },
      },
    ]);
    const result = applyScenario(model, 'swap-quota');
    expect(result.issues).toEqual([]);
    expect(result.model?.policies.map((p) => p.id)).toEqual([
      'cn-export-control-2025-04',
      'jp-ndpr-share',
      'cn-quota-2026',
    ]);
    expect(result.model?.policies[2]).toMatchObject({ limit: 300_000 });
  });

  it('multiplies demand by a number, or by demand id, then material, then nearest jurisdiction', () => {
    // magnet-maker (CN-ZJ in CN) 20 000 t/yr; tokyo-buyer (JP) 5 000 t/yr.
    const model = withScenarios([
      { id: 'all', demandMultiplier: 2 },
      { id: 'keyed', demandMultiplier: { 'tokyo-buyer:NdPr-oxide': 3, CN: 1.5, JP: 10 } },
      { id: 'by-material', demandMultiplier: { 'NdPr-oxide': 1.2, CN: 5 } },
    ]);
    expect(applyScenario(model, 'all').model?.demands.map((d) => d.quantity)).toEqual([40_000, 10_000]);
    expect(applyScenario(model, 'keyed').model?.demands.map((d) => d.quantity)).toEqual([30_000, 15_000]);
    expect(applyScenario(model, 'by-material').model?.demands.map((d) => d.quantity)).toEqual([
      24_000, 6_000,
    ]);
  });

  it('applies extends first, then appends outages and overrides project decisions', () => {
    const model = withScenarios([
      { id: 'ban', set: { 'policies.cn-export-control-2025-04.mode': 'ban' }, demandMultiplier: 2 },
      {
        id: 'ban-and-outage',
        extends: 'ban',
        demandMultiplier: 1.5,
        outages: [{ facility: 'bayan-obo', start: '2026-03', end: '2026-05', availability: '40%' }],
        projects: { 'baiyin-expansion': 'committed' },
      },
    ]);
    const result = applyScenario(model, 'ban-and-outage');
    expect(result.issues).toEqual([]);
    expect(result.model?.policies[1]).toMatchObject({ mode: 'ban' });
    expect(result.model?.demands[0]?.quantity).toBe(60_000); // 20 000 × 2 × 1.5
    expect(result.model?.outages).toEqual([
      { facility: 'bayan-obo', start: '2026-03', end: '2026-05', availability: 0.4 },
    ]);
    expect(result.model?.projects[0]?.decision).toBe('committed');
    expect(model.projects[0]?.decision).toBe('optional');
  });

  it('reports an unknown scenario with a did-you-mean', () => {
    expect(applyScenario(createTwoBase(), 'heavy-bam')).toEqual({
      issues: [
        {
          code: 'SCENARIO_UNKNOWN',
          severity: 'error',
          path: ['scenarios'],
          message: "unknown scenario 'heavy-bam'.",
          fix: "did you mean 'heavy-ban'?",
        },
      ],
    });
  });

  it('reports a set path that addresses nothing, suggesting the whole corrected path', () => {
    const model = withScenarios([{ id: 'typo', set: { 'policies.cn-export-control-2025-4.mode': 'ban' } }]);
    expect(applyScenario(model, 'typo')).toEqual({
      issues: [
        {
          code: 'SCENARIO_PATH_UNKNOWN',
          severity: 'error',
          path: ['scenarios', 0, 'set', 'policies.cn-export-control-2025-4.mode'],
          message:
            "scenario 'typo' sets 'policies.cn-export-control-2025-4.mode', which addresses nothing in the model: no 'cn-export-control-2025-4' there.",
          fix: "did you mean 'policies.cn-export-control-2025-04.mode'?",
        },
      ],
    });
  });

  it('reports a set path to a field the component does not have', () => {
    const model = withScenarios([{ id: 'typo', set: { 'policies.cn-export-control-2025-04.mdoe': 'ban' } }]);
    const { issues } = applyScenario(model, 'typo');
    expect(issues.map((i) => [i.code, i.path.join('.'), i.fix])).toEqual([
      [
        'SCENARIO_PATH_UNKNOWN',
        'scenarios.0.set.policies.cn-export-control-2025-04.mdoe',
        "did you mean 'mode'?",
      ],
    ]);
  });

  it('points schema errors in set and added values at the scenario', () => {
    const model = withScenarios([
      {
        id: 'bad',
        set: { 'policies.cn-export-control-2025-04.mode': 'embargo' },
        add: { policies: [{ id: 'q', kind: 'quota', scope: {}, limit: 'lots' }] },
        remove: { polices: ['x'] },
      },
    ]);
    const { model: result, issues } = applyScenario(model, 'bad');
    expect(result).toBeUndefined();
    expect(issues.map((i) => [i.code, i.path.join('.')])).toEqual([
      ['SCENARIO_PATH_UNKNOWN', 'scenarios.0.remove.polices'],
      ['SCHEMA_INVALID_VALUE', 'scenarios.0.set.policies.cn-export-control-2025-04.mode'],
      ['UNIT_INVALID', 'scenarios.0.add.policies.0.limit'],
    ]);
    expect(issues[0]?.fix).toBe("did you mean 'policies'?");
    expect(issues[1]?.message).toBe(
      "scenario 'bad': 'mode' must be one of 'ban', 'cap', 'license'; found 'embargo'",
    );
    expect(issues[2]?.message).toMatch(/^scenario 'bad': 'limit': expected a quantity in t\/yr/);
  });

  it('detects extends cycles', () => {
    const model = withScenarios([
      { id: 'a', extends: 'b' },
      { id: 'b', extends: 'a' },
    ]);
    expect(applyScenario(model, 'a').issues).toEqual([
      {
        code: 'SCENARIO_CYCLE',
        severity: 'error',
        path: ['scenarios', 1, 'extends'],
        message: 'scenarios extend each other in a cycle: a → b → a.',
        fix: "remove the extends of one of them (e.g. of 'b').",
      },
    ]);
  });

  it('checks the result: removing a facility leaves routes and demands pointing at nothing', () => {
    const model = withScenarios([{ id: 'closed', remove: { facilities: ['tokyo-buyer'] } }]);
    const { model: result, issues } = applyScenario(model, 'closed');
    expect(result?.facilities.map((f) => f.id)).toEqual(['bayan-obo', 'baiyin-separation', 'magnet-maker']);
    expect(issues.map((i) => [i.code, i.path.join('.')])).toEqual([
      ['REF_UNKNOWN', 'routes.2.to'],
      ['REF_UNKNOWN', 'demands.1.node'],
      ['POLICY_SHARE_CAP_NO_DEMAND', 'policies.2.consumer.jurisdiction'],
    ]);
  });
});

describe('checkScenarios through checkModel', () => {
  it('reports each scenario’s new issues under its path, naming it', () => {
    const model = createTwoBase((m) => {
      row(m.demands, 0).profile = Array.from({ length: 12 }, () => 1);
      m.scenarios = [{ id: 'longer', set: { 'horizon.periods': 24 } }];
    });
    expect(checkModel(model)).toEqual([
      {
        code: 'PROFILE_LENGTH',
        severity: 'error',
        path: ['scenarios', 0, 'demands', 0, 'profile'],
        message:
          "scenario 'longer': demand 'magnet-maker:NdPr-oxide' has a profile of 12 multipliers; expected one per period of the horizon (24).",
        fix: 'add 12 multipliers, or remove the profile.',
      },
    ]);
  });

  it('does not repeat the base model’s issues for every scenario', () => {
    const model = createTwoBase((m) => {
      row(m.routes, 1).to = 'magnet-makr';
    });
    const codes = checkModel(model).map((i) => [i.code, i.path.join('.')]);
    expect(codes).toEqual([
      ['REF_UNKNOWN', 'routes.1.to'],
      ['DEMAND_UNREACHABLE', 'demands.0.material'],
    ]);
  });
});
