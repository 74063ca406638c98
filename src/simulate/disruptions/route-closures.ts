/** Route closures: a port strike, a storm, a border closing; a rate per year per route. */
import { countEvent, STREAM, type Disruption } from './types.js';
import { samplePoissonEvents, toSteps } from './schedule.js';

/**
 * Each eligible route (all, or `routeClosures.routes`, or those of `routeClosures.modes`) closes
 * as a Poisson process for a sampled duration; nothing departs on it meanwhile (shipments already
 * under way arrive).
 *
 * @example options: { routeClosures: { rate: 1, modes: ['sea'], duration: { kind: 'fixed', value: 7 } } }
 */
export function createRouteClosures(): Disruption {
  return {
    name: 'route-closures',
    start(context) {
      const { net, options } = context;
      const spec = options.routeClosures;
      if (spec.rate <= 0) return undefined;
      const random = context.random(STREAM.closures);
      const closures: [number, number, number][] = [];
      net.routes.forEach((route, r) => {
        if (spec.routes && !spec.routes.includes(route.id)) return;
        if (spec.modes && !spec.modes.includes(route.mode)) return;
        for (const event of samplePoissonEvents(random, spec.rate, options.days, spec.duration)) {
          closures.push([r, ...toSteps(event, net.stepDays)]);
          countEvent(context, 'closures');
        }
      });
      return {
        beforeStep(step, fx) {
          for (const [r, start, end] of closures) if (step >= start && step < end) fx.routeOpen[r] = 0;
        },
      };
    },
  };
}
