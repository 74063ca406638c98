/**
 * Country outlines for the offline map. Natural Earth rings that cross the antimeridian (Russia's
 * Chukotka, Fiji) would be drawn as lines across the whole map by a plain longitude/latitude
 * projection; each such ring is unwrapped eastwards past 180°. Antarctica is left out: no facility
 * is there and it takes a quarter of the map.
 */
import type { Feature, FeatureCollection, Geometry, Position } from 'geojson';

/** Ids (ISO 3166-1 numeric, as world-atlas writes them) of countries the map leaves out. */
export const OMITTED_COUNTRIES: readonly string[] = ['010'];

/** A ring whose consecutive points jump more than 180° in longitude, unwrapped to east of -180. */
export function toUnwrappedRing(ring: readonly Position[]): Position[] {
  let crosses = false;
  for (let i = 1; i < ring.length && !crosses; i += 1) {
    const a = ring[i - 1];
    const b = ring[i];
    if (a && b && Math.abs((b[0] ?? 0) - (a[0] ?? 0)) > 180) crosses = true;
  }
  if (!crosses) return ring.map((p) => [...p]);
  return ring.map(([lon = 0, lat = 0, ...rest]) => [lon < 0 ? lon + 360 : lon, lat, ...rest]);
}

function unwrapGeometry(geometry: Geometry): Geometry {
  switch (geometry.type) {
    case 'Polygon':
      return { ...geometry, coordinates: geometry.coordinates.map(toUnwrappedRing) };
    case 'MultiPolygon':
      return {
        ...geometry,
        coordinates: geometry.coordinates.map((polygon) => polygon.map(toUnwrappedRing)),
      };
    default:
      return geometry;
  }
}

/** The countries, antimeridian rings unwrapped, omitted countries left out. */
export function toMapCountries<P>(
  collection: FeatureCollection<Geometry, P>,
): FeatureCollection<Geometry, P> {
  const features: Feature<Geometry, P>[] = [];
  for (const f of collection.features) {
    if (f.id !== undefined && OMITTED_COUNTRIES.includes(String(f.id))) continue;
    features.push(f.geometry ? { ...f, geometry: unwrapGeometry(f.geometry) } : f);
  }
  return { ...collection, features };
}
