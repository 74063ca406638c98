/**
 * Origin tracing by proportional mixing. Each (facility, material) pool in each period mixes what
 * enters it: material carried over from the previous period (inventories and stockpiles), shipments
 * arriving in the period (each carrying the mix of its origin pool in its departure period, so lead
 * times are respected), and process outputs. A process output carries, per element, the mix of the
 * element in the inputs it consumed, extended by one step (this facility, this stage); an output
 * whose element no input carries starts a new path there (a mine). Everything leaving a pool
 * carries the pool's mix. Tracing is per element, because an alloy plant's Dy comes from its DyFe
 * input while its Nd comes from its NdPr metal.
 *
 * Within a period pools are evaluated in topological order of the same-period links; pools on a
 * same-period cycle (scrap recycled back into alloy) are swept a few times with the latest
 * estimates, which converges for the small recycling loops of real chains.
 */
import { ELEMENT_SYMBOLS, expandElements, type ElementSymbol } from '../model/index.js';
import { facilityInfo, type RiskNetwork } from './network.js';
import type { FlowsView } from './types.js';

/** One step of a path: a process stage at a facility. `stage` is 'stock' for a stockpile's opening level. */
export interface PathStep {
  facility: string;
  stage: string;
}

/** A distribution over paths: path id → t REO-equivalent of the element. */
export type PathMix = Map<number, number>;

export interface OriginTrace {
  periods: string[];
  elements: ElementSymbol[];
  /** The steps of a path, first (origin) to last. */
  steps(path: number): PathStep[];
  /** The mix of element `element` in pool (node, material) in period index t; undefined when empty. */
  poolMix(node: string, material: string, t: number, element: ElementSymbol): PathMix | undefined;
  /**
   * What the listed demands received of an element, as t REO by path, summed over the periods
   * (all when `periods` is omitted) from each delivery's served tonnes.
   */
  received(demands: ReadonlySet<string>, element: ElementSymbol, periods?: ReadonlySet<number>): PathMix;
}

export interface TraceOptions {
  /** Elements or groups to trace; every element some material contains when omitted. */
  elements?: readonly string[];
  /** Sweeps over same-period cycles. Default 4. */
  cycleSweeps?: number;
}

interface PathTable {
  parent: number[];
  step: number[];
  /** (parent · STEPS + step) → path id: numeric keys keep the hot loop free of string building. */
  index: Map<number, number>;
  stepIds: Map<string, number>;
  stepList: PathStep[];
}

const STEPS = 1 << 20;

function createPathTable(): PathTable {
  return { parent: [-1], step: [-1], index: new Map(), stepIds: new Map(), stepList: [] };
}

function stepOf(table: PathTable, facility: string, stage: string): number {
  const stepKey = `${facility}\u0000${stage}`;
  let step = table.stepIds.get(stepKey);
  if (step === undefined) {
    step = table.stepList.length;
    table.stepList.push({ facility, stage });
    table.stepIds.set(stepKey, step);
  }
  return step;
}

function extend(table: PathTable, parent: number, step: number): number {
  const key = parent * STEPS + step;
  let id = table.index.get(key);
  if (id === undefined) {
    id = table.parent.length;
    table.parent.push(parent);
    table.step.push(step);
    table.index.set(key, id);
  }
  return id;
}

function addScaled(target: PathMix, source: PathMix, factor: number): void {
  if (factor === 0) return;
  for (const [path, amount] of source) target.set(path, (target.get(path) ?? 0) + amount * factor);
}

function totalOf(mix: PathMix): number {
  let total = 0;
  for (const v of mix.values()) total += v;
  return total;
}

/** Normalised copy (shares summing to 1), or undefined when empty. */
function normalise(mix: PathMix): PathMix | undefined {
  const total = totalOf(mix);
  if (!(total > 0)) return undefined;
  const out: PathMix = new Map();
  for (const [path, amount] of mix) if (amount > 0) out.set(path, amount / total);
  return out;
}

