/**
 * Derived views of a parsed model that every layer shares: element content of materials,
 * generated separation recipes, resolved processes, periods and the jurisdiction tree.
 * Pure functions of the model; nothing here mutates it.
 */
import { ELEMENT_SYMBOLS, ELEMENT_GROUPS, isElementSymbol, type ElementSymbol } from './elements.js';
import { STEPS, type Horizon, type Model } from './model.js';
import type { Material } from './components/material.js';
import type { Facility } from './components/facility.js';
import type { Process, SeparationSpec } from './components/process.js';
import type { Stage } from './components/common.js';

/** t REO-equivalent per unit, by element; elements absent are zero. */
export type ElementVector = Partial<Record<ElementSymbol, number>>;

/** Expands element symbols and group names (NdPr, HREE…) into a sorted list of unique symbols. */
export function expandElements(names: readonly string[]): ElementSymbol[] {
  const out = new Set<ElementSymbol>();
  for (const name of names) {
    if (isElementSymbol(name)) out.add(name);
    else for (const symbol of ELEMENT_GROUPS[name] ?? []) out.add(symbol);
  }
  return ELEMENT_SYMBOLS.filter((s) => out.has(s));
}

/** Sum of an element vector: total t REO per unit. */
export function sumElements(vector: ElementVector): number {
  let total = 0;
  for (const value of Object.values(vector)) total += value ?? 0;
  return total;
}

/**
 * Element content of a material, t REO-equivalent per tonne: its `elements`, or its `reo` grade
 * split by its deposit `distribution` (normalised to 100%). Unknown distribution → no content.
 */
export function materialContent(model: Pick<Model, 'distributions'>, material: Material): ElementVector {
  if (material.elements) {
    const out: ElementVector = {};
    for (const [key, value] of Object.entries(material.elements)) if (isElementSymbol(key)) out[key] = value;
    return out;
  }
  if (material.reo === undefined || material.distribution === undefined) return {};
  const distribution = model.distributions[material.distribution];
  if (!distribution) return {};
  const total = Object.values(distribution).reduce((a, b) => a + b, 0);
  const out: ElementVector = {};
  if (total <= 0) return out;
  for (const [key, percent] of Object.entries(distribution)) {
    if (isElementSymbol(key) && percent > 0) out[key] = (material.reo * percent) / total;
  }
  return out;
}

/** Content of every material of the model, keyed by material id. */
export function materialContents(model: Model): Map<string, ElementVector> {
  return new Map(model.materials.map((m) => [m.id, materialContent(model, m)]));
}

function recoveryOf(spec: SeparationSpec, element: ElementSymbol): number {
  if (typeof spec.recovery === 'number') return spec.recovery;
  if (spec.recovery[element] !== undefined) return spec.recovery[element];
  for (const [group, members] of Object.entries(ELEMENT_GROUPS)) {
    const value = spec.recovery[group];
    if (value !== undefined && members.includes(element)) return value;
  }
  return spec.recovery['default'] ?? 1;
}

/**
 * Generates a separation recipe per tonne of feed: each product collects the recovered REO of its
 * elements, converted to tonnes of product by the product's own REO content (1 t REO per t when the
 * product declares none); `rest` collects recovered elements no product names. Unrecovered REO is
 * lost to tailings. Example: Bayan Obo concentrate at 50% REO with Pr 6.2% and Nd 18.5% of REO and
 * 95% recovery gives 0.5 × (0.062 + 0.185) × 0.95 = 0.1173 t NdPr oxide per t of feed.
 */
export function generateSeparationRecipe(
  spec: SeparationSpec,
  contents: ReadonlyMap<string, ElementVector>,
): { inputs: Record<string, number>; outputs: Record<string, number> } {
  const feed = contents.get(spec.feed) ?? {};
  const outputs: Record<string, number> = {};
  const claimed = new Set<ElementSymbol>();
  for (const [product, names] of Object.entries(spec.products)) {
    const elements = expandElements(Array.isArray(names) ? names : [names]);
    let recovered = 0;
    for (const element of elements) {
      claimed.add(element);
      recovered += (feed[element] ?? 0) * recoveryOf(spec, element);
    }
    const perTonne = sumElements(contents.get(product) ?? {}) || 1;
    if (recovered > 0) outputs[product] = (outputs[product] ?? 0) + recovered / perTonne;
  }
  if (spec.rest !== undefined) {
    let recovered = 0;
    for (const element of ELEMENT_SYMBOLS) {
      if (!claimed.has(element)) recovered += (feed[element] ?? 0) * recoveryOf(spec, element);
    }
    const perTonne = sumElements(contents.get(spec.rest) ?? {}) || 1;
    if (recovered > 0) outputs[spec.rest] = (outputs[spec.rest] ?? 0) + recovered / perTonne;
  }
  return { inputs: { [spec.feed]: 1 }, outputs };
}

