/**
 * Element flows of a plan as a Sankey graph: nodes are `stage · country`, links carry t REO of the
 * selected elements. Pure: the dashboard and the tests call it with a plan result and the model's
 * facilities and material contents.
 *
 * A flow of material m from facility a to b becomes a link from (stage that made m at a) to
 * (stage that uses m at b); its value is tonnes × Σ content[m][e] over the selected elements e.
 * Material made and used inside one facility by different stages (an oxide a plant turns into metal)
 * is an internal link worth production − shipments − sales. Surplus to sinks ends in a sink node.
 * A Sankey must be acyclic: links that stay in one node or close a cycle are left out and counted
 * in `dropped`.
 */
import { STAGES } from '../../../src/contract/index.js';

/** The stages of the chain in order (the model's own list), then the node kinds that are not stages. */
export const SANKEY_STAGE_ORDER: readonly string[] = [...STAGES, 'hub', 'port', 'storage', 'demand', 'sink'];

export interface SankeyFacility {
  id: string;
  /** Top-level jurisdiction (country) of the facility. */
  country: string;
  kind: 'producer' | 'consumer' | 'hub' | 'port';
  /** Material id → stage of the facility's process that takes it as input. */
  uses: Readonly<Record<string, string>>;
}

export interface SankeyFlow {
  from: string;
  to: string;
  material: string;
  period: string;
  tonnes: number;
}

export interface SankeyProduction {
  facility: string;
  stage: string;
  material: string;
  period: string;
  tonnes: number;
}

export interface SankeySinkUse {
  node: string;
  material: string;
  kind: string;
  period: string;
  tonnes: number;
}

export interface SankeyInput {
  flows: readonly SankeyFlow[];
  production: readonly SankeyProduction[];
  sinks: readonly SankeySinkUse[];
  facilities: readonly SankeyFacility[];
  /** Material id → element symbol → t REO-equivalent per tonne. */
  contents: Readonly<Record<string, Readonly<Record<string, number>>>>;
}

export interface SankeyOptions {
  /** Element symbols to count; empty or absent counts all elements (total REO). */
  elements?: readonly string[];
  /** Only this period (departure period for flows); absent sums the horizon. */
  period?: string;
  /** Links below this value (t REO) are left out; default 1e-6. */
  minValue?: number;
}

export interface SankeyNode {
  /** `stage · country`, or what happens to the material for sinks (`sold outside the model`). */
  name: string;
  stage: string;
  jurisdiction: string;
  /** Larger of inflow and outflow, t REO. */
  value: number;
}

export interface SankeyLink {
  source: string;
  target: string;
  value: number;
}

export interface SankeyData {
  nodes: SankeyNode[];
  links: SankeyLink[];
  /** t REO left out because the link stayed in one node or closed a cycle. */
  dropped: number;
}

/** Builds the stage · country Sankey of a plan's element flows. */
export function toElementSankey(input: SankeyInput, options: SankeyOptions = {}): SankeyData {
  const minValue = options.minValue ?? 1e-6;
  const weight = createWeigher(input.contents, options.elements ?? []);
  const inPeriod = (period: string): boolean => options.period === undefined || period === options.period;
  const facilities = new Map(input.facilities.map((f) => [f.id, f]));

  const madeBy = new Map<string, string>();
  const produced = new Map<string, number>();
  for (const row of input.production) {
    const key = pairKey(row.facility, row.material);
    if (row.tonnes > 0) madeBy.set(key, laterStage(madeBy.get(key), row.stage));
    if (inPeriod(row.period)) addTo(produced, key, row.tonnes);
  }

  const links = new Map<string, number>();
  const nodes = new Map<string, { stage: string; jurisdiction: string }>();
  const link = (source: NodeRef, target: NodeRef, value: number): void => {
    if (!(value > 0)) return;
    nodes.set(source.name, source);
    nodes.set(target.name, target);
    addTo(links, `${source.name}\u0000${target.name}`, value);
  };
  const sourceOf = (facilityId: string, material: string): NodeRef => {
    const facility = facilities.get(facilityId);
    // Made here, else used here (received and passed on, e.g. surplus sold), else the site's kind.
    const stage =
      madeBy.get(pairKey(facilityId, material)) ?? facility?.uses[material] ?? kindStage(facility);
    return nodeRef(stage, facility?.country ?? facilityId);
  };

  const leaving = new Map<string, number>();
  for (const flow of input.flows) {
    if (!inPeriod(flow.period)) continue;
    addTo(leaving, pairKey(flow.from, flow.material), flow.tonnes);
    const target = facilities.get(flow.to);
    const stage = target?.uses[flow.material] ?? kindStage(target);
    link(
      sourceOf(flow.from, flow.material),
      nodeRef(stage, target?.country ?? flow.to),
      flow.tonnes * weight(flow.material),
    );
  }
  for (const sink of input.sinks) {
    if (!inPeriod(sink.period)) continue;
    addTo(leaving, pairKey(sink.node, sink.material), sink.tonnes);
    link(
      sourceOf(sink.node, sink.material),
      { name: sinkLabel(sink.kind), stage: 'sink', jurisdiction: '' },
      sink.tonnes * weight(sink.material),
    );
  }
  for (const [key, tonnes] of produced) {
    const [facilityId = '', material = ''] = key.split('\u0000');
    const facility = facilities.get(facilityId);
    const usedBy = facility?.uses[material];
    if (!facility || usedBy === undefined) continue;
    const kept = tonnes - (leaving.get(key) ?? 0);
    if (kept > minValue)
      link(sourceOf(facilityId, material), nodeRef(usedBy, facility.country), kept * weight(material));
  }

  return toAcyclic(nodes, links, minValue);
}

