/**
 * Stockpile sizing: the smallest level of a material held by a holder that keeps the holder's
 * fill rate at or above a target in a chosen share of runs (by default the 5th percentile of fill
 * rate ≥ target, i.e. 95% confidence). Bisection over the level with common random numbers: every
 * level is run with the same seeds, so disruptions are identical and only the stockpile differs.
 */
import {
  createJurisdictionTree,
  materialContents,
  stockpileSchema,
  toDidYouMean,
  type Model,
} from '../model/core.js';
import { SimulationError } from './errors.js';
import { quantile } from './metrics.js';
import { runReplications, type MonteCarloOptions } from './monte-carlo.js';
import type { PlanFlows, RunSummary } from './simulate.js';
import type { SimulationOptionsInput } from './options.js';
import type { StockpileSizing } from './result.js';
import { definedFields } from '../defined-fields.js';

export interface StockpileSizingOptions extends Pick<
  MonteCarloOptions,
  'runs' | 'seed' | 'workers' | 'executor' | 'onProgress' | 'signal'
> {
  material: string;
  /** A jurisdiction (its consumers count) or the holder named on an existing stockpile. */
  holder: string;
  /** Where a new stockpile is held; default: the existing stockpile's node, else the holder's first demand node. */
  node?: string;
  /** Fill rate to hold, 0–1. */
  target: number;
  /** Share of runs that must reach the target (default 0.95: the 5th-percentile fill rate ≥ target). */
  confidence?: number;
  /** Stop when the bracket is narrower than this many tonnes (default 1% of the level, at least 0.1 t). */
  tolerance?: number;
  /** Largest level tried, t (default: doubling from 1 t up to 1e7 t). */
  maxLevel?: number;
  /** Called after each level is evaluated, for progress on long searches. */
  onStep?: (step: { level: number; fillRate: number; meetsTarget: boolean }) => void;
}

export type { StockpileSizing } from './result.js';

interface Holder {
  node: string;
  demands: number[];
  stockpile?: number;
}

function findHolder(model: Model, options: StockpileSizingOptions): Holder {
  if (!model.materials.some((m) => m.id === options.material)) {
    throw new SimulationError(
      'SIM_UNKNOWN_ID',
      `unknown material '${options.material}'; ${toDidYouMean(
        options.material,
        model.materials.map((m) => m.id),
        'material',
      )}`,
    );
  }
  const tree = createJurisdictionTree(model);
  const jurisdictionOf = new Map(model.facilities.map((f) => [f.id, f.jurisdiction]));
  const stockpile = model.stockpiles.findIndex(
    (s) =>
      s.material === options.material &&
      s.holder === options.holder &&
      (options.node === undefined || s.node === options.node),
  );
  const isJurisdiction = model.jurisdictions.some((j) => j.id === options.holder);
  const existing = model.stockpiles[stockpile];
  if (!isJurisdiction && !existing) {
    const holders = [
      ...new Set([...model.jurisdictions.map((j) => j.id), ...model.stockpiles.map((s) => s.holder)]),
    ];
    throw new SimulationError(
      'SIM_UNKNOWN_ID',
      `unknown holder '${options.holder}' for ${options.material}; ${toDidYouMean(options.holder, holders, 'holder')}`,
    );
  }
  const held = model.demands
    .map((d, i) => ({ d, i }))
    .filter(({ d }) =>
      isJurisdiction
        ? tree.within(jurisdictionOf.get(d.node) ?? '', options.holder)
        : d.node === existing?.node,
    );
  const demands = protectedDemands(model, held, options.material);
  const node = options.node ?? existing?.node ?? model.demands[demands[0] ?? -1]?.node;
  if (node === undefined || demands.length === 0) {
    throw new SimulationError(
      'SIM_NO_STOCKPILE_TARGET',
      `holder '${options.holder}' has no demand to protect; give --node or a holder with consumers`,
    );
  }
  if (!model.facilities.some((f) => f.id === node))
    throw new SimulationError(
      'SIM_UNKNOWN_ID',
      `unknown node '${node}'; ${toDidYouMean(
        node,
        model.facilities.map((f) => f.id),
        'facility',
      )}`,
    );
  return { node, demands, ...(stockpile >= 0 ? { stockpile } : {}) };
}

