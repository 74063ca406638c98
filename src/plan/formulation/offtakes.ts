import { activePeriods, resolveOfftake } from '../../model/index.js';
import type { Term } from '../../solver/problem.js';
import { addNamedRow, type PlanContext } from './context.js';

/**
 * Offtake agreements (allied supply): in each period of the agreement, the producer's shipments
 * of the covered materials to the members' facilities are at least `share` of what it makes of them,
 * `Σ_{r: P→B} f[r,m,t] ≥ share · Σ_{p∈P} out[p,m]·x[p,t]`. The dual is what the reservation costs
 * per tonne.
 */
export function defineOfftakes(context: PlanContext): void {
  for (const policy of context.model.policies) {
    if (policy.kind !== 'offtake') continue;
    const scope = resolveOfftake(context.model, context.contents, policy);
    const [first, last] = activePeriods(context.model.horizon, policy);
    for (let t = first; t <= last; t++) {
      const made: Term[] = context.activities
        .filter((a) => a.period === t && scope.producers.has(a.process.facility.id))
        .flatMap((a) =>
          Object.entries(a.process.outputs)
            .filter(([m]) => scope.covers(m))
            .map(([, q]): Term => [a.column, -policy.share * q]),
        );
      if (made.length === 0) continue;
      const shipped = context.flows
        .filter(
          (f) =>
            f.period === t &&
            scope.producers.has(f.route.from) &&
            scope.recipients.has(f.route.to) &&
            scope.covers(f.material),
        )
        .map((f): Term => [f.column, 1]);
      addNamedRow(
        context,
        { kind: 'offtake', id: policy.id, period: context.periods[t] ?? '', unit: 't' },
        [...shipped, ...made],
        { lower: 0 },
      );
    }
  }
}
