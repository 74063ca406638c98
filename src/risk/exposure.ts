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
 *
 * The parts live in origins/: the path table (paths.ts), the flows indexed by pool (flows.ts), the
 * order of one period's pools (pool-order.ts), carrying between periods (carry.ts) and mixing one
 * period (mix-period.ts).
 */
import { ELEMENT_SYMBOLS, expandElements, type ElementSymbol } from '../model/index.js';
import { facilityInfo, type RiskNetwork } from './network.js';
import { arrivalsByPeriod, carriedIn, stockRoots } from './origins/carry.js';
import { indexFlows } from './origins/flows.js';
import { mixPeriod } from './origins/mix-period.js';
import { addScaled, createPathTable, stepOf, stepsOf, type PathMix, type PathStep } from './origins/paths.js';
import { orderPools } from './origins/pool-order.js';
import type { FlowsView } from './types.js';

export type { PathMix, PathStep } from './origins/paths.js';

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

/**
 * Traces the origin of every element through the flows of a run.
 *
 * @example const trace = traceOrigins(view, network); trace.received(new Set(['eu-ev:magnet']), 'Dy')
 */
export function traceOrigins(view: FlowsView, network: RiskNetwork, options: TraceOptions = {}): OriginTrace {
  const periods = view.periods;
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

  const flows = indexFlows(view);
  const { periodOf } = flows;
  const T = periods.length;
  const links = Array.from({ length: T }, (_, t) => {
    const sources = flows.poolSources[t] ?? new Map();
    const inputs = flows.processInputs[t] ?? new Map();
    return { sources, inputs, ...orderPools(sources, inputs) };
  });
  const arrivalsAt = arrivalsByPeriod(flows, T);
  const processSteps = flows.processKeys.map((p) => stepOf(table, p.facility, p.stage));
  // mixes[element][t]: pool → normalised mix.
  const mixes = new Map<ElementSymbol, Map<number, PathMix>[]>();
  for (const element of elements) {
    const content = (material: string): number => contentOf(material, element);
    const perPeriod: Map<number, PathMix>[] = [];
    const roots = stockRoots(flows, table, content);
    for (let t = 0; t < T; t++) {
      const incoming = carriedIn(t, perPeriod, flows, roots, arrivalsAt[t] ?? new Map(), content);
      const context = { table, processSteps, contentOf: content, sweeps };
      perPeriod.push(mixPeriod(links[t] as (typeof links)[number], incoming, context));
    }
    mixes.set(element, perPeriod);
  }

  const steps = (path: number): PathStep[] => stepsOf(table, path);
  const poolMix = (
    node: string,
    material: string,
    t: number,
    element: ElementSymbol,
  ): PathMix | undefined => {
    const i = flows.poolIndex.get(`${node}|${material}`);
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
