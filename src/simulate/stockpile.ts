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
  const demands = model.demands
    .map((d, i) => ({ d, i }))
    .filter(({ d }) =>
      isJurisdiction
        ? tree.within(jurisdictionOf.get(d.node) ?? '', options.holder)
        : d.node === existing?.node,
    )
    .map(({ i }) => i);
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
  const evaluate = async (level: number): Promise<boolean> => {
    const { summaries } = await runReplications(
      { model: withLevel(model, options, holder, level), options: simulation, ...(plan ? { plan } : {}) },
      {
        runs: options.runs,
        seed: options.seed,
        ...(options.workers === undefined ? {} : { workers: options.workers }),
        ...(options.executor ? { executor: options.executor } : {}),
        ...(options.signal ? { signal: options.signal } : {}),
      },
    );
    const fill = quantile(
      [...holderFill(model, holder, options.material, summaries)].sort((a, b) => a - b),
      1 - confidence,
    );
    steps.push({ level, fillRate: fill });
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
    if (high >= maxLevel) return { ...base, steps };
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
