// A bloc as a consumer: every demand of its members, and nothing else.
import { describe, expect, it } from 'vitest';
import { parseConsumer } from '../../src/cli/risk.js';
import { createRiskNetwork, exposure, traceOrigins } from '../../src/risk/index.js';
import { deliver, emptyView, mined, riskModel, separated, ship } from './fixtures.js';

const network = createRiskNetwork(riskModel());

describe('a bloc as a consumer', () => {
  it('measures exposure over its members’ demands only', () => {
    // China separates 60 CN + 40 AU ore for Japan (Quad) in January and 100 t of AU ore for Korea
    // (not in the Quad) in February. The Quad consumes Japan's 100 t: 60% Chinese-mined. Korea would
    // halve it: (60 + 0) / 200 = 30%.
    const jan = separated('sep-cn', 100);
    const feb = separated('sep-cn', 100, '2026-02');
    const view = emptyView({
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
    const trace = traceOrigins(view, network);
    const consumer = parseConsumer(network, 'Quad');
    expect(consumer).toEqual({ jurisdiction: 'Quad' });
    const rows = exposure(trace, network, { consumer, elements: ['Nd'], through: ['CN'] }).values;
    expect(rows.find((r) => r.stage === 'mining')?.value).toBeCloseTo(0.6, 12);
  });

  it('refuses an unknown consumer with a did-you-mean', () => {
    expect(() => parseConsumer(network, 'Qaud')).toThrow("did you mean 'Quad'?");
  });
});
