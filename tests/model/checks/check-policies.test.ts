import { describe, expect, it } from 'vitest';
import { checkPolicies, createCheckContext } from '../../../src/model/checks/index.js';
import type { Model } from '../../../src/model/model.js';
import { createTwoBase } from './fixtures.js';

const run = (model: Model) => checkPolicies(model, createCheckContext(model));

describe('checkPolicies', () => {
  it('finds nothing in the clean model', () => {
    expect(run(createTwoBase())).toEqual([]);
  });

  it('reports a cap without cap, a licence without delay, and a cap given to another mode', () => {
    const model = createTwoBase((m) => {
      m.policies.push(
        { id: 'cap-no-cap', kind: 'export-control', from: 'CN', elements: ['Dy'], mode: 'cap' },
        { id: 'licence', kind: 'export-control', from: 'CN', elements: ['Tb'], mode: 'license' },
        { id: 'ban-with-cap', kind: 'export-control', from: 'CN', elements: ['Tb'], mode: 'ban', cap: 100 },
        { id: 'nothing', kind: 'export-control', from: 'CN', elements: [], mode: 'ban' },
      );
    });
    expect(run(model).map((i) => [i.code, i.severity, i.path.join('.'), i.fix])).toEqual([
      [
        'POLICY_CAP_MISSING',
        'error',
        'policies.3.cap',
        'add cap: t REO a year, e.g. 5000/yr, or change the mode.',
      ],
      ['POLICY_LICENSE_DELAY_MISSING', 'warning', 'policies.4.licenseDelay', 'add licenseDelay, e.g. 45d.'],
      ['POLICY_FIELD_IGNORED', 'warning', 'policies.5.cap', 'set mode: cap, or remove the cap.'],
      [
        'POLICY_ELEMENTS_EMPTY',
        'warning',
        'policies.6.elements',
        'list the elements it controls, e.g. [Dy, Tb].',
      ],
    ]);
  });

  it('reports a share cap with no consumer, and one whose jurisdiction has no demand', () => {
    const model = createTwoBase((m) => {
      m.policies.push(
        {
          id: 'no-consumer',
          kind: 'share-cap',
          consumer: {},
          through: 'CN',
          elements: ['NdPr'],
          maxShare: 0.5,
        },
        {
          id: 'no-demand',
          kind: 'share-cap',
          consumer: { jurisdiction: 'CN-GS' },
          through: 'CN',
          elements: ['NdPr'],
          maxShare: 0.5,
        },
      );
    });
    expect(run(model).map((i) => [i.code, i.severity, i.path.join('.'), i.message])).toEqual([
      [
        'POLICY_SHARE_CAP_NO_CONSUMER',
        'error',
        'policies.3.consumer',
        "policy 'no-consumer' names no consumer, so there is no supply to cap.",
      ],
      [
        'POLICY_SHARE_CAP_NO_DEMAND',
        'warning',
        'policies.4.consumer.jurisdiction',
        "policy 'no-demand': no demand is at a facility in 'CN-GS', so it caps nothing.",
      ],
    ]);
  });

  it('warns about a quota whose scope matches no facility', () => {
    const model = createTwoBase((m) => {
      m.policies[0] = {
        id: 'gs-mining',
        kind: 'quota',
        scope: { jurisdiction: 'CN-GS', stage: 'mining' },
        limit: 1000,
      };
    });
    expect(run(model)).toEqual([
      {
        code: 'POLICY_SCOPE_EMPTY',
        severity: 'warning',
        path: ['policies', 0, 'scope'],
        message: `policy 'gs-mining': its scope {"jurisdiction":"CN-GS","stage":"mining"} matches no facility, so it constrains nothing.`,
        fix: 'check the scope’s jurisdiction, operator, stage and facilities against the facilities table.',
      },
    ]);
  });

  it('reports unknown elements in a policy built in code, with a did-you-mean', () => {
    const model = createTwoBase();
    const policy = model.policies[1];
    if (policy?.kind !== 'export-control') throw new Error('fixture changed');
    policy.elements.push('Dyy');
    expect(run(model)).toEqual([
      {
        code: 'POLICY_ELEMENT_UNKNOWN',
        severity: 'error',
        path: ['policies', 1, 'elements', 7],
        message:
          "policy 'cn-export-control-2025-04' names unknown element 'Dyy'; expected an element symbol or a group (NdPr, LREE, HREE, SEG, DyTb).",
        fix: "did you mean 'Dy'?",
      },
    ]);
  });
});
