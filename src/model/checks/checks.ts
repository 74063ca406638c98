/** The semantic rules, one `check*` function each, in the order their issues are reported. */
import type { Model } from '../model.js';
import type { Issue } from '../issues.js';
import { createCheckContext, type Check, type CheckOptions } from './context.js';
import { checkDuplicateIds } from './check-duplicate-ids.js';
import { checkUnknownRefs } from './check-unknown-refs.js';
import { checkJurisdictionCycles } from './check-jurisdiction-cycles.js';
import { checkElementContents } from './check-element-contents.js';
import { checkCapacities } from './check-capacities.js';
import { checkRecipeMass } from './check-recipe-mass.js';
import { checkSeparation } from './check-separation.js';
import { checkDemandReachable } from './check-demand-reachable.js';
import { checkPeriods } from './check-periods.js';
import { checkPolicies } from './check-policies.js';
import { checkSpecifications } from './check-specifications.js';

/** Every per-model check; `checkModel` runs them all, then `checkScenarios`. */
export const CHECKS: readonly Check[] = [
  checkDuplicateIds,
  checkUnknownRefs,
  checkJurisdictionCycles,
  checkElementContents,
  checkCapacities,
  checkRecipeMass,
  checkSeparation,
  checkDemandReachable,
  checkPeriods,
  checkPolicies,
  checkSpecifications,
];

/**
 * Runs every per-model check, not the scenarios: what `applyScenario` checks an applied scenario
 * with, and the first half of `checkModel`.
 *
 * @example runChecks(applied, { scenarios: false })
 */
export function runChecks(model: Model, options: CheckOptions = {}): Issue[] {
  const context = createCheckContext(model, options);
  return CHECKS.flatMap((check) => check(model, context));
}
