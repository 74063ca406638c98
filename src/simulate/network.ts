/**
 * The network compiled for the kernel: ids become dense indices, recipes come from the model's
 * derived processes, rates become tonnes per step. Built once per model and options; never
 * changes the model. `nm = node × materials + material` indexes a stock at a node.
 */
import {
  createJurisdictionTree,
  materialContents,
  periodIndex,
  periodLabels,
  releaseTargets,
  resolveProcesses,
  type Model,
  type ResolvedProcess,
} from '../model/core.js';
import type { SimulationOptions } from './options.js';
import type {
  CompiledProcess,
  Lane,
  CompiledRoute,
  CompiledDemand,
  CompiledSink,
  CompiledStockpile,
  Source,
  Network,
} from './network-types.js';

export type {
  CompiledProcess,
  Lane,
  CompiledRoute,
  CompiledDemand,
  CompiledSink,
  CompiledStockpile,
  Source,
  Network,
} from './network-types.js';

const DAYS_PER_YEAR = 365;

function periodOfDay(model: Model, day: number): number {
  const [year, month] = model.horizon.start.split('-').map(Number);
  const date = new Date(Date.UTC(year ?? 2000, (month ?? 1) - 1, 1 + Math.max(0, day)));
  const label = `${date.getUTCFullYear()}-${String(date.getUTCMonth() + 1).padStart(2, '0')}`;
  return Math.min(model.horizon.periods - 1, Math.max(0, periodIndex(model.horizon, label)));
}

/** Materials each node can hold: what it makes or stocks, then what routes bring it (fixpoint). */
function holdable(
  model: Model,
  resolved: readonly ResolvedProcess[],
  nodeIndex: Map<string, number>,
  materialIndex: Map<string, number>,
): Set<number>[] {
  const have = model.facilities.map(() => new Set<number>());
  const add = (node: string, material: string): boolean => {
    const set = have[nodeIndex.get(node) ?? -1];
    const m = materialIndex.get(material);
    if (!set || m === undefined || set.has(m)) return false;
    set.add(m);
    return true;
  };
  for (const r of resolved) for (const m of Object.keys(r.outputs)) add(r.facility.id, m);
  for (const s of model.stockpiles) add(s.node, s.material);
  return have;
}

function carried(
  model: Model,
  route: Model['routes'][number],
  have: Set<number>[],
  nodeIndex: Map<string, number>,
  materialIndex: Map<string, number>,
): number[] {
  const from = have[nodeIndex.get(route.from) ?? -1] ?? new Set<number>();
  if (!route.materials) return [...from].sort((a, b) => a - b);
  return route.materials.map((m) => materialIndex.get(m) ?? -1).filter((m) => from.has(m));
}

