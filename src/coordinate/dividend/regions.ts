/**
 * Regions of a coordination dividend: a partition of the model's facilities into jurisdictions at
 * one level of the jurisdiction tree, or into operators. Every facility belongs to exactly one
 * region, so every cost, tonne and emission of a plan is counted once.
 */
import { createJurisdictionTree, type Model } from '../../model/index.js';
import { CoordinateError } from '../errors.js';

/** How facilities are grouped: by jurisdiction (at a level of the tree, 1 = top level) or by operator. */
export type RegionBasis = { by: 'jurisdiction'; level?: number } | { by: 'operator' };

export interface Regions {
  /** What the regions are: `jurisdiction level 2`, `operator`. */
  basis: string;
  /** Region ids in a fixed order (sorted), each with its facilities (in model order). */
  members: Map<string, string[]>;
  /** Facility id → region id. */
  regionOf: Map<string, string>;
}

/** Facilities without an operator form their own region, named after the facility. */
export const NO_OPERATOR_PREFIX = 'facility:';

function groupBy(model: Model, keyOf: (facilityId: string) => string, basis: string): Regions {
  const regionOf = new Map(model.facilities.map((f) => [f.id, keyOf(f.id)]));
  const members = new Map<string, string[]>();
  for (const id of [...new Set(regionOf.values())].sort()) members.set(id, []);
  for (const f of model.facilities) members.get(regionOf.get(f.id) ?? '')?.push(f.id);
  return { basis, members, regionOf };
}

/** The jurisdiction `level` steps down from the top (1 = top level), or the facility's own when shallower. */
function jurisdictionAt(model: Model, level: number): (facilityId: string) => string {
  const tree = createJurisdictionTree(model);
  const byId = new Map(model.facilities.map((f) => [f.id, f.jurisdiction]));
  return (facilityId) => {
    const own = byId.get(facilityId) ?? '';
    const path = tree.ancestors(own).reverse();
    return path[Math.min(level, path.length) - 1] ?? own;
  };
}

/** Depth of the deepest jurisdiction a facility lies in. */
function deepestLevel(model: Model): number {
  const tree = createJurisdictionTree(model);
  return Math.max(1, ...model.facilities.map((f) => tree.ancestors(f.jurisdiction).length));
}

/**
 * Splits the facilities into regions. Jurisdictions default to the shallowest level with at least
 * two regions (the countries of a world model, the provinces of a one-country model).
 *
 * @example toRegions(model, { by: 'jurisdiction' }) // two-base: CN-GS, CN-JS, CN-JX, CN-NM, CN-SD, CN-ZJ
 */
export function toRegions(model: Model, basis: RegionBasis): Regions {
  let regions: Regions;
  if (basis.by === 'operator') {
    const operators = new Map(
      model.facilities.map((f) => [f.id, f.operator ?? `${NO_OPERATOR_PREFIX}${f.id}`]),
    );
    regions = groupBy(model, (id) => operators.get(id) ?? id, 'operator');
  } else {
    const deepest = deepestLevel(model);
    if (basis.level !== undefined && !(Number.isInteger(basis.level) && basis.level >= 1))
      throw new CoordinateError(
        'DIVIDEND_BAD_REGIONS',
        `the jurisdiction level must be a whole number from 1 (top level) to ${deepest}; got ${basis.level}`,
      );
    let level = basis.level ?? 1;
    regions = groupBy(model, jurisdictionAt(model, level), `jurisdiction level ${level}`);
    while (basis.level === undefined && regions.members.size < 2 && level < deepest) {
      level += 1;
      regions = groupBy(model, jurisdictionAt(model, level), `jurisdiction level ${level}`);
    }
  }
  if (regions.members.size < 2)
    throw new CoordinateError(
      'DIVIDEND_BAD_REGIONS',
      `grouping by ${regions.basis} puts every facility in one region (${[...regions.members.keys()].join(', ')}); there is nothing to coordinate: choose a deeper --level or --by operator`,
    );
  return regions;
}
