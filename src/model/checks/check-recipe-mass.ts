/**
 * A recipe cannot create element mass: per unit of activity, the t REO of each element in the
 * outputs must not exceed that in the inputs (`RECIPE_CREATES_MASS`). Mining and other processes
 * without inputs are sources and exempt; recycling takes scrap, which has content, so it is checked.
 */
import type { Model } from '../model.js';
import type { Issue } from '../issues.js';
import { ELEMENT_SYMBOLS } from '../elements.js';
import type { ElementVector } from '../derive.js';
import { formatNumber, toIssue, type CheckContext } from './context.js';

/** Relative tolerance per element (rounded contents) and for the total REO. */
export const RECIPE_TOLERANCE = { element: 0.02, total: 0.001 } as const;
const ABSOLUTE_TOLERANCE = 1e-9;

function elementsOf(
  recipe: Record<string, number>,
  contents: ReadonlyMap<string, ElementVector>,
): ElementVector {
  const out: ElementVector = {};
  for (const [material, amount] of Object.entries(recipe)) {
    for (const [element, value] of Object.entries(contents.get(material) ?? {}) as [
      keyof ElementVector,
      number,
    ][]) {
      out[element] = (out[element] ?? 0) + amount * value;
    }
  }
  return out;
}

function exceeds(out: number, into: number, relative: number): boolean {
  return out > into * (1 + relative) + ABSOLUTE_TOLERANCE;
}

/** Checks that no non-source process outputs more REO, per element or in total, than it takes in. */
export function checkRecipeMass(_model: Model, context: CheckContext): Issue[] {
  const issues: Issue[] = [];
  for (const { resolved, path } of context.processes) {
    if (resolved.stage === 'mining' || Object.keys(resolved.inputs).length === 0) continue;
    const into = elementsOf(resolved.inputs, context.contents);
    const out = elementsOf(resolved.outputs, context.contents);
    const created = ELEMENT_SYMBOLS.filter((e) =>
      exceeds(out[e] ?? 0, into[e] ?? 0, RECIPE_TOLERANCE.element),
    ).map((e) => `${e} ${formatNumber(out[e] ?? 0)} t out vs ${formatNumber(into[e] ?? 0)} t in`);
    const totalCreated = exceeds(resolved.reoOut, resolved.reoIn, RECIPE_TOLERANCE.total);
    if (created.length === 0 && !totalCreated) continue;
    const detail =
      created.length > 0
        ? created.join(', ')
        : `total ${formatNumber(resolved.reoOut)} t REO out vs ${formatNumber(resolved.reoIn)} t in`;
    issues.push(
      toIssue(
        'RECIPE_CREATES_MASS',
        'error',
        [...path, 'outputs'],
        `process '${resolved.key}' creates element mass per unit of activity (${detail}); outputs may hold at most the REO of the inputs.`,
        'lower the outputs, raise the inputs, or check the element content of the materials involved.',
      ),
    );
  }
  return issues;
}
