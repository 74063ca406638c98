/**
 * Policies must be complete and aimed at something: a cap needs its cap, a licence regime its
 * delay, a share cap its consumer, a scope some facility, element lists known elements (`POLICY_*`).
 */
import type { Model } from '../model.js';
import type { Issue, IssuePath } from '../issues.js';
import type { Scope } from '../components/common.js';
import type { Facility } from '../components/facility.js';
import { ELEMENT_GROUPS, ELEMENT_SYMBOLS } from '../elements.js';
import { toDidYouMean } from '../suggest.js';
import { toIssue, type CheckContext } from './context.js';

const ELEMENT_NAMES: readonly string[] = [...ELEMENT_SYMBOLS, ...Object.keys(ELEMENT_GROUPS)];

/** True when a facility is in the scope: every field given must match. */
export function isInScope(scope: Scope, facility: Facility, context: CheckContext): boolean {
  if (scope.jurisdiction !== undefined && !context.tree.within(facility.jurisdiction, scope.jurisdiction))
    return false;
  if (scope.operator !== undefined && facility.operator !== scope.operator) return false;
  if (scope.stage !== undefined && !facility.processes.some((p) => p.stage === scope.stage)) return false;
  if (scope.facilities !== undefined && !scope.facilities.includes(facility.id)) return false;
  return true;
}

function checkElements(elements: readonly string[] | undefined, path: IssuePath, what: string): Issue[] {
  const issues: Issue[] = [];
  (elements ?? []).forEach((name, k) => {
    if (ELEMENT_NAMES.includes(name)) return;
    issues.push(
      toIssue(
        'POLICY_ELEMENT_UNKNOWN',
        'error',
        [...path, k],
        `${what} names unknown element '${name}'; expected an element symbol or a group (${Object.keys(ELEMENT_GROUPS).join(', ')}).`,
        toDidYouMean(name, ELEMENT_NAMES, 'elements and groups'),
      ),
    );
  });
  return issues;
}

function checkScope(
  scope: Scope,
  path: IssuePath,
  what: string,
  model: Model,
  context: CheckContext,
): Issue[] {
  if (model.facilities.some((f) => isInScope(scope, f, context))) return [];
  return [
    toIssue(
      'POLICY_SCOPE_EMPTY',
      'warning',
      [...path, 'scope'],
      `${what}: its scope ${JSON.stringify(scope)} matches no facility, so it constrains nothing.`,
      'check the scope’s jurisdiction, operator, stage and facilities against the facilities table.',
    ),
  ];
}

/** Checks every policy for missing parameters, unknown elements and scopes that match nothing. */
export function checkPolicies(model: Model, context: CheckContext): Issue[] {
  const issues: Issue[] = [];
  model.policies.forEach((policy, i) => {
    const at: IssuePath = ['policies', i];
    const what = `policy '${policy.id}'`;
    switch (policy.kind) {
      case 'quota':
      case 'emission-cap':
      case 'carbon-price':
        issues.push(...checkScope(policy.scope, at, what, model, context));
        break;
      case 'export-control':
        issues.push(...checkElements(policy.elements, [...at, 'elements'], what));
        if (policy.elements.length === 0) {
          issues.push(
            toIssue(
              'POLICY_ELEMENTS_EMPTY',
              'warning',
              [...at, 'elements'],
              `${what} lists no elements, so it covers no material.`,
              'list the elements it controls, e.g. [Dy, Tb].',
            ),
          );
        }
        if (policy.mode === 'cap' && policy.cap === undefined) {
          issues.push(
            toIssue(
              'POLICY_CAP_MISSING',
              'error',
              [...at, 'cap'],
              `${what} has mode cap but no cap.`,
              'add cap: t REO a year, e.g. 5000/yr, or change the mode.',
            ),
          );
        }
        if (policy.mode === 'license' && policy.licenseDelay === undefined) {
          issues.push(
            toIssue(
              'POLICY_LICENSE_DELAY_MISSING',
              'warning',
              [...at, 'licenseDelay'],
              `${what} has mode license but no licenseDelay; licences are then treated as granted at once.`,
              'add licenseDelay, e.g. 45d.',
            ),
          );
        }
        if (policy.mode !== 'cap' && policy.cap !== undefined) {
          issues.push(
            toIssue(
              'POLICY_FIELD_IGNORED',
              'warning',
              [...at, 'cap'],
              `${what} has a cap but mode ${policy.mode}; the cap is ignored.`,
              'set mode: cap, or remove the cap.',
            ),
          );
        }
        break;
      case 'share-cap': {
        issues.push(...checkElements(policy.elements, [...at, 'elements'], what));
        const { jurisdiction, demands } = policy.consumer;
        if (jurisdiction === undefined && (demands === undefined || demands.length === 0)) {
          issues.push(
            toIssue(
              'POLICY_SHARE_CAP_NO_CONSUMER',
              'error',
              [...at, 'consumer'],
              `${what} names no consumer, so there is no supply to cap.`,
              'set consumer.jurisdiction or consumer.demands.',
            ),
          );
        } else if (
          jurisdiction !== undefined &&
          context.ids.jurisdictions.includes(jurisdiction) &&
          !model.demands.some((d) => {
            const node = model.facilities.find((f) => f.id === d.node);
            return node !== undefined && context.tree.within(node.jurisdiction, jurisdiction);
          })
        ) {
          issues.push(
            toIssue(
              'POLICY_SHARE_CAP_NO_DEMAND',
              'warning',
              [...at, 'consumer', 'jurisdiction'],
              `${what}: no demand is at a facility in '${jurisdiction}', so it caps nothing.`,
              'add demands in that jurisdiction, or name the consumer by its demands.',
            ),
          );
        }
        break;
      }
      case 'tariff':
        issues.push(...checkElements(policy.elements, [...at, 'elements'], what));
        break;
      case 'budget':
        break;
    }
  });
  return issues;
}