/** Compiles a (scenario-applied, checked) model for the kernel. */
export function compileNetwork(model: Model, options: SimulationOptions): Network {
  const stepDays = options.step === 'week' ? 7 : 1;
  const materials = model.materials.map((m) => m.id);
  const nodes = model.facilities.map((f) => f.id);
  const M = materials.length;
  const materialIndex = new Map(materials.map((m, i) => [m, i]));
  const nodeIndex = new Map(nodes.map((n, i) => [n, i]));
  const contents = materialContents(model);
  const T = model.horizon.periods;

  const resolved = resolveProcesses(model, contents);
  // Separation recipes may name products the feed lacks; only materials of the model flow.
  const toIndices = (recipe: Record<string, number>, node: number): [Int32Array, Float64Array] => {
    const entries = Object.entries(recipe).filter(([m]) => materialIndex.has(m));
    return [
      Int32Array.from(entries, ([m]) => node * M + (materialIndex.get(m) ?? 0)),
      Float64Array.from(entries, ([, v]) => v),
    ];
  };
  const processes: CompiledProcess[] = resolved.map((r) => {
    const node = nodeIndex.get(r.facility.id) ?? 0;
    const [inputs, inputAmounts] = toIndices(r.inputs, node);
    const [outputs, outputAmounts] = toIndices(r.outputs, node);
    const perActivity = r.capacityPerActivity > 0 ? r.capacityPerActivity : 1;
    return {
      key: r.key,
      node,
      stage: r.stage,
      capacity: (r.process.capacity * r.process.availability * stepDays) / DAYS_PER_YEAR / perActivity,
      inputs,
      inputAmounts,
      outputs,
      outputAmounts,
    };
  });
  const schedule = new Float64Array(processes.length * T).fill(1);
  for (const outage of model.outages) {
    const [first, last] = [
      periodIndex(model.horizon, outage.start),
      outage.end === undefined ? T - 1 : periodIndex(model.horizon, outage.end),
    ];
    resolved.forEach((r, p) => {
      if (
        r.facility.id !== outage.facility ||
        (outage.process !== undefined && outage.process !== r.process.id)
      )
        return;
      for (let t = Math.max(0, first); t <= Math.min(T - 1, last); t++)
        schedule[p * T + t] = Math.min(schedule[p * T + t] ?? 1, outage.availability);
    });
  }

  const have = holdable(model, resolved, nodeIndex, materialIndex);
  for (let changed = true, guard = 0; changed && guard < nodes.length + 1; guard++) {
    changed = false;
    for (const route of model.routes) {
      const to = have[nodeIndex.get(route.to) ?? -1];
      for (const m of carried(model, route, have, nodeIndex, materialIndex))
        if (to && !to.has(m)) changed = Boolean(to.add(m));
    }
  }
  const routes: CompiledRoute[] = model.routes.map((r) => ({
    id: r.id,
    from: nodeIndex.get(r.from) ?? 0,
    to: nodeIndex.get(r.to) ?? 0,
    mode: r.mode,
    lead: Math.round(r.leadTime / stepDays),
    capacity: r.capacity === undefined ? Infinity : (r.capacity * stepDays) / DAYS_PER_YEAR,
  }));
  const lanes: Lane[] = model.routes.flatMap((r, i) => {
    const route = routes[i] as CompiledRoute;
    return carried(model, r, have, nodeIndex, materialIndex).map((m) => ({
      route: i,
      material: m,
      source: route.from * M + m,
      target: route.to * M + m,
      lead: route.lead,
    }));
  });

  const demands: CompiledDemand[] = model.demands.map((d) => {
    const node = nodeIndex.get(d.node) ?? 0;
    const material = materialIndex.get(d.material) ?? 0;
    const perStep = Float64Array.from(
      { length: T },
      (_, t) => ((d.quantity * stepDays) / DAYS_PER_YEAR) * (d.profile?.[t] ?? 1),
    );
    return { id: d.id, node, material, nm: node * M + material, perStep };
  });
  const sinks: CompiledSink[] = model.sinks.map((s) => ({
    id: s.id,
    node: s.node === undefined ? -1 : (nodeIndex.get(s.node) ?? -1),
    material: materialIndex.get(s.material) ?? -1,
    limit: s.limit === undefined ? Infinity : (s.limit * stepDays) / DAYS_PER_YEAR,
  }));
  const stockpiles: CompiledStockpile[] = model.stockpiles.map((s) => {
    const node = nodeIndex.get(s.node) ?? 0;
    const material = materialIndex.get(s.material) ?? 0;
    return {
      id: s.id,
      holder: s.holder,
      node,
      material,
      nm: node * M + material,
      level: s.level,
      floor: Math.min(s.floor, s.level),
      target: s.capacity ?? s.level,
      coverSteps: s.release ? s.release.coverDays / stepDays : Infinity,
      releasePerStep: s.release ? (s.release.rate * stepDays) / DAYS_PER_YEAR : Infinity,
      rebuildPerStep: s.rebuild ? (s.rebuild.rate * stepDays) / DAYS_PER_YEAR : 0,
      targets: Int32Array.from(releaseTargets(model, s), (f) => (nodeIndex.get(f) ?? 0) * M + material),
      deliverySteps: Math.round((s.deliveryTime ?? 0) / stepDays),
    };
  });

  const byNm = new Map<number, Source>();
  const sourceOf = (nm: number): Source => {
    let source = byNm.get(nm);
    if (!source)
      byNm.set(nm, (source = { nm, node: Math.floor(nm / M), material: nm % M, lanes: [], sinks: [] }));
    return source;
  };
  lanes.forEach((lane, l) => sourceOf(lane.source).lanes.push(l));
  sinks.forEach((sink, k) => {
    if (sink.material < 0) return;
    const nodesOfSink =
      sink.node >= 0 ? [sink.node] : nodes.map((_, n) => n).filter((n) => have[n]?.has(sink.material));
    for (const n of nodesOfSink) sourceOf(n * M + sink.material).sinks.push(k);
  });
  const sources = [...byNm.values()].sort((a, b) => a.nm - b.nm);

  const requirement = new Float64Array(nodes.length * M);
  for (const d of demands) requirement[d.nm] = (requirement[d.nm] ?? 0) + (d.perStep[0] ?? 0);
  processes.forEach((p, i) => {
    for (let k = 0; k < p.inputs.length; k++) {
      const nm = p.inputs[k] ?? 0;
      requirement[nm] =
        (requirement[nm] ?? 0) + p.capacity * (schedule[i * T] ?? 1) * (p.inputAmounts[k] ?? 0);
    }
  });

  const warmupDays =
    options.warmupDays ?? Math.min(365, longestLeadChain(routes, nodes.length) * stepDays + 14);
  const warmupSteps = Math.ceil(warmupDays / stepDays);
  const steps = Math.ceil(options.days / stepDays);
  const bucketSteps = Math.max(1, Math.round(7 / stepDays));
  const buckets = Math.ceil(steps / bucketSteps);
  const bucketEnds = Array.from(
    { length: buckets },
    (_, b) => Math.min(steps, (b + 1) * bucketSteps) * stepDays,
  );
  const periodOfStep = Int32Array.from({ length: warmupSteps + steps }, (_, s) =>
    periodOfDay(model, (s - warmupSteps) * stepDays),
  );
  return {
    model,
    stepDays,
    steps,
    warmupSteps,
    bucketSteps,
    bucketDays: bucketSteps * stepDays,
    buckets,
    bucketEnds,
    materials,
    nodes,
    nodeJurisdiction: model.facilities.map((f) => f.jurisdiction),
    processes,
    schedule,
    routes,
    lanes,
    demands,
    sinks,
    stockpiles,
    sources,
    demandGroups: groupDemands(demands),
    periods: periodLabels(model.horizon),
    periodOfStep,
    requirement,
    contents,
    tree: createJurisdictionTree(model),
    index: indexTables(processes, demands, stockpiles, lanes, routes, sinks),
  };
}

