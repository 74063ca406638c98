/**
 * Paths of origin tracing as a trie of (facility, stage) steps, and mixes over them: a path id is
 * its parent path extended by one step, so extending a mix by a step is a lookup, not a copy.
 */

/** One step of a path: a process stage at a facility. `stage` is 'stock' for a stockpile's opening level. */
export interface PathStep {
  facility: string;
  stage: string;
}

/** A distribution over paths: path id → t REO-equivalent of the element. */
export type PathMix = Map<number, number>;

/** Every path seen so far; path 0 is the empty path. */
export interface PathTable {
  parent: number[];
  step: number[];
  /** (parent · STEPS + step) → path id: numeric keys keep the hot loop free of string building. */
  index: Map<number, number>;
  stepIds: Map<string, number>;
  stepList: PathStep[];
}

const STEPS = 1 << 20;

/** A table holding only the empty path. */
export function createPathTable(): PathTable {
  return { parent: [-1], step: [-1], index: new Map(), stepIds: new Map(), stepList: [] };
}

/** The id of step (facility, stage), created on first use. */
export function stepOf(table: PathTable, facility: string, stage: string): number {
  const stepKey = `${facility}\u0000${stage}`;
  let step = table.stepIds.get(stepKey);
  if (step === undefined) {
    step = table.stepList.length;
    table.stepList.push({ facility, stage });
    table.stepIds.set(stepKey, step);
  }
  return step;
}

/** The id of path `parent` followed by `step`, created on first use. */
export function extend(table: PathTable, parent: number, step: number): number {
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

/** The steps of a path, first (origin) to last. */
export function stepsOf(table: PathTable, path: number): PathStep[] {
  const out: PathStep[] = [];
  let current = path;
  while (current > 0) {
    const step = table.stepList[table.step[current] ?? -1];
    if (step) out.push(step);
    current = table.parent[current] ?? 0;
  }
  return out.reverse();
}

/** target += factor · source, path by path. */
export function addScaled(target: PathMix, source: PathMix, factor: number): void {
  if (factor === 0) return;
  for (const [path, amount] of source) target.set(path, (target.get(path) ?? 0) + amount * factor);
}

function totalOf(mix: PathMix): number {
  let total = 0;
  for (const v of mix.values()) total += v;
  return total;
}

/** Normalised copy (shares summing to 1), or undefined when empty. */
export function normalise(mix: PathMix): PathMix | undefined {
  const total = totalOf(mix);
  if (!(total > 0)) return undefined;
  const out: PathMix = new Map();
  for (const [path, amount] of mix) if (amount > 0) out.set(path, amount / total);
  return out;
}