/**
 * The holder's demands a stock of `material` protects: those of the material itself, or, when there
 * are none, those whose material holds every element the stock holds (the forms it is made into),
 * so a high-temperature magnet stock never counts standard magnets and a Dy stock not Nd oxide.
 */
function protectedDemands(
  model: Model,
  held: readonly { d: Model['demands'][number]; i: number }[],
  material: string,
): number[] {
  const same = held.filter(({ d }) => d.material === material);
  if (same.length > 0) return same.map(({ i }) => i);
  const contents = materialContents(model);
  const elements = Object.keys(contents.get(material) ?? {});
  if (elements.length === 0) return held.map(({ i }) => i);
  return held
    .filter(({ d }) => {
      const content: Record<string, number | undefined> = contents.get(d.material) ?? {};
      return elements.every((e) => (content[e] ?? 0) > 0);
    })
    .map(({ i }) => i);
}

/**
 * Why a stock of `material` at `node` cannot serve the protected demands when nothing at the node, or
 * reachable from it by route, consumes it and the demands want another material; undefined otherwise.
 */
function unusableReason(
  model: Model,
  node: string,
  material: string,
  wanted: readonly string[],
): string | undefined {
  if (wanted.includes(material)) return undefined;
  const reachable = new Set([node]);
  for (let grew = true; grew;) {
    grew = false;
    for (const r of model.routes)
      if (reachable.has(r.from) && !reachable.has(r.to) && (r.materials?.includes(material) ?? true)) {
        reachable.add(r.to);
        grew = true;
      }
  }
  const used = model.facilities.some(
    (f) => reachable.has(f.id) && (f.processes ?? []).some((p) => (p.inputs?.[material] ?? 0) > 0),
  );
  if (used) return undefined;
  const forms = [...new Set(wanted)].join(', ');
  return (
    `nothing at ${node}, or reachable from it, uses ${material}, so a stock of ${material} there cannot become ${forms}; ` +
    `stock ${forms} instead, or hold ${material} where it is made into ${forms}`
  );
}

/** Tonnes of `material` that would cover every protected requirement of a run (element-weighted). */
function coveringLevel(model: Model, holder: Holder, material: string, run: RunSummary | undefined): number {
  const contents = materialContents(model);
  const stock: Record<string, number | undefined> = contents.get(material) ?? {};
  const elements = Object.keys(stock);
  const perTonne = elements.reduce((a, e) => a + (stock[e] ?? 0), 0);
  let needed = 0;
  for (const i of holder.demands) {
    const content: Record<string, number | undefined> = contents.get(model.demands[i]?.material ?? '') ?? {};
    const weight = elements.length === 0 ? 1 : elements.reduce((a, e) => a + (content[e] ?? 0), 0);
    needed += (run?.required[i] ?? 0) * weight;
  }
  return elements.length === 0 ? needed : needed / Math.max(perTonne, 1e-12);
}

function withLevel(model: Model, options: StockpileSizingOptions, holder: Holder, level: number): Model {
  if (holder.stockpile !== undefined) {
    return {
      ...model,
      stockpiles: model.stockpiles.map((s, k) =>
        k === holder.stockpile
          ? { ...s, level, floor: Math.min(s.floor, level), capacity: Math.max(s.capacity ?? level, level) }
          : s,
      ),
    };
  }
  const added = stockpileSchema.parse({
    id: `sizing:${options.holder}:${options.material}`,
    holder: options.holder,
    node: holder.node,
    material: options.material,
    level,
  });
  return { ...model, stockpiles: [...model.stockpiles, added] };
}

/** Fill rate of the holder's demands per run, weighted by the material's element content (tonnes when it has none). */
function holderFill(model: Model, holder: Holder, material: string, runs: readonly RunSummary[]): number[] {
  const contents = materialContents(model);
  const elements = Object.keys(contents.get(material) ?? {});
  const weight = (i: number): number => {
    const content: Record<string, number | undefined> = contents.get(model.demands[i]?.material ?? '') ?? {};
    const w = elements.reduce((a, e) => a + (content[e] ?? 0), 0);
    return elements.length === 0 ? 1 : w;
  };
  return runs.map((r) => {
    let required = 0;
    let served = 0;
    for (const i of holder.demands) {
      required += (r.required[i] ?? 0) * weight(i);
      served += (r.served[i] ?? 0) * weight(i);
    }
    return required > 0 ? served / required : 1;
  });
}