/** What a sink kind means, as the Sankey names its node: where material leaves the model. */
export const SINK_LABELS: Readonly<Record<string, string>> = {
  sell: 'sold outside the model',
  store: 'stored outside the model',
  dispose: 'disposed of',
};

/** The Sankey node name of a sink kind; an unknown kind reads `leaves the model (kind)`. */
export function sinkLabel(kind: string): string {
  return SINK_LABELS[kind] ?? `leaves the model (${kind})`;
}

interface NodeRef {
  name: string;
  stage: string;
  jurisdiction: string;
}

function nodeRef(stage: string, jurisdiction: string): NodeRef {
  return { name: `${stage} · ${jurisdiction}`, stage, jurisdiction };
}

function pairKey(a: string, b: string): string {
  return `${a}\u0000${b}`;
}

function addTo(map: Map<string, number>, key: string, value: number): void {
  map.set(key, (map.get(key) ?? 0) + value);
}

/** Rank of a stage or node kind in the chain; unknown names sort last. */
export function stageRank(stage: string): number {
  const index = SANKEY_STAGE_ORDER.indexOf(stage);
  return index < 0 ? SANKEY_STAGE_ORDER.length : index;
}

function laterStage(current: string | undefined, next: string): string {
  return current === undefined || stageRank(next) > stageRank(current) ? next : current;
}

/** Node kind of a facility that neither makes nor uses the material: hubs and ports pass it on. */
function kindStage(facility: SankeyFacility | undefined): string {
  if (!facility) return 'storage';
  if (facility.kind === 'consumer') return 'demand';
  if (facility.kind === 'producer') return 'storage';
  return facility.kind;
}

/** t REO of the selected elements per tonne of a material. */
function createWeigher(
  contents: SankeyInput['contents'],
  elements: readonly string[],
): (material: string) => number {
  const cache = new Map<string, number>();
  return (material) => {
    const cached = cache.get(material);
    if (cached !== undefined) return cached;
    const content = contents[material] ?? {};
    let total = 0;
    for (const [element, value] of Object.entries(content)) {
      if (elements.length === 0 || elements.includes(element)) total += value;
    }
    cache.set(material, total);
    return total;
  };
}

/**
 * Keeps the links of a depth-first walk that visits nodes in chain order and leaves out back edges
 * (and self-loops), so the graph is a DAG as a Sankey layout requires.
 */
function toAcyclic(
  nodeRefs: Map<string, { stage: string; jurisdiction: string }>,
  weights: Map<string, number>,
  minValue: number,
): SankeyData {
  const order = [...nodeRefs.entries()]
    .map(([name, ref]) => ({ name, ...ref }))
    .sort(
      (a, b) =>
        stageRank(a.stage) - stageRank(b.stage) ||
        a.jurisdiction.localeCompare(b.jurisdiction) ||
        a.name.localeCompare(b.name),
    );
  const rank = new Map(order.map((node, index) => [node.name, index]));
  const outgoing = new Map<string, SankeyLink[]>();
  let dropped = 0;
  for (const [key, value] of weights) {
    const [source = '', target = ''] = key.split('\u0000');
    if (value < minValue) continue;
    if (source === target) {
      dropped += value;
      continue;
    }
    const list = outgoing.get(source) ?? [];
    list.push({ source, target, value });
    outgoing.set(source, list);
  }
  for (const list of outgoing.values())
    list.sort((a, b) => (rank.get(a.target) ?? 0) - (rank.get(b.target) ?? 0));

  const state = new Map<string, 'open' | 'done'>();
  const kept: SankeyLink[] = [];
  const visit = (start: string): void => {
    // Iterative DFS: a stack of (node, next link index) so deep chains cannot overflow the stack.
    const stack: { node: string; next: number }[] = [{ node: start, next: 0 }];
    state.set(start, 'open');
    while (stack.length > 0) {
      const top = stack[stack.length - 1];
      if (!top) break;
      const link = (outgoing.get(top.node) ?? [])[top.next];
      if (!link) {
        state.set(top.node, 'done');
        stack.pop();
        continue;
      }
      top.next += 1;
      const seen = state.get(link.target);
      if (seen === 'open') {
        dropped += link.value;
        continue;
      }
      kept.push(link);
      if (seen === undefined) {
        state.set(link.target, 'open');
        stack.push({ node: link.target, next: 0 });
      }
    }
  };
  for (const node of order) if (!state.has(node.name)) visit(node.name);

  const inflow = new Map<string, number>();
  const outflow = new Map<string, number>();
  for (const link of kept) {
    addTo(outflow, link.source, link.value);
    addTo(inflow, link.target, link.value);
  }
  const nodes = order
    .filter((node) => inflow.has(node.name) || outflow.has(node.name))
    .map((node) => ({ ...node, value: Math.max(inflow.get(node.name) ?? 0, outflow.get(node.name) ?? 0) }));
  kept.sort(
    (a, b) =>
      (rank.get(a.source) ?? 0) - (rank.get(b.source) ?? 0) ||
      (rank.get(a.target) ?? 0) - (rank.get(b.target) ?? 0),
  );
  return { nodes, links: kept, dropped };
}
