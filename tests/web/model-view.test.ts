import { describe, expect, it } from 'vitest';
import {
  toCountryOf,
  toElementSelection,
  toFacilityPoints,
  toFlowLines,
  toSankeyFacilities,
  type ModelShape,
} from '../../web/src/lib/model-view.js';

const tiny: ModelShape = {
  jurisdictions: [
    { id: 'CN', name: 'China' },
    { id: 'CN-NM', name: 'Inner Mongolia', parent: 'CN' },
    { id: 'JP', name: 'Japan' },
  ],
  facilities: [
    {
      id: 'mine',
      jurisdiction: 'CN-NM',
      location: [41.8, 109.97],
      kind: 'producer',
      processes: [{ id: 'mine', stage: 'mining', capacity: 1000, inputs: {} }],
    },
    {
      id: 'plant',
      name: 'Magnet plant',
      jurisdiction: 'JP',
      location: [35, 139],
      kind: 'producer',
      processes: [
        { id: 'alloy', stage: 'alloy', capacity: 50, inputs: { metal: 1 } },
        { id: 'magnet', stage: 'magnet', capacity: 40, inputs: { alloy: 1 } },
      ],
    },
    {
      id: 'sep',
      jurisdiction: 'CN',
      kind: 'producer',
      processes: [
        { id: 'sep', stage: 'separation', capacity: 500, inputs: {}, separation: { feed: 'conc' } },
      ],
    },
  ],
};
describe('model views for the dashboard', () => {
  it('finds the country of nested jurisdictions', () => {
    const countryOf = toCountryOf(tiny);
    expect([countryOf('CN-NM'), countryOf('CN'), countryOf('ZZ')]).toEqual(['CN', 'CN', 'ZZ']);
  });

  it('places located facilities at [longitude, latitude], staged by their most downstream process', () => {
    expect(toFacilityPoints(tiny)).toEqual([
      {
        id: 'mine',
        name: 'mine',
        jurisdiction: 'CN-NM',
        country: 'CN',
        stage: 'mining',
        stages: ['mining'],
        capacity: 1000,
        coord: [109.97, 41.8],
      },
      {
        id: 'plant',
        name: 'Magnet plant',
        jurisdiction: 'JP',
        country: 'JP',
        stage: 'magnet',
        stages: ['alloy', 'magnet'],
        capacity: 90,
        coord: [139, 35],
      },
    ]);
  });

  it('says which stage uses each input, separation feeds included', () => {
    expect(toSankeyFacilities(tiny).map((f) => [f.id, f.country, f.uses])).toEqual([
      ['mine', 'CN', {}],
      ['plant', 'JP', { metal: 'alloy', alloy: 'magnet' }],
      ['sep', 'CN', { conc: 'separation' }],
    ]);
  });

  it('expands element groups for the filter', () => {
    expect(toElementSelection('DyTb')).toEqual(['Dy', 'Tb']);
    expect(toElementSelection('Nd')).toEqual(['Nd']);
    expect(toElementSelection(undefined)).toEqual([]);
  });

  it('sums flows by origin and destination for one period', () => {
    const points = toFacilityPoints(tiny);
    const flows = [
      { from: 'mine', to: 'plant', material: 'conc', period: '2026-01', tonnes: 10 },
      { from: 'mine', to: 'plant', material: 'metal', period: '2026-01', tonnes: 5 },
      { from: 'mine', to: 'plant', material: 'conc', period: '2026-02', tonnes: 7 },
      { from: 'mine', to: 'sep', material: 'conc', period: '2026-01', tonnes: 3 },
    ];
    expect(toFlowLines(flows, points, { period: '2026-01' })).toEqual([
      {
        from: 'mine',
        to: 'plant',
        coords: [
          [109.97, 41.8],
          [139, 35],
        ],
        tonnes: 15,
        materials: ['conc', 'metal'],
      },
    ]);
    expect(toFlowLines(flows, points)[0]?.tonnes).toBe(22);
  });
});