/**
 * Sizes a stockpile. Throws SimulationError on unknown ids or bad targets.
 *
 * @example await sizeStockpile(model, { days: 365 }, plan, { material: 'Dy-oxide', holder: 'JP', target: 0.95, runs: 200, seed: 1 })
 */
export async function sizeStockpile(
  model: Model,
  simulation: SimulationOptionsInput,
  plan: PlanFlows | undefined,
  options: StockpileSizingOptions,
): Promise<StockpileSizing> {
  if (!(options.target >= 0 && options.target <= 1))
    throw new SimulationError(
      'SIM_BAD_OPTION',
      `target must be a fill rate between 0 and 1; got ${options.target}`,
    );
  const confidence = options.confidence ?? 0.95;
  if (!(confidence > 0 && confidence < 1))
    throw new SimulationError('SIM_BAD_OPTION', `confidence must be between 0 and 1; got ${confidence}`);
  const holder = findHolder(model, options);
  const steps: StockpileSizing['steps'] = [];
  let covering = Infinity;
  const evaluate = async (level: number): Promise<boolean> => {
    const { summaries } = await runReplications(
      { model: withLevel(model, options, holder, level), options: simulation, ...(plan ? { plan } : {}) },
      {
        runs: options.runs,
        seed: options.seed,
        ...definedFields({ workers: options.workers }),
        ...(options.executor ? { executor: options.executor } : {}),
        ...(options.signal ? { signal: options.signal } : {}),
      },
    );
    const fill = quantile(
      [...holderFill(model, holder, options.material, summaries)].sort((a, b) => a - b),
      1 - confidence,
    );
    steps.push({ level, fillRate: fill });
    options.onStep?.({ level, fillRate: fill, meetsTarget: fill >= options.target - 1e-12 });
    if (level === 0) covering = coveringLevel(model, holder, options.material, summaries[0]);
    options.onProgress?.(steps.length, 0);
    return fill >= options.target - 1e-12;
  };
  const base = {
    material: options.material,
    holder: options.holder,
    node: holder.node,
    target: options.target,
    confidence,
    demands: holder.demands.map((i) => model.demands[i]?.id ?? ''),
  };
  if (await evaluate(0)) return { ...base, level: 0, steps };
  const maxLevel = options.maxLevel ?? 1e7;
  let low = 0;
  let high = Math.min(1, maxLevel);
  while (!(await evaluate(high))) {
    // Past twice what every protected requirement needs, more stock cannot change the answer.
    if (high >= maxLevel || high > 2 * covering)
      return { ...base, steps, note: missNote(model, holder, options, steps) };
    low = high;
    high = Math.min(maxLevel, high * 2);
  }
  for (let i = 0; i < 60 && high - low > (options.tolerance ?? Math.max(0.1, high * 0.01)); i++) {
    const mid = (low + high) / 2;
    if (await evaluate(mid)) high = mid;
    else low = mid;
  }
  return { ...base, level: high, steps };
}

/** Why no level reached the target: a flat response and its cause, or how far the last level got. */
function missNote(
  model: Model,
  holder: Holder,
  options: StockpileSizingOptions,
  steps: StockpileSizing['steps'],
): string {
  const first = steps[0]?.fillRate ?? 0;
  const last = steps[steps.length - 1]?.fillRate ?? 0;
  const wanted = holder.demands.map((i) => model.demands[i]?.material ?? '');
  if (last - first < 1e-3) {
    const cause =
      unusableReason(model, holder.node, options.material, wanted) ??
      `the protected demands stay short at any level, so the bottleneck is elsewhere (capacity downstream of ${holder.node}, or the supply of ${[...new Set(wanted)].join(', ')})`;
    return `the fill rate does not respond to the level: ${cause}`;
  }
  return `the largest level tried reaches ${(last * 100).toFixed(1)}%, short of the ${(options.target * 100).toFixed(1)}% target; allow a larger level, or lower the target`;
}
