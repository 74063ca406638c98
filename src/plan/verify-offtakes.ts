/** The offtake rule of verifyPlan, recomputed from the result's production and flow rows. */
import { activePeriods, materialContents, periodLabels, resolveOfftake, type Model } from '../model/index.js';
import type { PlanResult } from './result.js';
import type { Violation } from './violation.js';

/**
 * In each period of an offtake agreement, the producer's shipments of covered materials to the
 * members' facilities are at least `share` of what it made of them.
 */
export function verifyOfftakes(model: Model, result: PlanResult, tol: number): Violation[] {
  const out: Violation[] = [];
  const contents = materialContents(model);
  const labels = periodLabels(model.horizon);
  for (const policy of model.policies) {
    if (policy.kind !== 'offtake') continue;
    const scope = resolveOfftake(model, contents, policy);
    const [first, last] = activePeriods(model.horizon, policy);
    for (const period of labels.slice(first, last + 1)) {
      const made = result.production
        .filter((p) => p.period === period && scope.producers.has(p.facility) && scope.covers(p.material))
        .reduce((a, p) => a + p.tonnes, 0);
      const shipped = result.flows
        .filter(
          (f) =>
            f.period === period &&
            scope.producers.has(f.from) &&
            scope.recipients.has(f.to) &&
            scope.covers(f.material),
        )
        .reduce((a, f) => a + f.tonnes, 0);
      const reserved = policy.share * made;
      if (shipped < reserved - tol * (1 + reserved))
        out.push({
          code: 'OFFTAKE',
          message: `${policy.id} in ${period}: ${policy.from} shipped ${shipped} t to ${policy.to}, below ${policy.share} of the ${made} t it made`,
          amount: reserved - shipped,
        });
    }
  }
  return out;
}