/** Distinct values in first-seen order, as an Int32Array. */
function distinct(values: Iterable<number>): Int32Array {
  return Int32Array.from(new Set(values));
}

function indexTables(
  processes: readonly CompiledProcess[],
  demands: readonly CompiledDemand[],
  stockpiles: readonly CompiledStockpile[],
  lanes: readonly Lane[],
  routes: readonly CompiledRoute[],
  sinks: readonly CompiledSink[],
): Network['index'] {
  const inputNms = distinct(processes.flatMap((p) => [...p.inputs]));
  return {
    inputNms,
    needNms: distinct([...inputNms, ...demands.map((d) => d.nm), ...stockpiles.map((s) => s.nm)]),
    laneTargets: distinct(lanes.map((l) => l.target)),
    laneRoute: Int32Array.from(lanes, (l) => l.route),
    laneSource: Int32Array.from(lanes, (l) => l.source),
    laneTarget: Int32Array.from(lanes, (l) => l.target),
    laneLead: Int32Array.from(lanes, (l) => l.lead),
    routeCapacity: Float64Array.from(routes, (r) => r.capacity),
    sinkLimit: Float64Array.from(sinks, (k) => k.limit),
  };
}

/** Longest sum of lead times (steps) along any chain of routes; cycles are cut after N rounds. */
function longestLeadChain(routes: readonly CompiledRoute[], nodeCount: number): number {
  const longest = new Float64Array(nodeCount);
  for (let round = 0; round < nodeCount; round++) {
    let changed = false;
    for (const r of routes) {
      const value = (longest[r.from] ?? 0) + r.lead + 1;
      if (value > (longest[r.to] ?? 0)) {
        longest[r.to] = value;
        changed = true;
      }
    }
    if (!changed) break;
  }
  return Math.min(365, Math.max(0, ...longest));
}

function groupDemands(demands: readonly CompiledDemand[]): Network['demandGroups'] {
  const groups = new Map<number, number[]>();
  demands.forEach((d, i) => groups.set(d.nm, [...(groups.get(d.nm) ?? []), i]));
  return [...groups].map(([nm, members]) => ({ nm, demands: members }));
}
