/**
 * Material sets per facility and their propagation along routes, shared by the two fixed-point
 * passes of the formulation: which materials can be at a facility (carried downstream from where
 * they are made) and which are worth bringing to one (wanted upstream from where they are used).
 */
import type { Model } from '../../model/index.js';

/** A set of materials per facility; `at(node)` creates an empty one for a node not seen before. */
export interface NodeMaterials {
  readonly sets: Map<string, Set<string>>;
  at(node: string): Set<string>;
}

/** An empty set of materials at every facility of the model. */
export function createNodeMaterials(model: Model): NodeMaterials {
  const sets = new Map<string, Set<string>>(model.facilities.map((f) => [f.id, new Set<string>()]));
  return {
    sets,
    at(node) {
      let set = sets.get(node);
      if (!set) {
        set = new Set();
        sets.set(node, set);
      }
      return set;
    },
  };
}

/**
 * Spreads materials along the routes until nothing changes: `downstream`, a material at a route's
 * origin reaches its destination (`present[to] ⊇ present[from] ∩ allowed[r]`); `upstream`, one
 * wanted at the destination is wanted at the origin (`useful[from] ⊇ useful[to] ∩ allowed[r]`).
 */
export function propagateAlongRoutes(
  model: Model,
  materials: NodeMaterials,
  direction: 'downstream' | 'upstream',
): void {
  // Each route's end sets and allowed materials looked up once, not on every pass to the fixed point.
  const lanes = model.routes.map((r) => {
    const from = materials.at(r.from);
    const to = materials.at(r.to);
    return {
      source: direction === 'downstream' ? from : to,
      target: direction === 'downstream' ? to : from,
      allowed: r.materials ? new Set(r.materials) : undefined,
    };
  });
  let changed = true;
  while (changed) {
    changed = false;
    for (const { source, target, allowed } of lanes) {
      for (const m of source) {
        if ((allowed === undefined || allowed.has(m)) && !target.has(m)) {
          target.add(m);
          changed = true;
        }
      }
    }
  }
}
