/**
 * What the dashboard's map and Sankey need from a model and a plan: facilities as points with a
 * stage, a country and a capacity; flows as lines between them. Pure functions of the parsed model
 * (GET /v1/models/:id/document) and the plan result; element contents of materials come from the
 * model's summary (GET /v1/models/:id).
 */
import { ELEMENT_GROUPS, ELEMENT_SYMBOLS } from '../../../src/contract/index.js';
import { stageRank, type SankeyFacility } from './sankey.js';

/** The parts of a parsed model these views read (structural, so tests can build small ones). */
export interface ModelShape {
  jurisdictions: readonly { id: string; name: string; parent?: string | undefined }[];
  facilities: readonly {
    id: string;
    name?: string | undefined;
    operator?: string | undefined;
    jurisdiction: string;
    location?: readonly [number, number] | undefined;
    kind: 'producer' | 'consumer' | 'hub' | 'port';
    processes: readonly {
      id: string;
      stage: string;
      capacity: number;
      inputs: Readonly<Record<string, number>>;
      separation?: { feed: string } | undefined;
    }[];
  }[];
}

export interface FacilityPoint {
  id: string;
  name: string;
  operator?: string;
  jurisdiction: string;
  country: string;
  /** The facility's most downstream stage, or its kind when it has no processes (demand, hub, port). */
  stage: string;
  /** Sum of its processes' capacities, t/yr on their reference flows. */
  capacity: number;
  /** Every stage of its processes, in chain order. */
  stages: string[];
  /** [longitude, latitude], as map coordinates are written. */
  coord: [number, number];
}

/** The top-level jurisdiction (country) of each jurisdiction id, following `parent`. */
export function toCountryOf(model: Pick<ModelShape, 'jurisdictions'>): (jurisdiction: string) => string {
  const parents = new Map(model.jurisdictions.map((j) => [j.id, j.parent]));
  const cache = new Map<string, string>();
  return (id) => {
    const cached = cache.get(id);
    if (cached !== undefined) return cached;
    let current = id;
    const seen = new Set<string>();
    for (
      let parent = parents.get(current);
      parent !== undefined && !seen.has(parent);
      parent = parents.get(current)
    ) {
      seen.add(current);
      current = parent;
    }
    cache.set(id, current);
    return current;
  };
}

/** The most downstream stage of a facility's processes (a magnet plant that also makes alloy is a magnet plant). */
function facilityStage(facility: ModelShape['facilities'][number]): string {
  const stages = facility.processes.map((p) => p.stage).sort((a, b) => stageRank(b) - stageRank(a));
  if (stages[0] !== undefined) return stages[0];
  return facility.kind === 'consumer' ? 'demand' : facility.kind === 'producer' ? 'storage' : facility.kind;
}

/** Facilities with a location, as map points. */
export function toFacilityPoints(model: ModelShape): FacilityPoint[] {
  const countryOf = toCountryOf(model);
  const points: FacilityPoint[] = [];
  for (const facility of model.facilities) {
    if (!facility.location) continue;
    const [lat, lon] = facility.location;
    points.push({
      id: facility.id,
      name: facility.name ?? facility.id,
      ...(facility.operator ? { operator: facility.operator } : {}),
      jurisdiction: facility.jurisdiction,
      country: countryOf(facility.jurisdiction),
      stage: facilityStage(facility),
      stages: [...new Set(facility.processes.map((p) => p.stage))].sort(
        (a, b) => stageRank(a) - stageRank(b),
      ),
      capacity: facility.processes.reduce((sum, p) => sum + p.capacity, 0),
      coord: [lon, lat],
    });
  }
  return points.sort((a, b) => stageRank(a.stage) - stageRank(b.stage) || a.id.localeCompare(b.id));
}

/** Facilities as the Sankey sees them: country, kind and which stage uses each input material. */
export function toSankeyFacilities(model: ModelShape): SankeyFacility[] {
  const countryOf = toCountryOf(model);
  return model.facilities.map((facility) => {
    const uses: Record<string, string> = {};
    for (const process of facility.processes) {
      const inputs = [
        ...Object.keys(process.inputs),
        ...(process.separation ? [process.separation.feed] : []),
      ];
      for (const material of inputs) if (uses[material] === undefined) uses[material] = process.stage;
    }
    return { id: facility.id, country: countryOf(facility.jurisdiction), kind: facility.kind, uses };
  });
}

/** The element symbols an element filter value stands for: a symbol, a group (NdPr, DyTb…) or all. */
export function toElementSelection(value: string | undefined): string[] {
  if (value === undefined || value === '') return [];
  if ((ELEMENT_SYMBOLS as readonly string[]).includes(value)) return [value];
  return [...(ELEMENT_GROUPS[value] ?? [])];
}

export interface FlowLine {
  from: string;
  to: string;
  coords: [[number, number], [number, number]];
  tonnes: number;
  materials: string[];
}

/** Flows summed by origin and destination (over one period, or all), as map lines; largest first. */
export function toFlowLines(
  flows: readonly { from: string; to: string; material: string; period: string; tonnes: number }[],
  points: readonly FacilityPoint[],
  options: { period?: string } = {},
): FlowLine[] {
  const byId = new Map(points.map((p) => [p.id, p]));
  const lines = new Map<string, FlowLine>();
  for (const flow of flows) {
    if (options.period !== undefined && flow.period !== options.period) continue;
    if (!(flow.tonnes > 0)) continue;
    const from = byId.get(flow.from);
    const to = byId.get(flow.to);
    if (!from || !to) continue;
    const key = `${flow.from}\u0000${flow.to}`;
    const line = lines.get(key) ?? {
      from: flow.from,
      to: flow.to,
      coords: [from.coord, to.coord],
      tonnes: 0,
      materials: [],
    };
    line.tonnes += flow.tonnes;
    if (!line.materials.includes(flow.material)) line.materials.push(flow.material);
    lines.set(key, line);
  }
  return [...lines.values()].sort((a, b) => b.tonnes - a.tonnes);
}
