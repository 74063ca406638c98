/**
 * Mixing one period for one element: each pool's mix is what it carried in plus what enters it in
 * the period (shipments carry their origin pool's mix; a process output carries the mix of the
 * element in the inputs it consumed, extended by one step, or starts a new path when no input
 * carries the element). Pools are mixed in `order`; a period with a same-period cycle is swept
 * `sweeps` times with the latest estimates.
 */
import type { PoolSource, ProcessInput } from './flows.js';
import { addScaled, extend, normalise, type PathMix, type PathTable } from './paths.js';

/** One period's links and the order to mix its pools in. */
export interface PeriodLinks {
  sources: ReadonlyMap<number, readonly PoolSource[]>;
  inputs: ReadonlyMap<number, readonly ProcessInput[]>;
  order: readonly number[];
  cyclic: boolean;
}

/** What mixing reads besides the period: the path table, each process's step and the element's content. */
export interface MixContext {
  table: PathTable;
  processSteps: readonly number[];
  /** t of the element per t of material. */
  contentOf: (material: string) => number;
  sweeps: number;
}

/**
 * The normalised mix of every pool that holds the element in the period.
 *
 * @example mixPeriod(links, carriedIn(t, mixes, flows, roots, arrivals, contentOf), context)
 */
export function mixPeriod(
  links: PeriodLinks,
  incoming: ReadonlyMap<number, PathMix>,
  context: MixContext,
): Map<number, PathMix> {
  const { table, processSteps, contentOf } = context;
  const current = new Map<number, PathMix>();
  const processCache = new Map<number, PathMix>();
  const processMix = (k: number): PathMix => {
    const cached = processCache.get(k);
    if (cached) return cached;
    const step = processSteps[k] as number;
    const mixed: PathMix = new Map();
    for (const input of links.inputs.get(k) ?? []) {
      const weight = input.tonnes * contentOf(input.material);
      const source = current.get(input.pool);
      if (weight > 0 && source) addScaled(mixed, source, weight);
    }
    const normal = normalise(mixed);
    const out: PathMix = new Map();
    if (!normal) out.set(extend(table, 0, step), 1);
    else for (const [path, share] of normal) out.set(extend(table, path, step), share);
    processCache.set(k, out);
    return out;
  };
  const evaluate = (p: number): void => {
    const mix: PathMix = new Map(incoming.get(p));
    for (const s of links.sources.get(p) ?? []) {
      const weight = s.tonnes * contentOf(s.material);
      if (weight <= 0) continue;
      if (s.kind === 'pool') {
        const origin = current.get(s.ref);
        if (origin) addScaled(mix, origin, weight);
      } else addScaled(mix, processMix(s.ref), weight);
    }
    const normal = normalise(mix);
    if (normal) current.set(p, normal);
    else current.delete(p);
  };
  // Pools holding only what they carried in are not in `order`; mix them first.
  const inOrder = new Set(links.order);
  for (const p of incoming.keys()) if (!inOrder.has(p)) evaluate(p);
  const passes = links.cyclic ? context.sweeps : 1;
  for (let pass = 0; pass < passes; pass++) {
    processCache.clear();
    for (const p of links.order) evaluate(p);
  }
  return current;
}
