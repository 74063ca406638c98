/**
 * Capacities must bound something: a process's capacity is measured on its reference flow, so
 * the reference must be in its recipe and carry mass per unit of activity (`CAPACITY_*`).
 */
import type { Model } from '../model.js';
import type { Issue, IssuePath } from '../issues.js';
import { referenceOf } from '../derive.js';
import { toDidYouMean } from '../suggest.js';
import { formatNumber, toIssue, type CheckContext } from './context.js';

function checkValue(value: number | undefined, path: IssuePath, what: string): Issue[] {
  if (value === undefined) return [];
  if (!Number.isFinite(value) || value < 0) {
    return [
      toIssue(
        'CAPACITY_NEGATIVE',
        'error',
        path,
        `${what} has capacity ${value}; expected a number of at least 0 t/yr.`,
        'write a non-negative capacity, e.g. 30000/yr.',
      ),
    ];
  }
  if (value === 0) {
    return [
      toIssue(
        'CAPACITY_ZERO',
        'warning',
        path,
        `${what} has capacity 0, so it can never be used.`,
        'give it a capacity, or remove it (or model the stop as an outage).',
      ),
    ];
  }
  if (value < 0.5) {
    return [
      toIssue(
        'CAPACITY_TINY',
        'warning',
        path,
        `${what} has capacity ${value} t/yr, which rounds to 0 t/yr in every table; a unit slip (kg/yr where t/yr was meant)?`,
        'write the capacity in t/yr, e.g. 30/yr or 30 t/yr for 30 t (30 kg/yr is 0.03 t/yr).',
      ),
    ];
  }
  return [];
}

/** Checks process, route, stockpile and project capacities. */
export function checkCapacities(model: Model, context: CheckContext): Issue[] {
  const issues: Issue[] = [];
  for (const { resolved, path } of context.processes) {
    const { process } = resolved;
    const what = `process '${resolved.key}'`;
    if (typeof process.capacity !== 'number') {
      issues.push(
        toIssue(
          'CAPACITY_MISSING',
          'error',
          [...path, 'capacity'],
          `${what} has no capacity; expected t/yr on its reference flow.`,
          'add capacity: e.g. 30000/yr.',
        ),
      );
      continue;
    }
    issues.push(...checkValue(process.capacity, [...path, 'capacity'], what));
    const reference = referenceOf(process);
    const recipe = [...Object.keys(resolved.inputs), ...Object.keys(resolved.outputs)];
    if (reference !== 'reo-in' && reference !== 'reo-out' && !recipe.includes(reference)) {
      issues.push(
        toIssue(
          'CAPACITY_REFERENCE_UNKNOWN',
          'error',
          [...path, 'reference'],
          `${what} measures its capacity on '${reference}', which is not in its recipe; expected one of its inputs or outputs, 'reo-in' or 'reo-out'.`,
          toDidYouMean(reference, [...recipe, 'reo-in', 'reo-out'], 'reference flows'),
        ),
      );
      continue;
    }
    if (process.capacity > 0 && !(resolved.capacityPerActivity > 0)) {
      const side = reference === 'reo-in' ? 'inputs' : 'outputs';
      issues.push(
        toIssue(
          'CAPACITY_NO_REFERENCE_FLOW',
          'error',
          [...path, 'capacity'],
          `${what} measures its capacity on '${reference}', but one unit of its activity moves ${formatNumber(resolved.capacityPerActivity)} t of it, so the capacity bounds nothing.`,
          reference.startsWith('reo-')
            ? `give the ${side} element content (elements, or reo with distribution), or set reference to one of its materials.`
            : `set reference to a flow of the recipe with a positive amount.`,
        ),
      );
    }
  }
  model.routes.forEach((route, i) =>
    issues.push(...checkValue(route.capacity, ['routes', i, 'capacity'], `route '${route.id}'`)),
  );
  model.projects.forEach((project, i) => {
    if (project.expands)
      issues.push(
        ...checkValue(
          project.expands.capacity,
          ['projects', i, 'expands', 'capacity'],
          `project '${project.id}'`,
        ),
      );
  });
  model.stockpiles.forEach((stockpile, i) => {
    if (stockpile.capacity !== undefined && stockpile.level > stockpile.capacity) {
      issues.push(
        toIssue(
          'CAPACITY_BELOW_LEVEL',
          'error',
          ['stockpiles', i, 'level'],
          `stockpile '${stockpile.id}' starts at ${formatNumber(stockpile.level)} t but holds at most ${formatNumber(stockpile.capacity)} t.`,
          'lower the level or raise the capacity.',
        ),
      );
    }
    if (stockpile.floor > stockpile.level) {
      issues.push(
        toIssue(
          'CAPACITY_FLOOR_ABOVE_LEVEL',
          'warning',
          ['stockpiles', i, 'floor'],
          `stockpile '${stockpile.id}' has floor ${formatNumber(stockpile.floor)} t above its starting level ${formatNumber(stockpile.level)} t, so it can release nothing until rebuilt.`,
          'lower the floor or raise the level.',
        ),
      );
    }
  });
  return issues;
}
