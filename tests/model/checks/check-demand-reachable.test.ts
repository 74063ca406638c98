import { describe, expect, it } from 'vitest';
import { checkDemandReachable, createCheckContext } from '../../../src/model/checks/index.js';
import type { Model } from '../../../src/model/model.js';
import { createTwoBase, row } from './fixtures.js';

const run = (model: Model) => checkDemandReachable(model, createCheckContext(model));

describe('checkDemandReachable', () => {
  it('finds nothing in the clean model: mine → rail → separation → rail/sea → consumers', () => {
    expect(run(createTwoBase())).toEqual([]);
  });

  it('reports a demand whose only route does not allow its material', () => {
    const model = createTwoBase((m) => {
      row(m.routes, 2).materials = ['La-oxide'];
    });
    expect(run(model)).toEqual([
      {
        code: 'DEMAND_UNREACHABLE',
        severity: 'error',
        path: ['demands', 1, 'material'],
        message:
          "demand 'tokyo-buyer:NdPr-oxide': no chain of processes and routes brings 'NdPr-oxide' to 'tokyo-buyer', so all of it will go unmet.",
        fix: "add a process that outputs 'NdPr-oxide' upstream of 'tokyo-buyer', or a route from a facility that has it (check the routes' materials lists).",
      },
    ]);
  });

  it('follows whole chains: a separation plant with no feed cannot serve anyone', () => {
    const model = createTwoBase((m) => {
      m.routes.splice(0, 1); // no rail from the mine to the separation plant
    });
    expect(run(model).map((i) => [i.path.join('.'), i.severity])).toEqual([
      ['demands.0.material', 'error'],
      ['demands.1.material', 'error'],
    ]);
  });

  it('warns when only a stockpile or a substitute can serve the demand', () => {
    const model = createTwoBase((m) => {
      m.routes.splice(0, 1);
      m.stockpiles = [
        { id: 'jp-reserve', holder: 'JP', node: 'tokyo-buyer', material: 'NdPr-oxide', level: 1000 },
      ];
      row(m.facilities, 2).processes = [
        { id: 'ferrite', stage: 'magnet', outputs: { 'La-oxide': 1 }, capacity: 10 },
      ];
      row(m.demands, 0).substitutes = [{ material: 'La-oxide', maxShare: 0.2 }];
    });
    expect(run(model).map((i) => [i.path.join('.'), i.severity, i.message])).toEqual([
      [
        'demands.0.material',
        'warning',
        "demand 'magnet-maker:NdPr-oxide': no chain of processes and routes brings 'NdPr-oxide' to 'magnet-maker'; only its substitute 'La-oxide' can serve it.",
      ],
      [
        'demands.1.material',
        'warning',
        "demand 'tokyo-buyer:NdPr-oxide': no chain of processes and routes brings 'NdPr-oxide' to 'tokyo-buyer'; only a stockpile can serve it, until it runs out.",
      ],
    ]);
  });
});