/** A process with its recipe resolved and its capacity basis made explicit. */
export interface ResolvedProcess {
  /** Globally unique key `facility/process`. */
  key: string;
  facility: Facility;
  process: Process;
  stage: Stage;
  /** Tonnes of each input per unit of activity. */
  inputs: Record<string, number>;
  /** Tonnes of each output per unit of activity. */
  outputs: Record<string, number>;
  /** How many units of the capacity's reference flow one unit of activity uses. */
  capacityPerActivity: number;
  /** t REO in outputs per unit of activity (what quotas count). */
  reoOut: number;
  /** t REO in inputs per unit of activity. */
  reoIn: number;
}

/** The key of a process: `facility/process`. */
export function toProcessKey(facilityId: string, processId: string): string {
  return `${facilityId}/${processId}`;
}

function reoOfRecipe(recipe: Record<string, number>, contents: ReadonlyMap<string, ElementVector>): number {
  let total = 0;
  for (const [material, amount] of Object.entries(recipe))
    total += amount * sumElements(contents.get(material) ?? {});
  return total;
}

/** The reference basis of a process's capacity, with the stage defaults filled in. */
export function referenceOf(process: Process): string {
  if (process.reference) return process.reference;
  if (process.stage === 'mining') return 'reo-out';
  if (process.separation) return 'reo-in';
  return Object.keys(process.outputs)[0] ?? Object.keys(process.inputs)[0] ?? 'reo-out';
}

/** Resolves one process: generates its recipe when it is a separation and fixes its capacity basis. */
export function resolveProcess(
  facility: Facility,
  process: Process,
  contents: ReadonlyMap<string, ElementVector>,
): ResolvedProcess {
  const generated = process.separation ? generateSeparationRecipe(process.separation, contents) : undefined;
  const inputs = { ...(generated?.inputs ?? {}), ...process.inputs };
  const outputs = { ...(generated?.outputs ?? {}), ...process.outputs };
  const reoIn = reoOfRecipe(inputs, contents);
  const reoOut = reoOfRecipe(outputs, contents);
  const reference = referenceOf(process);
  const capacityPerActivity =
    reference === 'reo-in'
      ? reoIn
      : reference === 'reo-out'
        ? reoOut
        : (outputs[reference] ?? inputs[reference] ?? 1);
  return {
    key: toProcessKey(facility.id, process.id),
    facility,
    process,
    stage: process.stage,
    inputs,
    outputs,
    capacityPerActivity,
    reoOut,
    reoIn,
  };
}

/** Every process of the model, resolved, in file order. */
export function resolveProcesses(model: Model, contents = materialContents(model)): ResolvedProcess[] {
  return model.facilities.flatMap((f) => f.processes.map((p) => resolveProcess(f, p, contents)));
}

/** Months in one period of the horizon. */
export function monthsPerPeriod(horizon: Horizon): number {
  return STEPS[horizon.step];
}

function monthNumber(label: string): number {
  const [year, month] = label.split('-').map(Number);
  return (year ?? 0) * 12 + ((month ?? 1) - 1);
}

function fromMonthNumber(n: number): string {
  const year = Math.floor(n / 12);
  const month = (n % 12) + 1;
  return `${String(year).padStart(4, '0')}-${String(month).padStart(2, '0')}`;
}

/** The labels of the horizon's periods, `YYYY-MM` of the month each starts in. */
export function periodLabels(horizon: Horizon): string[] {
  const start = monthNumber(horizon.start);
  const step = monthsPerPeriod(horizon);
  return Array.from({ length: horizon.periods }, (_, t) => fromMonthNumber(start + t * step));
}

/**
 * The index of the period containing month `label` (may be < 0 or ≥ periods when outside the
 * horizon). `periodIndex({start:'2026-01', step:'quarter'}, '2026-05')` → 1.
 */
