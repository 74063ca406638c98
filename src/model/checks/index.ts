/**
 * Semantic checks: what the schema cannot see. Each rule is one `check*` function returning
 * issues with a stable code, a path, what was found and expected, and a fix; `checkModel` runs
 * them all and reports everything at once (docs/issue-codes.md lists every code).
 */
import type { Model } from '../model.js';
import type { Issue } from '../issues.js';
import { CHECKS } from './checks.js';
import { checkScenarios } from './check-scenarios.js';
import { createCheckContext, type CheckOptions } from './context.js';

export { CHECKS } from './checks.js';
export { checkScenarios } from './check-scenarios.js';
export { checkDuplicateIds } from './check-duplicate-ids.js';
export { checkUnknownRefs, checkScenarioRefs } from './check-unknown-refs.js';
export { checkJurisdictionCycles } from './check-jurisdiction-cycles.js';
export { checkElementContents } from './check-element-contents.js';
export { checkCapacities } from './check-capacities.js';
export { checkRecipeMass } from './check-recipe-mass.js';
export { checkSeparation } from './check-separation.js';
export { checkDemandReachable } from './check-demand-reachable.js';
export { checkPeriods } from './check-periods.js';
export { checkPolicies, isInScope } from './check-policies.js';
export { checkSpecifications } from './check-specifications.js';
export { createCheckContext } from './context.js';
export type { Check, CheckContext, CheckOptions } from './context.js';

/**
 * Runs every semantic check on a parsed model and returns all issues at once (errors and
 * warnings), then applies and checks each scenario unless `options.scenarios` is false.
 *
 * @example hasErrors(checkModel(model)) // false for a valid model
 */
export function checkModel(model: Model, options: CheckOptions = {}): Issue[] {
  const context = createCheckContext(model, options);
  const issues = CHECKS.flatMap((check) => check(model, context));
  if (context.scenarios) issues.push(...checkScenarios(model, context, issues));
  return issues;
}