interface Source {
  kind: 'pool' | 'process' | 'origin';
  /** Pool index (same period) for 'pool'; process index for 'process'. */
  ref: number;
  /** Material tonnes entering. */
  tonnes: number;
  material: string;
}

/**
 * Traces the origin of every element through the flows of a run.
 *
 * @example const trace = traceOrigins(view, network); trace.received(new Set(['eu-ev:magnet']), 'Dy')
 */
export function traceOrigins(view: FlowsView, network: RiskNetwork, options: TraceOptions = {}): OriginTrace {
  const periods = view.periods;
  const periodOf = new Map(periods.map((p, i) => [p, i]));
  const table = createPathTable();
  const sweeps = options.cycleSweeps ?? 4;
  const contentOf = (material: string, element: ElementSymbol): number =>
    network.contents.get(material)?.[element] ?? 0;

  const present = new Set<ElementSymbol>();
  for (const content of network.contents.values())
    for (const s of ELEMENT_SYMBOLS) if ((content[s] ?? 0) > 0) present.add(s);
  const elements = options.elements
    ? expandElements(options.elements)
    : ELEMENT_SYMBOLS.filter((s) => present.has(s));

  // Pools and processes, indexed.
  const poolIndex = new Map<string, number>();
  const poolKeys: { node: string; material: string }[] = [];
  const pool = (node: string, material: string): number => {
    const key = `${node}|${material}`;
    let i = poolIndex.get(key);
    if (i === undefined) {
      i = poolKeys.length;
      poolKeys.push({ node, material });
      poolIndex.set(key, i);
    }
    return i;
  };
  const processIndex = new Map<string, number>();
  const processKeys: { key: string; facility: string; stage: string }[] = [];
  const processOf = (key: string, facility: string, stage: string): number => {
    let i = processIndex.get(key);
    if (i === undefined) {
      i = processKeys.length;
      processKeys.push({ key, facility, stage });
      processIndex.set(key, i);
    }
    return i;
  };

  const T = periods.length;
  // Per period: sources of each pool, inputs of each process, carried-over stock.
  const poolSources: Map<number, Source[]>[] = Array.from({ length: T }, () => new Map());
  const processInputs: Map<number, { pool: number; tonnes: number; material: string }[]>[] = Array.from(
    { length: T },
    () => new Map(),
  );
  const laterArrivals: {
    t: number;
    to: number;
    fromPool: number;
    departure: number;
    tonnes: number;
    material: string;
  }[] = [];
  const closing: Map<number, number>[] = Array.from({ length: T }, () => new Map());
  const stockOrigins = new Map<
    number,
    { holder: string; node: string; tonnes: number; material: string }[]
  >();
  const push = <K, V>(map: Map<K, V[]>, key: K, value: V): void => {
    const list = map.get(key);
    if (list) list.push(value);
    else map.set(key, [value]);
  };

  for (const p of view.production) {
    const t = periodOf.get(p.period);
    if (t === undefined || p.tonnes <= 0) continue;
    const k = processOf(p.process, p.facility, p.stage);
    push(poolSources[t] as Map<number, Source[]>, pool(p.facility, p.material), {
      kind: 'process',
      ref: k,
      tonnes: p.tonnes,
      material: p.material,
    });
  }
  for (const c of view.consumption) {
    const t = periodOf.get(c.period);
    if (t === undefined || c.tonnes <= 0) continue;
    const k = processOf(c.process, c.facility, c.stage);
    push(processInputs[t] as Map<number, { pool: number; tonnes: number; material: string }[]>, k, {
      pool: pool(c.facility, c.material),
      tonnes: c.tonnes,
      material: c.material,
    });
  }
  for (const s of view.shipments) {
    const departure = periodOf.get(s.period);
    const arrival = periodOf.get(s.arrival);
    if (departure === undefined || arrival === undefined || s.tonnes <= 0) continue;
    const from = pool(s.from, s.material);
    const to = pool(s.to, s.material);
    if (arrival === departure)
      push(poolSources[arrival] as Map<number, Source[]>, to, {
        kind: 'pool',
        ref: from,
        tonnes: s.tonnes,
        material: s.material,
      });
    else
      laterArrivals.push({
        t: arrival,
        to,
        fromPool: from,
        departure,
        tonnes: s.tonnes,
        material: s.material,
      });
  }
  for (const s of view.stocks) {
    const t = periodOf.get(s.period);
    if (t === undefined) continue;
    const i = pool(s.node, s.material);
    const map = closing[t] as Map<number, number>;
    map.set(i, (map.get(i) ?? 0) + s.tonnes);
    if (s.opening !== undefined && s.opening > 0 && t === 0)
      push(stockOrigins, i, { holder: s.holder, node: s.node, tonnes: s.opening, material: s.material });
  }

  // Evaluation order per period: topological over same-period links, cycles appended.
  const orders: number[][] = [];
  const cyclic: boolean[] = [];
  for (let t = 0; t < T; t++) {
    const deps = new Map<number, Set<number>>();
    const sources = poolSources[t] as Map<number, Source[]>;
    const inputs = processInputs[t] as Map<number, { pool: number }[]>;
    for (const [target, list] of sources) {
      const set = deps.get(target) ?? new Set<number>();
      for (const s of list) {
        if (s.kind === 'pool') set.add(s.ref);
        else if (s.kind === 'process') for (const input of inputs.get(s.ref) ?? []) set.add(input.pool);
      }
      set.delete(target);
      deps.set(target, set);
    }
    const dependents = new Map<number, number[]>();
    const remaining = new Map<number, number>();
    for (const [target, set] of deps) {
      remaining.set(target, set.size);
      for (const d of set) push(dependents, d, target);
    }
    const queue: number[] = [];
    for (const [target, count] of remaining) if (count === 0) queue.push(target);
    const order: number[] = [];
    // Pools with no sources this period (only carried stock) come first.
    for (const d of dependents.keys()) if (!deps.has(d)) queue.push(d);
    const done = new Set<number>();
    while (queue.length > 0) {
      const next = queue.shift() as number;
      if (done.has(next)) continue;
      done.add(next);
      order.push(next);
      for (const dep of dependents.get(next) ?? []) {
        const left = (remaining.get(dep) ?? 0) - 1;
        remaining.set(dep, left);
        if (left === 0) queue.push(dep);
      }
    }
    const rest = [...deps.keys()].filter((p) => !done.has(p));
    cyclic.push(rest.length > 0);
    orders.push(rest.length > 0 ? [...order, ...rest] : order);
  }
  const arrivalsAt: Map<number, typeof laterArrivals>[] = Array.from({ length: T }, () => new Map());
  for (const a of laterArrivals) push(arrivalsAt[a.t] as Map<number, typeof laterArrivals>, a.to, a);

  const processSteps = processKeys.map((p) => stepOf(table, p.facility, p.stage));
  // mixes[element][t]: pool → normalised mix.
  const mixes = new Map<ElementSymbol, Map<number, PathMix>[]>();
  for (const element of elements) {
    const perPeriod: Map<number, PathMix>[] = [];
    const stockRoots = new Map<number, PathMix>();
    for (const [i, list] of stockOrigins) {
      const mix: PathMix = new Map();
      for (const s of list)
        mix.set(
          extend(table, 0, stepOf(table, s.holder, 'stock')),
          s.tonnes * contentOf(s.material, element),
        );
      stockRoots.set(i, mix);
    }
    for (let t = 0; t < T; t++) {
      const current = new Map<number, PathMix>();
      perPeriod.push(current);
      const previous = t > 0 ? perPeriod[t - 1] : undefined;
      const sources = poolSources[t] as Map<number, Source[]>;
      const inputs = processInputs[t] as Map<number, { pool: number; tonnes: number; material: string }[]>;
      const arrivals = arrivalsAt[t] as Map<number, typeof laterArrivals>;
      const carried = t > 0 ? (closing[t - 1] as Map<number, number>) : undefined;
      const processCache = new Map<number, PathMix>();
      const processMix = (k: number): PathMix => {
        const cached = processCache.get(k);
        if (cached) return cached;
        const step = processSteps[k] as number;
        const mixed: PathMix = new Map();
        for (const input of inputs.get(k) ?? []) {
          const weight = input.tonnes * contentOf(input.material, element);
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
        const mix: PathMix = new Map();
        const carriedTonnes = carried?.get(p) ?? 0;
        const before = previous?.get(p);
        if (carriedTonnes > 0 && before)
          addScaled(
            mix,
            before,
            carriedTonnes * contentOf((poolKeys[p] as { material: string }).material, element),
          );
        if (t === 0) {
          const root = stockRoots.get(p);
          if (root) addScaled(mix, root, 1);
        }
        for (const a of arrivals.get(p) ?? []) {
          const origin = perPeriod[a.departure]?.get(a.fromPool);
          if (origin) addScaled(mix, origin, a.tonnes * contentOf(a.material, element));
        }
        for (const s of sources.get(p) ?? []) {
          const weight = s.tonnes * contentOf(s.material, element);
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
      const order = orders[t] as number[];
      // Pools holding only carried stock or stock-pile origins are not in `order`; evaluate them first.
      const inOrder = new Set(order);
      const extra = new Set<number>();
      if (carried) for (const p of carried.keys()) if (!inOrder.has(p)) extra.add(p);
      if (t === 0) for (const p of stockRoots.keys()) if (!inOrder.has(p)) extra.add(p);
      for (const p of arrivals.keys()) if (!inOrder.has(p)) extra.add(p);
      for (const p of extra) evaluate(p);
      const passes = cyclic[t] ? sweeps : 1;
      for (let pass = 0; pass < passes; pass++) {
        processCache.clear();
        for (const p of order) evaluate(p);
      }
    }
    mixes.set(element, perPeriod);
  }

  const steps = (path: number): PathStep[] => {
    const out: PathStep[] = [];
    let current = path;
    while (current > 0) {
      const step = table.stepList[table.step[current] ?? -1];
      if (step) out.push(step);
      current = table.parent[current] ?? 0;
    }
    return out.reverse();
  };
  const poolMix = (
    node: string,
    material: string,
    t: number,
    element: ElementSymbol,
  ): PathMix | undefined => {
    const i = poolIndex.get(`${node}|${material}`);
    return i === undefined ? undefined : mixes.get(element)?.[t]?.get(i);
  };
  const received = (
    demands: ReadonlySet<string>,
    element: ElementSymbol,
    only?: ReadonlySet<number>,
  ): PathMix => {
    const out: PathMix = new Map();
    for (const d of view.deliveries) {
      if (!demands.has(d.demand) || d.served <= 0) continue;
      const t = periodOf.get(d.period);
      if (t === undefined || (only && !only.has(t))) continue;
      const weight = d.served * contentOf(d.material, element);
      const mix = weight > 0 ? poolMix(d.node, d.material, t, element) : undefined;
      if (mix) addScaled(out, mix, weight);
    }
    return out;
  };
  return { periods, elements, steps, poolMix, received };
}

/** Where a path's steps lie, as the network sees them. */
export function describeSteps(
  steps: readonly PathStep[],
  network: RiskNetwork,
): { facility: string; stage: string; jurisdiction: string; country: string }[] {
  return steps.map((s) => {
    const info = facilityInfo(network, s.facility);
    const node = network.model.stockpiles.find((k) => k.id === s.facility)?.node;
    const where = node ? facilityInfo(network, node) : info;
    return { facility: s.facility, stage: s.stage, jurisdiction: where.jurisdiction, country: where.country };
  });
}
