/** A simulated network for the risk tests on simulation results. */
import type { Model } from '../../src/model/index.js';
import { chainModel } from '../simulate/helpers.js';

/** Two mines, CN 730 t/yr (2 t/day) and AU 365 t/yr (1 t/day), one consumer in JP needing 3 t/day of Dy oxide. */
export function twoMines(): Model {
  return chainModel({
    jurisdictions: [
      { id: 'CN', name: 'China' },
      { id: 'AU', name: 'Australia' },
      { id: 'JP', name: 'Japan' },
    ],
    facilities: [
      {
        id: 'mine',
        jurisdiction: 'CN',
        processes: [{ id: 'mine', stage: 'mining', outputs: { dy: 1 }, capacity: 730 }],
      },
      {
        id: 'mine-au',
        jurisdiction: 'AU',
        processes: [{ id: 'mine', stage: 'mining', outputs: { dy: 1 }, capacity: 365 }],
      },
      { id: 'maker', jurisdiction: 'JP', kind: 'consumer' },
    ],
    routes: [
      { from: 'mine', to: 'maker', leadTime: '1d' },
      { from: 'mine-au', to: 'maker', leadTime: '1d' },
    ],
    demands: [{ node: 'maker', material: 'dy', quantity: 1095 }],
  });
}
