/**
 * Carrying between periods: what each pool brings into a period from earlier ones, for one element
 * (t REO by path, not normalised): its closing stock of the previous period with that period's mix,
 * stockpiles' opening levels in the first period, and shipments that left in an earlier period (each
 * with the mix of its origin pool in its departure period, so lead times are respected).
 */
import type { LaterArrival, TraceFlows } from './flows.js';
import { pushTo } from './flows.js';
import { addScaled, extend, stepOf, type PathMix, type PathTable } from './paths.js';

/** [t]: pool → shipments arriving in period t that left earlier. */
export function arrivalsByPeriod(flows: TraceFlows, periods: number): Map<number, LaterArrival[]>[] {
  const arrivalsAt: Map<number, LaterArrival[]>[] = Array.from({ length: periods }, () => new Map());
  for (const a of flows.laterArrivals) pushTo(arrivalsAt[a.t] as Map<number, LaterArrival[]>, a.to, a);
  return arrivalsAt;
}

/** Stockpiles' opening levels of one element as the roots of paths: pool → mix (t REO). */
export function stockRoots(
  flows: TraceFlows,
  table: PathTable,
  contentOf: (material: string) => number,
): Map<number, PathMix> {
  const roots = new Map<number, PathMix>();
  for (const [i, list] of flows.stockOrigins) {
    const mix: PathMix = new Map();
    for (const s of list)
      mix.set(extend(table, 0, stepOf(table, s.holder, 'stock')), s.tonnes * contentOf(s.material));
    roots.set(i, mix);
  }
  return roots;
}

/**
 * What each pool brings into period `t` from earlier periods, for one element. `mixes[u]` holds the
 * pools' normalised mixes of every earlier period u.
 */
export function carriedIn(
  t: number,
  mixes: readonly ReadonlyMap<number, PathMix>[],
  flows: TraceFlows,
  roots: ReadonlyMap<number, PathMix>,
  arrivals: ReadonlyMap<number, readonly LaterArrival[]>,
  contentOf: (material: string) => number,
): Map<number, PathMix> {
  const previous = t > 0 ? mixes[t - 1] : undefined;
  const carried = t > 0 ? flows.closing[t - 1] : undefined;
  const pools = new Set<number>(carried?.keys());
  if (t === 0) for (const p of roots.keys()) pools.add(p);
  for (const p of arrivals.keys()) pools.add(p);
  const incoming = new Map<number, PathMix>();
  for (const p of pools) {
    const mix: PathMix = new Map();
    const carriedTonnes = carried?.get(p) ?? 0;
    const before = previous?.get(p);
    if (carriedTonnes > 0 && before)
      addScaled(mix, before, carriedTonnes * contentOf((flows.poolKeys[p] as { material: string }).material));
    if (t === 0) {
      const root = roots.get(p);
      if (root) addScaled(mix, root, 1);
    }
    for (const a of arrivals.get(p) ?? []) {
      const origin = mixes[a.departure]?.get(a.fromPool);
      if (origin) addScaled(mix, origin, a.tonnes * contentOf(a.material));
    }
    incoming.set(p, mix);
  }
  return incoming;
}
