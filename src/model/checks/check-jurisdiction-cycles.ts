/**
 * Jurisdictions nest through `parent`, so the parents must form a tree (`JURISDICTION_CYCLE`):
 * CN-NM inside CN inside CN-NM would make every "is this inside China?" question unanswerable.
 */
import type { Model } from '../model.js';
import type { Issue } from '../issues.js';
import { toIssue, type CheckContext } from './context.js';

/** Checks that following `parent` from any jurisdiction never comes back to it; one issue per cycle. */
export function checkJurisdictionCycles(model: Model, _context: CheckContext): Issue[] {
  const parents = new Map(model.jurisdictions.map((j) => [j.id, j.parent]));
  const reported = new Set<string>();
  const issues: Issue[] = [];
  model.jurisdictions.forEach((jurisdiction, i) => {
    const chain = [jurisdiction.id];
    let current = jurisdiction.parent;
    while (current !== undefined && !chain.includes(current)) {
      chain.push(current);
      current = parents.get(current);
    }
    if (current !== jurisdiction.id || reported.has(jurisdiction.id)) return;
    chain.forEach((id) => reported.add(id));
    issues.push(
      toIssue(
        'JURISDICTION_CYCLE',
        'error',
        ['jurisdictions', i, 'parent'],
        `jurisdiction parents form a cycle: ${[...chain, jurisdiction.id].join(' → ')}; parents must form a tree.`,
        `remove the parent of the top-level one (e.g. of '${jurisdiction.id}').`,
      ),
    );
  });
  return issues;
}
