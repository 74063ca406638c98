/**
 * Every scenario must apply cleanly and give a valid model, so `validate` covers scenarios too:
 * each is applied and its issues reported under the scenario's path.
 */
import type { Model } from '../model.js';
import type { Issue } from '../issues.js';
import { formatPath } from '../issues.js';
import { applyScenario } from '../scenario.js';
import { CHECKS } from './checks.js';
import type { CheckContext } from './context.js';

const toKey = (issue: Issue): string => `${issue.code}|${formatPath(issue.path)}|${issue.message}`;

/**
 * Applies every scenario. Issues about the overlay keep their path into the scenario; issues of
 * the resulting model that the base model does not have already are reported at
 * `['scenarios', i, …path]` with the scenario named in the message. Each is reported once, even
 * when several scenarios extend the one at fault. `baseIssues` are the base model's issues from
 * `CHECKS` when the caller has them (they are computed again otherwise).
 */
export function checkScenarios(model: Model, context: CheckContext, baseIssues?: readonly Issue[]): Issue[] {
  if (model.scenarios.length === 0) return [];
  const base = new Set(
    (baseIssues ?? CHECKS.flatMap((check) => check(model, context))).map(
      (issue) => `${issue.code}|${issue.message}`,
    ),
  );
  const seen = new Set<string>();
  const issues: Issue[] = [];
  model.scenarios.forEach((scenario, i) => {
    for (const issue of applyScenario(model, scenario.id).issues) {
      const own = issue.path[0] === 'scenarios';
      if (!own && base.has(`${issue.code}|${issue.message}`)) continue;
      const reported = own
        ? issue
        : {
            ...issue,
            path: ['scenarios', i, ...issue.path],
            message: `scenario '${scenario.id}': ${issue.message}`,
          };
      if (seen.has(toKey(reported))) continue;
      seen.add(toKey(reported));
      issues.push(reported);
    }
  });
  return issues;
}
