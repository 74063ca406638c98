import { describe, expect, it } from 'vitest';
import type { FeatureCollection, Geometry } from 'geojson';
import { toMapCountries, toUnwrappedRing } from '../../web/src/lib/geo.js';

describe('map outlines', () => {
  it('unwraps a ring that crosses the antimeridian eastwards and leaves others alone', () => {
    // Fiji-like: 178 → -179.5 is a 357.5° jump, so -179.5 becomes 180.5.
    expect(
      toUnwrappedRing([
        [178, -17],
        [-179.5, -16],
        [-179.8, -17.5],
        [178, -17],
      ]),
    ).toEqual([
      [178, -17],
      [180.5, -16],
      [180.2, -17.5],
      [178, -17],
    ]);
    expect(
      toUnwrappedRing([
        [-10, 0],
        [10, 0],
        [0, 10],
        [-10, 0],
      ]),
    ).toEqual([
      [-10, 0],
      [10, 0],
      [0, 10],
      [-10, 0],
    ]);
  });

  it('leaves out Antarctica and keeps the rest', () => {
    const collection: FeatureCollection<Geometry, { name: string }> = {
      type: 'FeatureCollection',
      features: [
        {
          type: 'Feature',
          id: '010',
          properties: { name: 'Antarctica' },
          geometry: {
            type: 'Polygon',
            coordinates: [
              [
                [0, -80],
                [10, -80],
                [0, -85],
                [0, -80],
              ],
            ],
          },
        },
        {
          type: 'Feature',
          id: '242',
          properties: { name: 'Fiji' },
          geometry: {
            type: 'MultiPolygon',
            coordinates: [
              [
                [
                  [178, -17],
                  [-179.5, -16],
                  [178, -17],
                ],
              ],
            ],
          },
        },
      ],
    };
    const out = toMapCountries(collection);
    expect(out.features.map((f) => f.properties.name)).toEqual(['Fiji']);
    expect(out.features[0]?.geometry).toEqual({
      type: 'MultiPolygon',
      coordinates: [
        [
          [
            [178, -17],
            [180.5, -16],
            [178, -17],
          ],
        ],
      ],
    });
  });
});
