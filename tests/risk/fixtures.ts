/** Tiny networks for the risk metrics, with flows written by hand so every answer can be worked out. */
import { modelSchema, type Model } from '../../src/model/index.js';
import type { FlowsView } from '../../src/risk/index.js';

/** CN (with provinces CN-NM, CN-SC), AU, MY, JP, KR; ore and oxide carry 1 t Nd per t. */
export function riskModel(overrides: Record<string, unknown> = {}): Model {
  return modelSchema.parse({
    schemaVersion: 1,
    name: 'risk-tiny',
    horizon: { start: '2026-01', periods: 2, step: 'month' },
    jurisdictions: [
      { id: 'CN', name: 'China', governance: 6 },
      { id: 'CN-NM', name: 'Inner Mongolia', parent: 'CN' },
      { id: 'CN-SC', name: 'Sichuan', parent: 'CN' },
      { id: 'AU', name: 'Australia', blocs: ['Quad'], governance: 2 },
      { id: 'MY', name: 'Malaysia', governance: 4 },
      { id: 'JP', name: 'Japan', blocs: ['Quad'] },
      { id: 'KR', name: 'Korea' },
    ],
    materials: [
      { id: 'ore', kind: 'concentrate', elements: { Nd: 1 } },
      { id: 'ox', kind: 'oxide', elements: { Nd: 1 } },
      { id: 'ndmetal', kind: 'metal', elements: { Nd: 1 } },
      { id: 'dyfe', kind: 'metal', elements: { Dy: 1 } },
      { id: 'alloy', kind: 'alloy', elements: { Nd: 0.9, Dy: 0.1 } },
    ],
    facilities: [
      {
        id: 'mine-nm',
        jurisdiction: 'CN-NM',
        operator: 'CNRE',
        processes: [{ id: 'mine', stage: 'mining', outputs: { ore: 1 }, capacity: 1000 }],
      },
      {
        id: 'mine-sc',
        jurisdiction: 'CN-SC',
        operator: 'CREG',
        processes: [{ id: 'mine', stage: 'mining', outputs: { ore: 1 }, capacity: 1000 }],
      },
      {
        id: 'mine-au',
        jurisdiction: 'AU',
        operator: 'Lynas',
        processes: [{ id: 'mine', stage: 'mining', outputs: { ore: 1 }, capacity: 1000 }],
      },
      {
        id: 'sep-cn',
        jurisdiction: 'CN-NM',
        operator: 'CNRE',
        processes: [
          {
            id: 'sep',
            stage: 'separation',
            inputs: { ore: 1 },
            outputs: { ox: 1 },
            capacity: 1000,
            reference: 'ox',
          },
        ],
      },
      {
        id: 'sep-my',
        jurisdiction: 'MY',
        operator: 'Lynas',
        processes: [
          {
            id: 'sep',
            stage: 'separation',
            inputs: { ore: 1 },
            outputs: { ox: 1 },
            capacity: 1000,
            reference: 'ox',
          },
        ],
      },
      {
        id: 'alloy-jp',
        jurisdiction: 'JP',
        processes: [
          {
            id: 'alloy',
            stage: 'alloy',
            inputs: { ndmetal: 0.9, dyfe: 0.1 },
            outputs: { alloy: 1 },
            capacity: 1000,
          },
        ],
      },
      { id: 'jp', jurisdiction: 'JP', kind: 'consumer' },
      { id: 'jp-hub', jurisdiction: 'JP', kind: 'hub' },
      { id: 'kr', jurisdiction: 'KR', kind: 'consumer' },
    ],
    demands: [
      { node: 'jp', material: 'ox', quantity: 1200 },
      { node: 'jp', material: 'alloy', quantity: 1200 },
      { node: 'kr', material: 'ox', quantity: 1200 },
    ],
    ...overrides,
  });
}

/** An empty view over the model's two periods. */
export function emptyView(partial: Partial<FlowsView> = {}): FlowsView {
  return {
    source: 'test',
    status: 'optimal',
    periods: ['2026-01', '2026-02'],
    production: [],
    consumption: [],
    shipments: [],
    deliveries: [],
    stocks: [],
    sinks: [],
    capacities: [],
    cost: 0,
    supplyCost: 0,
    ...partial,
  };
}

const P0 = '2026-01';

/** Production of `tonnes` of ore at a mine in period `period`. */
export const mined = (facility: string, tonnes: number, period = P0) => ({
  facility,
  process: `${facility}/mine`,
  stage: 'mining',
  material: 'ore',
  period,
  tonnes,
});
/** Separation at `facility` of `tonnes` of ore into as many tonnes of oxide. */
export const separated = (facility: string, tonnes: number, period = P0) => ({
  production: { facility, process: `${facility}/sep`, stage: 'separation', material: 'ox', period, tonnes },
  consumption: { facility, process: `${facility}/sep`, stage: 'separation', material: 'ore', period, tonnes },
});
export const ship = (
  from: string,
  to: string,
  material: string,
  tonnes: number,
  period = P0,
  arrival = period,
) => ({ route: `${from}->${to}`, from, to, material, period, arrival, tonnes });
export const deliver = (node: string, material: string, served: number, period = P0) => ({
  demand: `${node}:${material}`,
  node,
  material,
  period,
  required: served,
  served,
});

/**
 * The two-tier network of issue 5: 60 t of ore mined in China (Inner Mongolia 40, Sichuan 20) and
 * 40 t in Australia, all separated in China, 100 t of oxide to Japan.
 */
export function twoTierView(): FlowsView {
  const sep = separated('sep-cn', 100);
  return emptyView({
    production: [mined('mine-nm', 40), mined('mine-sc', 20), mined('mine-au', 40), sep.production],
    consumption: [sep.consumption],
    shipments: [
      ship('mine-nm', 'sep-cn', 'ore', 40),
      ship('mine-sc', 'sep-cn', 'ore', 20),
      ship('mine-au', 'sep-cn', 'ore', 40),
      ship('sep-cn', 'jp', 'ox', 100),
    ],
    deliveries: [deliver('jp', 'ox', 100)],
  });
}

/**
 * Two months, two consumers: in January China separates 60 t of CN ore and 40 t of AU ore for
 * Japan (arriving in February); in February it separates 100 t of AU ore for Korea.
 */
export function japanThenKoreaView(): FlowsView {
  const jan = separated('sep-cn', 100);
  const feb = separated('sep-cn', 100, '2026-02');
  return emptyView({
    production: [
      mined('mine-nm', 60),
      mined('mine-au', 40),
      jan.production,
      mined('mine-au', 100, '2026-02'),
      feb.production,
    ],
    consumption: [jan.consumption, feb.consumption],
    shipments: [
      ship('mine-nm', 'sep-cn', 'ore', 60),
      ship('mine-au', 'sep-cn', 'ore', 40),
      ship('sep-cn', 'jp', 'ox', 100, '2026-01', '2026-02'),
      ship('mine-au', 'sep-cn', 'ore', 100, '2026-02'),
      ship('sep-cn', 'kr', 'ox', 100, '2026-02'),
    ],
    deliveries: [deliver('jp', 'ox', 100, '2026-02'), deliver('kr', 'ox', 100, '2026-02')],
  });
}