export function periodIndex(horizon: Horizon, label: string): number {
  return Math.floor((monthNumber(label) - monthNumber(horizon.start)) / monthsPerPeriod(horizon));
}

/** The first and last period indices a `start`/`end` validity covers, clamped to the horizon. */
export function activePeriods(
  horizon: Horizon,
  validity: { start?: string | undefined; end?: string | undefined },
): [number, number] {
  const first = validity.start === undefined ? 0 : Math.max(0, periodIndex(horizon, validity.start));
  const last =
    validity.end === undefined
      ? horizon.periods - 1
      : Math.min(horizon.periods - 1, periodIndex(horizon, validity.end));
  return [first, last];
}

/** The jurisdiction tree: `within(a, b)` is true when a is b or lies inside b. */
export interface JurisdictionTree {
  parentOf(id: string): string | undefined;
  ancestors(id: string): string[];
  within(id: string, ancestor: string): boolean;
  /** The top-level (country) jurisdiction of `id`. */
  root(id: string): string;
}

/**
 * Builds the jurisdiction tree of a model; cycles are cut (checks report them). A bloc counts as a
 * party: `within(id, 'MSP')` is true when id or a jurisdiction it lies in declares the bloc, so a
 * policy may name a bloc where it names a jurisdiction (an export control from the MSP covers flows
 * from its members to everyone else).
 */
export function createJurisdictionTree(model: Pick<Model, 'jurisdictions'>): JurisdictionTree {
  const parents = new Map(model.jurisdictions.map((j) => [j.id, j.parent]));
  const blocsOf = new Map(model.jurisdictions.map((j) => [j.id, j.blocs]));
  const ancestors = (id: string): string[] => {
    const chain = [id];
    const seen = new Set(chain);
    let current = parents.get(id);
    while (current !== undefined && !seen.has(current)) {
      chain.push(current);
      seen.add(current);
      current = parents.get(current);
    }
    return chain;
  };
  return {
    parentOf: (id) => parents.get(id),
    ancestors,
    within: (id, party) =>
      ancestors(id).some((j) => j === party || (blocsOf.get(j)?.includes(party) ?? false)),
    root: (id) => ancestors(id).at(-1) ?? id,
  };
}

/**
 * Who belongs to a party: `isMember(j, party)` is true when jurisdiction j lies in `party` (a
 * jurisdiction) or j or a jurisdiction it lies in declares `party` among its blocs.
 * @example createMembership(model).isMember('DE', 'MSP') // true when DE declares blocs: [EU, MSP]
 */
export function createMembership(model: Pick<Model, 'jurisdictions'>): {
  blocs: ReadonlySet<string>;
  isMember(jurisdiction: string, parties: string | readonly string[]): boolean;
} {
  const tree = createJurisdictionTree(model);
  const inParty = (j: string, party: string): boolean => tree.within(j, party);
  return {
    blocs: new Set(model.jurisdictions.flatMap((j) => j.blocs)),
    isMember: (j, parties) =>
      typeof parties === 'string' ? inParty(j, parties) : parties.some((p) => inParty(j, p)),
  };
}

/**
 * Where a pooled stockpile (one with `releaseTo`) may deliver: the facilities in its parties'
 * jurisdictions that use its material as a process input or a demand, in model order; empty for
 * a stockpile released at its own node.
 */
export function releaseTargets(
  model: Pick<Model, 'jurisdictions' | 'facilities' | 'demands'>,
  stockpile: Pick<Model['stockpiles'][number], 'material' | 'releaseTo'>,
): string[] {
  const parties = stockpile.releaseTo;
  if (parties === undefined) return [];
  const { isMember } = createMembership(model);
  const demanded = new Set(model.demands.filter((d) => d.material === stockpile.material).map((d) => d.node));
  return model.facilities
    .filter((f) => isMember(f.jurisdiction, parties))
    .filter(
      (f) =>
        demanded.has(f.id) ||
        f.processes.some((p) => stockpile.material in p.inputs || p.separation?.feed === stockpile.material),
    )
    .map((f) => f.id);
}

/** True when a material contains any of the elements. */
export function containsAny(content: ElementVector, elements: readonly ElementSymbol[]): boolean {
  return elements.some((e) => (content[e] ?? 0) > 0);
}
