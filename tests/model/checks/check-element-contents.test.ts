import { describe, expect, it } from 'vitest';
import {
  checkElementContents,
  checkRecipeMass,
  createCheckContext,
} from '../../../src/model/checks/index.js';
import type { Model } from '../../../src/model/model.js';
import { createTwoBase, given, row } from './fixtures.js';

const run = (model: Model) => checkElementContents(model, createCheckContext(model));

describe('checkElementContents', () => {
  it('finds nothing in the clean model (a metal may hold 1.16 t REO-equivalent per t)', () => {
    expect(run(createTwoBase())).toEqual([]);
  });

  it('reports an oxide written in percent as CONTENT_OVER_ONE', () => {
    const model = createTwoBase((m) => {
      m.materials[2] = { id: 'La-oxide', kind: 'oxide', elements: { La: 0.99, Ce: 0.02 } };
    });
    expect(run(model)).toEqual([
      {
        code: 'CONTENT_OVER_ONE',
        severity: 'error',
        path: ['materials', 2, 'elements'],
        message:
          "material 'La-oxide' (oxide) holds 1.01 t REO per tonne; a tonne of material cannot hold more than 1 t REO.",
        fix: 'write contents as t REO per t (fractions, e.g. Nd: 0.75), not percent.',
      },
    ]);
  });

  it('bounds a metal by its metal mass: Pr 0.3 + Nd 0.9 t REO-equivalent is 1.02 t of metal', () => {
    // Pr6O11 → Pr 6·140.908 / (6·140.908 + 11·15.999) = 0.82771; Nd2O3 → Nd 0.85736
    // 0.3 × 0.82771 + 0.9 × 0.85736 = 0.24831 + 0.77162 = 1.01993
    const model = createTwoBase((m) => {
      m.materials[4] = { id: 'NdPr-metal', kind: 'metal', elements: { Pr: 0.3, Nd: 0.9 } };
    });
    expect(run(model).map((i) => i.message)).toEqual([
      "material 'NdPr-metal' (metal) holds 1.02 t of rare-earth metal per tonne; a tonne of material cannot hold more than 1 t of rare-earth metal.",
    ]);
  });

  it('warns about distributions off 100%, unknown element keys, and ambiguous or incomplete content', () => {
    const model = createTwoBase((m) => {
      m.distributions = {
        'bayan-obo': { La: 30, Ce: 45, Pr: 5, Nd: 15, Dy: 5 },
        ionic: { Dy: 10, Yy: 50, La: 20 },
      };
      m.materials.push({
        id: 'ionic-clay',
        kind: 'ore',
        reo: 0.001,
        distribution: 'ionic',
        elements: { Dy: 0.0001 },
      });
      m.materials.push({ id: 'graded', kind: 'ore', reo: 0.01 });
      given(row(given(row(m.facilities, 1).processes), 0).separation).recovery = {
        NdPr: 0.95,
        Dyy: 0.9,
        default: 0.9,
      };
    });
    const found = run(model).map((i) => [i.code, i.severity, i.path.join('.'), i.fix]);
    expect(found).toEqual([
      ['ELEMENT_UNKNOWN', 'error', 'distributions.ionic.Yy', "did you mean 'Y'?"],
      [
        'DISTRIBUTION_SUM',
        'warning',
        'distributions.ionic',
        'check for a missing or mistyped element, or rescale the percents.',
      ],
      [
        'MATERIAL_CONTENT_AMBIGUOUS',
        'warning',
        'materials.5',
        'remove reo and distribution, or remove elements.',
      ],
      [
        'MATERIAL_CONTENT_INCOMPLETE',
        'warning',
        'materials.6.reo',
        'add distribution, or give elements instead.',
      ],
      ['ELEMENT_UNKNOWN', 'error', 'facilities.1.processes.0.separation.recovery.Dyy', "did you mean 'Dy'?"],
    ]);
    expect(run(model)[1]?.message).toBe(
      "distribution 'ionic' sums to 30% of REO; expected about 100% (it is normalised to 100% when used).",
    );
  });
});

describe('checkRecipeMass', () => {
  it('finds nothing in the clean model (separation recovers 95%)', () => {
    const model = createTwoBase();
    expect(checkRecipeMass(model, createCheckContext(model))).toEqual([]);
  });

  it('reports a metal process that makes more Nd than its oxide feed holds', () => {
    // in: 1 t NdPr-oxide = Pr 0.25 + Nd 0.75 t REO; out: 1 t NdPr-metal = Pr 0.29 + Nd 0.87 t REO-equivalent
    // Pr 0.29 > 0.25 × 1.02, Nd 0.87 > 0.75 × 1.02: both created.
    const model = createTwoBase((m) => {
      row(m.facilities, 2).processes = [
        {
          id: 'reduce',
          stage: 'metal',
          inputs: { 'NdPr-oxide': 1 },
          outputs: { 'NdPr-metal': 1 },
          capacity: 1000,
        },
      ];
    });
    expect(checkRecipeMass(model, createCheckContext(model))).toEqual([
      {
        code: 'RECIPE_CREATES_MASS',
        severity: 'error',
        path: ['facilities', 2, 'processes', 0, 'outputs'],
        message:
          "process 'magnet-maker/reduce' creates element mass per unit of activity (Pr 0.29 t out vs 0.25 t in, Nd 0.87 t out vs 0.75 t in); outputs may hold at most the REO of the inputs.",
        fix: 'lower the outputs, raise the inputs, or check the element content of the materials involved.',
      },
    ]);
  });

  it('accepts 1.02 × the input per element and exempts mining and processes without inputs', () => {
    // 1.16 t oxide in = Pr 0.29, Nd 0.87 t REO: exactly the metal's content.
    const model = createTwoBase((m) => {
      row(m.facilities, 2).processes = [
        {
          id: 'reduce',
          stage: 'metal',
          inputs: { 'NdPr-oxide': 1.16 },
          outputs: { 'NdPr-metal': 1 },
          capacity: 1000,
        },
        { id: 'collect', stage: 'recycling', outputs: { 'NdPr-metal': 5 }, capacity: 1000 },
      ];
    });
    expect(checkRecipeMass(model, createCheckContext(model))).toEqual([]);
  });
});
