import type { Model } from '../model.js';
import type { Issue } from '../issues.js';
import { toDidYouMean } from '../suggest.js';
import { toIssue, type CheckContext } from './context.js';

/**
 * Specifications name a known material, and each analyte's limits make sense: min ≤ max, a target
 * inside them, at least one limit, and no analyte listed twice.
 */
export function checkSpecifications(model: Model, context: CheckContext): Issue[] {
  const issues: Issue[] = [];
  model.specifications.forEach((spec, s) => {
    const path = ['specifications', s];
    if (!context.ids.materials.includes(spec.material)) {
      issues.push(
        toIssue(
          'REF_UNKNOWN',
          'error',
          [...path, 'material'],
          `unknown material '${spec.material}'; expected the id of a material in the model.`,
          toDidYouMean(spec.material, context.ids.materials, 'materials'),
        ),
      );
    }
    const seen = new Set<string>();
    spec.analytes.forEach((limit, a) => {
      const at = [...path, 'analytes', a];
      if (seen.has(limit.analyte))
        issues.push(
          toIssue(
            'ID_DUPLICATE',
            'error',
            [...at, 'analyte'],
            `analyte '${limit.analyte}' is listed twice in specification '${spec.id}'.`,
            'merge the two entries into one.',
          ),
        );
      seen.add(limit.analyte);
      if (limit.min === undefined && limit.max === undefined) {
        issues.push(
          toIssue(
            'SPEC_NO_LIMIT',
            'error',
            at,
            `analyte '${limit.analyte}' of specification '${spec.id}' has neither min nor max.`,
            'give a min (LSL), a max (USL) or both.',
          ),
        );
      }
      if (limit.min !== undefined && limit.max !== undefined && limit.min > limit.max) {
        issues.push(
          toIssue(
            'SPEC_LIMITS_ORDER',
            'error',
            [...at, 'min'],
            `analyte '${limit.analyte}': min ${limit.min} is above max ${limit.max}.`,
            'swap min and max.',
          ),
        );
      }
      const { target, min, max } = limit;
      if (
        target !== undefined &&
        ((min !== undefined && target < min) || (max !== undefined && target > max))
      ) {
        issues.push(
          toIssue(
            'SPEC_TARGET_OUTSIDE',
            'error',
            [...at, 'target'],
            `analyte '${limit.analyte}': target ${target} lies outside [${min ?? '−∞'}, ${max ?? '∞'}].`,
            'move the target between the limits, or fix the limits.',
          ),
        );
      }
    });
  });
  return issues;
}
