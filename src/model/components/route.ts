import { z } from 'zod';
import { id, ref } from './common.js';
import { days, tonnesPerYear, usdPerTonne, perUnit } from '../units.js';

const transportMode = z.enum(['rail', 'road', 'sea', 'air', 'pipeline', 'multimodal']);
type TransportMode = z.infer<typeof transportMode>;

/**
 * Well-to-wheel freight intensities, kg CO2e per t-km: estimates of the order of the GLEC Framework
 * default intensities (bulk and container ships, diesel and electric freight rail, articulated
 * trucks, air freighters), used when a route gives no `emissions` of its own.
 */
const TRANSPORT_INTENSITY: Readonly<Record<TransportMode, number>> = {
  sea: 0.01,
  rail: 0.025,
  road: 0.08,
  air: 0.8,
  multimodal: 0.03,
  pipeline: 0,
};

/** tCO2e per tonne carried `distanceKm` by `mode` at its {@link TRANSPORT_INTENSITY}, e.g. 1,000 km by rail → 0.025. */
function toTransportEmissions(mode: TransportMode, distanceKm: number): number {
  return (distanceKm * TRANSPORT_INTENSITY[mode]) / 1000;
}

/** A directed transport link between two facilities; crossing a border is derived from their jurisdictions. */
export const routeSchema = z
  .object({
    id: id('route id; defaults to from->to').optional(),
    from: ref('facility'),
    to: ref('facility'),
    mode: transportMode.default('road'),
    distanceKm: z.number().min(0).optional().meta({ unit: 'km' }),
    leadTime: days('time in transit').default(0),
    cost: usdPerTonne('transport cost per tonne').default(0),
    capacity: tonnesPerYear('most tonnes a year the link carries').optional(),
    materials: z
      .array(ref('material'))
      .optional()
      .meta({ description: 'materials allowed; all when omitted' }),
    emissions: perUnit(
      'tCO2e/t',
      "emissions per tonne carried; default distanceKm × the mode's intensity (sea 0.010, rail 0.025, road 0.080, air 0.8, multimodal 0.030, pipeline 0 kg CO2e per t-km; estimates)",
    ).optional(),
  })
  .strict()
  .transform((route) => ({ ...route, id: route.id ?? `${route.from}->${route.to}` }))
  .meta({ description: 'A directed transport link.' });
export type Route = z.infer<typeof routeSchema>;

/**
 * tCO2e per tonne carried on a route: its own `emissions`, else distance × its mode's intensity.
 * Derived when read rather than stored on every route, so a model of a million routes carries no
 * extra field (a big routes table loads in a fixed heap: tests/model/load/big-table.test.ts).
 *
 * @example routeEmissions({ mode: 'rail', distanceKm: 1000 } as Route) // 0.025
 */
export function routeEmissions(route: Pick<Route, 'emissions' | 'mode' | 'distanceKm'>): number {
  return route.emissions ?? toTransportEmissions(route.mode, route.distanceKm ?? 0);
}
