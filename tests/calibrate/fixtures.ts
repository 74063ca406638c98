/**
 * A hand-made model and plan result for the calibration engine: every figure of the tests is
 * worked out by hand from the rows below. Two quarterly periods, so horizon totals × 2 = t a year.
 */
import { modelSchema, type Model } from '../../src/model/index.js';
import type { PlanResult, ProductionRow } from '../../src/plan/index.js';

const process = (id: string, stage: string, outputs: Record<string, number>, inputs = {}) => ({
  id,
  stage,
  inputs,
  outputs,
  capacity: 10_000,
});

export function calibrationModel(): Model {
  return modelSchema.parse({
    schemaVersion: 1,
    name: 'calibration-tiny',
    horizon: { start: '2026-01', periods: 2, step: 'quarter' },
    jurisdictions: [
      { id: 'CN', name: 'China' },
      { id: 'CN-NM', name: 'Inner Mongolia', parent: 'CN' },
      { id: 'MM', name: 'Myanmar' },
      { id: 'AU', name: 'Australia' },
      { id: 'JP', name: 'Japan' },
    ],
    materials: [
      // 1 t REO per t: La 20%, Ce 50%, Pr 9%, Nd 20%, Dy 1%.
      { id: 'ore', kind: 'concentrate', elements: { La: 0.2, Ce: 0.5, Pr: 0.09, Nd: 0.2, Dy: 0.01 } },
      // 0.5 t REO per t: Dy 0.1, Y 0.4.
      { id: 'clay', kind: 'concentrate', elements: { Dy: 0.1, Y: 0.4 } },
      { id: 'Nd-oxide', kind: 'oxide', elements: { Nd: 1 }, price: 73_000 },
      { id: 'Dy-oxide', kind: 'oxide', elements: { Dy: 1 }, price: 200_000 },
      { id: 'magnet', kind: 'magnet', elements: { Nd: 0.3 } },
      { id: 'scrap', kind: 'scrap', elements: { Nd: 0.3 } },
    ],
    facilities: [
      {
        id: 'mine-nm',
        jurisdiction: 'CN-NM',
        operator: 'CNRE',
        processes: [process('mine', 'mining', { ore: 1 })],
      },
      {
        id: 'mine-au',
        jurisdiction: 'AU',
        operator: 'Lynas',
        processes: [process('mine', 'mining', { ore: 1 })],
      },
      { id: 'mine-mm', jurisdiction: 'MM', processes: [process('mine', 'mining', { clay: 1 })] },
      {
        id: 'sep-cn',
        jurisdiction: 'CN-NM',
        operator: 'CNRE',
        processes: [process('sep', 'separation', { 'Nd-oxide': 0.2, 'Dy-oxide': 0.01 }, { ore: 1 })],
      },
      {
        id: 'sep-au',
        jurisdiction: 'AU',
        operator: 'Lynas',
        processes: [process('sep', 'separation', { 'Nd-oxide': 0.2 }, { ore: 1 })],
      },
      {
        id: 'magnet-cn',
        jurisdiction: 'CN',
        processes: [process('make', 'magnet', { magnet: 1, scrap: 0.4 }, { 'Nd-oxide': 1.4 })],
      },
      {
        id: 'magnet-jp',
        jurisdiction: 'JP',
        processes: [process('make', 'magnet', { magnet: 1 }, { 'Nd-oxide': 1 })],
      },
      { id: 'cn-users', jurisdiction: 'CN', kind: 'consumer' },
      { id: 'jp-users', jurisdiction: 'JP', kind: 'consumer' },
    ],
    demands: [
      { id: 'jp-nev', node: 'jp-users', material: 'magnet', quantity: 400, sector: 'NEV' },
      { id: 'cn-wind', node: 'cn-users', material: 'magnet', quantity: 400, sector: 'wind' },
      { id: 'cn-catalysts', node: 'cn-users', material: 'Nd-oxide', quantity: 200, sector: 'catalysts' },
    ],
    policies: [{ id: 'q-cn', kind: 'quota', scope: { jurisdiction: 'CN', stage: 'mining' }, limit: 1000 }],
    scenarios: [
      {
        id: 'dy-ban',
        name: 'Dy and Tb banned',
        add: {
          policies: [
            { id: 'ban-dytb', kind: 'export-control', from: 'CN', elements: ['Dy', 'Tb'], mode: 'ban' },
          ],
        },
      },
    ],
  });
}

/** The same rows in both quarters. */
function both<T extends { period: string }>(row: Omit<T, 'period'>): T[] {
  return ['2026-01', '2026-04'].map((period) => ({ ...row, period }) as T);
}

const made = (facility: string, stage: string, material: string, tonnes: number): ProductionRow[] =>
  both<ProductionRow>({
    process: 'p',
    facility,
    stage,
    jurisdiction: '',
    country: '',
    material,
    tonnes,
    reo: 0,
  });

/**
 * Per quarter: mines CN 300 t ore, AU 100 t ore, MM 200 t clay (100 t REO); separation CN 150 t Nd
 * oxide + 15 t Dy oxide, AU 50 t Nd oxide; magnets CN 100 t (+ 40 t scrap), JP 50 t. Shipped per
 * quarter: clay MM → CN 200 t, magnets CN → JP 50 t. Demands per quarter: 100 t magnets (NEV, JP),
 * 100 t magnets (wind, CN), 50 t Nd oxide (catalysts, CN).
 */
export function calibrationResult(): PlanResult {
  const flow = (from: string, to: string, material: string, tonnes: number) =>
    both({ route: `${from}->${to}`, from, to, material, arrival: '', tonnes, reo: 0, crossBorder: true });
  const demand = (id: string, node: string, material: string, required: number) =>
    both({ demand: id, node, material, required, served: required, substituted: 0, unmet: 0 });
  return {
    status: 'optimal',
    model: 'calibration-tiny',
    objective: { kind: 'cost', value: 0 },
    periods: ['2026-01', '2026-04'],
    costs: { total: 0 } as PlanResult['costs'],
    emissions: 0,
    activity: [],
    flows: [...flow('mine-mm', 'sep-cn', 'clay', 200), ...flow('magnet-cn', 'jp-users', 'magnet', 50)],
    production: [
      ...made('mine-nm', 'mining', 'ore', 300),
      ...made('mine-au', 'mining', 'ore', 100),
      ...made('mine-mm', 'mining', 'clay', 200),
      ...made('sep-cn', 'separation', 'Nd-oxide', 150),
      ...made('sep-cn', 'separation', 'Dy-oxide', 15),
      ...made('sep-au', 'separation', 'Nd-oxide', 50),
      ...made('magnet-cn', 'magnet', 'magnet', 100),
      ...made('magnet-cn', 'magnet', 'scrap', 40),
      ...made('magnet-jp', 'magnet', 'magnet', 50),
    ],
    elementProduction: [],
    demand: [
      ...demand('jp-nev', 'jp-users', 'magnet', 100),
      ...demand('cn-wind', 'cn-users', 'magnet', 100),
      ...demand('cn-catalysts', 'cn-users', 'Nd-oxide', 50),
    ],
    shortfall: [],
    sinks: [],
    inventories: [],
    stockpiles: [],
    projects: [],
    duals: [],
    binding: [],
    diagnosis: [],
    stats: {
      columns: 0,
      rows: 0,
      nonzeros: 0,
      integers: 0,
      solver: 'none',
      buildSeconds: 0,
      solveSeconds: 0,
      assignSeconds: 0,
    },
    inputsHash: '',
    version: 'test',
    // Fields the engine does not read (indicators and the like) are left out.
  } as unknown as PlanResult;
}
