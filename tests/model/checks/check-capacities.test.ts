import { describe, expect, it } from 'vitest';
import { checkCapacities, checkSeparation, createCheckContext } from '../../../src/model/checks/index.js';
import type { Model } from '../../../src/model/model.js';
import { createTwoBase, given, row } from './fixtures.js';

const run = (model: Model) => checkCapacities(model, createCheckContext(model));

describe('checkCapacities', () => {
  it('finds nothing in the clean model', () => {
    expect(run(createTwoBase())).toEqual([]);
  });

  it('reports a mine whose output has no REO content while capacity is on reo-out', () => {
    const model = createTwoBase((m) => {
      m.materials.push({ id: 'waste-rock', kind: 'ore' });
      row(m.facilities, 0).processes = [
        { id: 'mine', stage: 'mining', outputs: { 'waste-rock': 1 }, capacity: 1000 },
      ];
    });
    expect(run(model)).toEqual([
      {
        code: 'CAPACITY_NO_REFERENCE_FLOW',
        severity: 'error',
        path: ['facilities', 0, 'processes', 0, 'capacity'],
        message:
          "process 'bayan-obo/mine' measures its capacity on 'reo-out', but one unit of its activity moves 0 t of it, so the capacity bounds nothing.",
        fix: 'give the outputs element content (elements, or reo with distribution), or set reference to one of its materials.',
      },
    ]);
  });

  it('reports a reference that is not in the recipe, with a did-you-mean', () => {
    const model = createTwoBase((m) => {
      row(row(m.facilities, 0).processes, 0).reference = 'bayan-concentrat';
    });
    expect(run(model)).toEqual([
      {
        code: 'CAPACITY_REFERENCE_UNKNOWN',
        severity: 'error',
        path: ['facilities', 0, 'processes', 0, 'reference'],
        message:
          "process 'bayan-obo/mine' measures its capacity on 'bayan-concentrat', which is not in its recipe; expected one of its inputs or outputs, 'reo-in' or 'reo-out'.",
        fix: "did you mean 'bayan-concentrate'?",
      },
    ]);
  });

  it('warns about a capacity that rounds to 0 t/yr: 30 kg/yr is 0.03 t/yr (D15)', () => {
    const model = createTwoBase((m) => {
      row(given(row(m.facilities, 1).processes), 0).capacity = 0.03;
    });
    expect(run(model)).toEqual([
      {
        code: 'CAPACITY_TINY',
        severity: 'warning',
        path: ['facilities', 1, 'processes', 0, 'capacity'],
        message:
          "process 'baiyin-separation/separate' has capacity 0.03 t/yr, which rounds to 0 t/yr in every table; a unit slip (kg/yr where t/yr was meant)?",
        fix: 'write the capacity in t/yr, e.g. 30/yr or 30 t/yr for 30 t (30 kg/yr is 0.03 t/yr).',
      },
    ]);
  });

  it('warns about zero capacities, and checks negative ones in models built in code', () => {
    const model = createTwoBase((m) => {
      row(given(row(m.facilities, 1).processes), 0).capacity = 0;
      row(m.routes, 0).capacity = 0;
    });
    given(row(model.projects, 0).expands).capacity = -5;
    expect(run(model).map((i) => [i.code, i.severity, i.path.join('.')])).toEqual([
      ['CAPACITY_ZERO', 'warning', 'facilities.1.processes.0.capacity'],
      ['CAPACITY_ZERO', 'warning', 'routes.0.capacity'],
      ['CAPACITY_NEGATIVE', 'error', 'projects.0.expands.capacity'],
    ]);
  });

  it('reports a process built in code with no capacity', () => {
    const model = createTwoBase();
    delete (row(model.facilities, 0).processes[0] as { capacity?: number }).capacity;
    expect(run(model).map((i) => [i.code, i.path.join('.'), i.fix])).toEqual([
      ['CAPACITY_MISSING', 'facilities.0.processes.0.capacity', 'add capacity: e.g. 30000/yr.'],
    ]);
  });

  it('reports a stockpile above its capacity and a floor above its level', () => {
    const model = createTwoBase((m) => {
      m.stockpiles = [
        {
          id: 'jp-reserve',
          holder: 'JP',
          node: 'tokyo-buyer',
          material: 'NdPr-oxide',
          level: 500,
          capacity: 400,
        },
        { id: 'jp-floor', holder: 'JP', node: 'tokyo-buyer', material: 'NdPr-oxide', level: 100, floor: 200 },
      ];
    });
    expect(run(model).map((i) => [i.code, i.severity, i.path.join('.'), i.message])).toEqual([
      [
        'CAPACITY_BELOW_LEVEL',
        'error',
        'stockpiles.0.level',
        "stockpile 'jp-reserve' starts at 500 t but holds at most 400 t.",
      ],
      [
        'CAPACITY_FLOOR_ABOVE_LEVEL',
        'warning',
        'stockpiles.1.floor',
        "stockpile 'jp-floor' has floor 200 t above its starting level 100 t, so it can release nothing until rebuilt.",
      ],
    ]);
  });
});

