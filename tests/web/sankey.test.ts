import { describe, expect, it } from 'vitest';
import { toElementSankey, type SankeyInput, type SankeyLink } from '../../web/src/lib/sankey.js';

/**
 * A four-site chain: mine M (CN) → separation S (CN) → metal and magnet plant P (JP, makes metal
 * from oxide and magnets from metal in the same plant) → consumer C (DE). S sells its La oxide.
 * Contents (t REO per t): concentrate Nd 0.1 + La 0.4; Nd oxide 1; La oxide 1; metal Nd 1.2; magnet Nd 0.36.
 */
function chain(): SankeyInput {
  return {
    facilities: [
      { id: 'M', country: 'CN', kind: 'producer', uses: {} },
      { id: 'S', country: 'CN', kind: 'producer', uses: { conc: 'separation' } },
      { id: 'P', country: 'JP', kind: 'producer', uses: { 'nd-oxide': 'metal', metal: 'magnet' } },
      { id: 'C', country: 'DE', kind: 'consumer', uses: {} },
    ],
    contents: {
      conc: { Nd: 0.1, La: 0.4 },
      'nd-oxide': { Nd: 1 },
      'la-oxide': { La: 1 },
      metal: { Nd: 1.2 },
      magnet: { Nd: 0.36 },
    },
    production: [
      { facility: 'M', stage: 'mining', material: 'conc', period: '2026-01', tonnes: 100 },
      { facility: 'M', stage: 'mining', material: 'conc', period: '2026-02', tonnes: 50 },
      { facility: 'S', stage: 'separation', material: 'nd-oxide', period: '2026-01', tonnes: 10 },
      { facility: 'S', stage: 'separation', material: 'la-oxide', period: '2026-01', tonnes: 40 },
      { facility: 'P', stage: 'metal', material: 'metal', period: '2026-01', tonnes: 8 },
      { facility: 'P', stage: 'magnet', material: 'magnet', period: '2026-01', tonnes: 20 },
    ],
    flows: [
      { from: 'M', to: 'S', material: 'conc', period: '2026-01', tonnes: 100 },
      { from: 'M', to: 'S', material: 'conc', period: '2026-02', tonnes: 50 },
      { from: 'S', to: 'P', material: 'nd-oxide', period: '2026-01', tonnes: 10 },
      { from: 'P', to: 'C', material: 'magnet', period: '2026-01', tonnes: 20 },
    ],
    sinks: [{ node: 'S', material: 'la-oxide', kind: 'sell', period: '2026-01', tonnes: 40 }],
  };
}

function byPair(links: readonly SankeyLink[]): Record<string, number> {
  return Object.fromEntries(links.map((l) => [`${l.source} → ${l.target}`, Number(l.value.toFixed(6))]));
}

describe('toElementSankey', () => {
  it('links stages and countries in t REO of all elements over one period', () => {
    const sankey = toElementSankey(chain(), { period: '2026-01' });
    // mining→separation 100 t × 0.5 = 50; Nd oxide 10 × 1 = 10; La oxide sold 40 × 1 = 40;
    // metal kept in P: produced 8 − shipped 0 = 8 t × 1.2 = 9.6; magnets 20 × 0.36 = 7.2.
    expect(byPair(sankey.links)).toEqual({
      'mining · CN → separation · CN': 50,
      'separation · CN → metal · JP': 10,
      'separation · CN → sold outside the model': 40,
      'metal · JP → magnet · JP': 9.6,
      'magnet · JP → demand · DE': 7.2,
    });
    expect(sankey.nodes.map((n) => n.name)).toEqual([
      'mining · CN',
      'separation · CN',
      'metal · JP',
      'magnet · JP',
      'demand · DE',
      'sold outside the model',
    ]);
    // separation · CN takes 50 and gives 10 + 40 = 50.
    expect(sankey.nodes.find((n) => n.name === 'separation · CN')?.value).toBe(50);
    expect(sankey.dropped).toBe(0);
  });

  it('sums the horizon when no period is given', () => {
    const sankey = toElementSankey(chain());
    // 100 + 50 t of concentrate × 0.5 = 75.
    expect(byPair(sankey.links)['mining · CN → separation · CN']).toBe(75);
  });

  it('counts only the selected elements', () => {
    const nd = byPair(toElementSankey(chain(), { elements: ['Nd'], period: '2026-01' }).links);
    // Concentrate carries 100 × 0.1 = 10 t Nd; the La oxide sale carries no Nd and disappears.
    expect(nd).toEqual({
      'mining · CN → separation · CN': 10,
      'separation · CN → metal · JP': 10,
      'metal · JP → magnet · JP': 9.6,
      'magnet · JP → demand · DE': 7.2,
    });
    const la = byPair(toElementSankey(chain(), { elements: ['La'], period: '2026-01' }).links);
    expect(la).toEqual({
      'mining · CN → separation · CN': 40,
      'separation · CN → sold outside the model': 40,
    });
  });

  it('leaves out self-loops and cycle-closing links and counts them as dropped', () => {
    const input = chain();
    // A second CN separation plant S2 re-separates 5 t of Nd oxide from S (separation·CN → itself),
    // and P recycles 2 t of magnet scrap (Nd 0.3) back into metal: magnet → recycling → metal closes a cycle.
    const withLoops: SankeyInput = {
      ...input,
      facilities: [
        ...input.facilities,
        { id: 'S2', country: 'CN', kind: 'producer', uses: { 'nd-oxide': 'separation' } },
        { id: 'R', country: 'JP', kind: 'producer', uses: { scrap: 'recycling' } },
      ],
      contents: { ...input.contents, scrap: { Nd: 0.3 } },
      production: [
        ...input.production,
        { facility: 'P', stage: 'magnet', material: 'scrap', period: '2026-01', tonnes: 2 },
        { facility: 'R', stage: 'recycling', material: 'metal', period: '2026-01', tonnes: 0.5 },
      ],
      flows: [
        ...input.flows,
        { from: 'S', to: 'S2', material: 'nd-oxide', period: '2026-01', tonnes: 5 },
        { from: 'P', to: 'R', material: 'scrap', period: '2026-01', tonnes: 2 },
        { from: 'R', to: 'P', material: 'metal', period: '2026-01', tonnes: 0.5 },
      ],
    };
    const sankey = toElementSankey(withLoops, { period: '2026-01' });
    const links = byPair(sankey.links);
    expect(links['magnet · JP → recycling · JP']).toBe(0.6);
    expect(links['recycling · JP → magnet · JP']).toBeUndefined();
    // Dropped: the self-loop 5 × 1 = 5 and the back edge recycling→magnet 0.5 × 1.2 = 0.6.
    expect(sankey.dropped).toBeCloseTo(5.6, 9);
  });

  it('starts surplus a plant received and sells from the stage that uses it', () => {
    const input = chain();
    // P sells 2 t of the Nd oxide it received (it makes none): metal · JP → sold outside the model, 2 × 1 = 2.
    const sankey = toElementSankey(
      {
        ...input,
        sinks: [
          ...input.sinks,
          { node: 'P', material: 'nd-oxide', kind: 'sell', period: '2026-01', tonnes: 2 },
        ],
      },
      { period: '2026-01' },
    );
    expect(byPair(sankey.links)['metal · JP → sold outside the model']).toBe(2);
  });

  it('gives an empty graph for an empty plan', () => {
    expect(toElementSankey({ flows: [], production: [], sinks: [], facilities: [], contents: {} })).toEqual({
      nodes: [],
      links: [],
      dropped: 0,
    });
  });
});
