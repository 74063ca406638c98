// A synthetic rare-earth network for benchmarks: n mines → n separation plants → n magnet plants →
// n consumers over `periods` months, every stage fully connected, with seeded costs. About 48·n²
// variables at 12 periods.
import { modelSchema, type Model } from '../src/model/index.js';
import { createRandom } from '../src/random.js';

export function generateNetwork(n: number, periods = 12, seed = 7): Model {
  const generator = createRandom(seed);
  const random = (): number => generator.next();
  const ids = (prefix: string): string[] => Array.from({ length: n }, (_, i) => `${prefix}${i}`);
  const mines = ids('mine');
  const seps = ids('sep');
  const magnets = ids('mag');
  const users = ids('user');
  const countries = ['CN', 'US', 'AU', 'MY', 'JP', 'DE'];
  const j = (i: number): string => countries[i % countries.length] ?? 'CN';
  return modelSchema.parse({
    schemaVersion: 1,
    name: `generated-${n}`,
    horizon: { start: '2026-01', periods, step: 'month' },
    jurisdictions: countries.map((id) => ({ id, name: id })),
    distributions: { bastnaesite: { La: 33, Ce: 49, Pr: 4.3, Nd: 12, Sm: 0.8, Dy: 0.9 } },
    materials: [
      { id: 'conc', kind: 'concentrate', reo: 0.6, distribution: 'bastnaesite' },
      { id: 'NdPr', kind: 'oxide', elements: { Pr: 0.26, Nd: 0.74 } },
      { id: 'La', kind: 'oxide', elements: { La: 1 } },
      { id: 'Ce', kind: 'oxide', elements: { Ce: 1 } },
      { id: 'Dy', kind: 'oxide', elements: { Dy: 1 } },
      { id: 'magnet', kind: 'magnet', elements: { Pr: 0.09, Nd: 0.26, Dy: 0.01 } },
    ],
    facilities: [
      ...mines.map((id, i) => ({
        id,
        jurisdiction: j(i),
        processes: [
          {
            id: 'mine',
            stage: 'mining',
            outputs: { conc: 1 },
            capacity: 2000 + random() * 4000,
            cost: 50 + random() * 100,
          },
        ],
      })),
      ...seps.map((id, i) => ({
        id,
        jurisdiction: j(i + 1),
        processes: [
          {
            id: 'sep',
            stage: 'separation',
            separation: {
              feed: 'conc',
              recovery: 0.92,
              products: { NdPr: ['Nd', 'Pr'], La: ['La'], Ce: ['Ce'], Dy: ['Dy'] },
            },
            capacity: 1500 + random() * 3000,
            cost: 300 + random() * 300,
          },
        ],
      })),
      ...magnets.map((id, i) => ({
        id,
        jurisdiction: j(i + 2),
        processes: [
          {
            id: 'make',
            stage: 'magnet',
            inputs: { NdPr: 0.36, Dy: 0.011 },
            outputs: { magnet: 1 },
            capacity: 800 + random() * 1500,
            cost: 2000 + random() * 2000,
          },
        ],
      })),
      ...users.map((id, i) => ({ id, jurisdiction: j(i + 3), kind: 'consumer' })),
    ],
    routes: [
      ...mines.flatMap((from) =>
        seps.map((to) => ({ from, to, cost: 10 + random() * 90, leadTime: `${Math.floor(random() * 40)}d` })),
      ),
      ...seps.flatMap((from) =>
        magnets.map((to) => ({ from, to, cost: 20 + random() * 100, materials: ['NdPr', 'Dy'] })),
      ),
      ...magnets.flatMap((from) => users.map((to) => ({ from, to, cost: 30 + random() * 100 }))),
    ],
    demands: users.map((node) => ({
      node,
      material: 'magnet',
      quantity: 300 + random() * 600,
      unmetCost: 200_000,
    })),
    sinks: [
      { material: 'La', kind: 'sell', price: 500 },
      { material: 'Ce', kind: 'dispose', cost: 50 },
      { material: 'NdPr', kind: 'sell', price: 100 },
      { material: 'Dy', kind: 'sell', price: 100 },
    ],
  });
}
