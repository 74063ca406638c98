/** Demand surges: a sudden rise of one demand (a stocking rush, a subsidy, a new model launch). */
import { countEvent, STREAM, type Disruption } from './types.js';
import { samplePoissonEvents, toSteps } from './schedule.js';

/**
 * Surges arrive as one Poisson process over all eligible demands (all, or those whose id or
 * material is in `demandSurges.demands`); each hits one demand, drawn uniformly, multiplying it by
 * a factor drawn uniformly from [min, max] for a sampled duration.
 *
 * @example options: { demandSurges: { rate: 2, multiplier: { min: 1.2, max: 1.5 } } }
 */
export function createDemandSurges(): Disruption {
  return {
    name: 'demand-surges',
    start(context) {
      const { net, options } = context;
      const spec = options.demandSurges;
      const eligible = net.demands
        .map((d, i) => ({ d, i }))
        .filter(
          ({ d }) =>
            !spec.demands ||
            spec.demands.includes(d.id) ||
            spec.demands.includes(net.materials[d.material] ?? ''),
        )
        .map(({ i }) => i);
      if (spec.rate <= 0 || eligible.length === 0) return undefined;
      const random = context.random(STREAM.surges);
      const surges = samplePoissonEvents(random, spec.rate, options.days, spec.duration).map((event) => {
        const demand =
          eligible[Math.min(eligible.length - 1, Math.floor(random.next() * eligible.length))] ?? 0;
        const factor =
          spec.multiplier.min +
          (Math.max(spec.multiplier.min, spec.multiplier.max) - spec.multiplier.min) * random.next();
        countEvent(context, 'surges');
        return { demand, factor, steps: toSteps(event, net.stepDays) };
      });
      return {
        beforeStep(step, fx) {
          for (const { demand, factor, steps } of surges) {
            if (step >= steps[0] && step < steps[1])
              fx.demandScale[demand] = (fx.demandScale[demand] ?? 1) * factor;
          }
        },
      };
    },
  };
}