describe('checkSeparation', () => {
  const runSeparation = (model: Model) => checkSeparation(model, createCheckContext(model));

  it('finds nothing in the clean model', () => {
    expect(runSeparation(createTwoBase())).toEqual([]);
  });

  it('reports a feed with no element content', () => {
    const model = createTwoBase((m) => {
      m.materials[0] = { id: 'bayan-concentrate', kind: 'concentrate' };
    });
    expect(runSeparation(model)).toEqual([
      {
        code: 'SEPARATION_FEED_NO_CONTENT',
        severity: 'error',
        path: ['facilities', 1, 'processes', 0, 'separation', 'feed'],
        message:
          "separation 'baiyin-separation/separate' separates 'bayan-concentrate', which has no element content, so it yields nothing.",
        fix: "give material 'bayan-concentrate' elements, or reo with a distribution.",
      },
    ]);
  });

  it('warns about lost elements without a rest, empty and content-less products, and mismatched products', () => {
    // Feed REO: La 30, Ce 45, Pr 5, Nd 15, Dy 5 %. Products collect NdPr, La and Tb (absent);
    // without rest, Ce + Dy = 50% of the feed's REO is lost.
    const model = createTwoBase((m) => {
      m.materials.push(
        { id: 'Tb-oxide', kind: 'oxide', elements: { Tb: 1 } },
        { id: 'La-cake', kind: 'mixed' },
      );
      m.materials[1] = { id: 'NdPr-oxide', kind: 'oxide', elements: { Pr: 0.25, Nd: 0.7, Dy: 0.05 } };
      const spec = given(row(given(row(m.facilities, 1).processes), 0).separation);
      spec.products = { 'NdPr-oxide': 'NdPr', 'La-cake': ['La'], 'Tb-oxide': 'Tb' };
      delete spec.rest;
    });
    expect(runSeparation(model).map((i) => [i.code, i.path.slice(5).join('.'), i.message])).toEqual([
      [
        'SEPARATION_PRODUCT_MISMATCH',
        'products.NdPr-oxide',
        "separation 'baiyin-separation/separate': material 'NdPr-oxide' contains Dy, which this product does not collect (it collects Pr, Nd).",
      ],
      [
        'SEPARATION_PRODUCT_NO_CONTENT',
        'products.La-cake',
        "separation 'baiyin-separation/separate': product 'La-cake' has no element content, so the elements it collects vanish from element flows downstream.",
      ],
      [
        'SEPARATION_PRODUCT_EMPTY',
        'products.Tb-oxide',
        "separation 'baiyin-separation/separate': product 'Tb-oxide' collects Tb, none of which the feed 'bayan-concentrate' contains.",
      ],
      [
        'SEPARATION_NO_REST',
        '',
        "separation 'baiyin-separation/separate': 50% of the feed's REO (Ce, Dy) goes to no product and is lost to tailings, hiding joint production.",
      ],
    ]);
  });
});
