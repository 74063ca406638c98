/** Facility outages: unplanned stops at a rate per year per facility, with sampled durations. */
import { createRandom, deriveSeed } from '../random.js';
import { countEvent, STREAM, type Disruption, type OutageWindow } from './types.js';
import { samplePoissonEvents, toSteps } from './schedule.js';

/**
 * Each eligible facility (every facility with processes, or `outages.facilities`, or those with a
 * process of `outages.stages`) fails as a Poisson process; during an outage its processes run at
 * `outages.availability`. Windows are shared with later disruptions (dependent recovery).
 *
 * @example options: { outages: { rate: 0.5, duration: { kind: 'lognormal', mean: 14, cv: 0.5 } } }
 */
export function createFacilityOutages(): Disruption {
  return {
    name: 'facility-outages',
    start(context) {
      const { net, options } = context;
      const spec = options.outages;
      if (spec.rate <= 0) return undefined;
      const random = createRandom(deriveSeed(context.seed, STREAM.outages));
      const processesOf = net.nodes.map(() => [] as number[]);
      net.processes.forEach((p, i) => processesOf[p.node]?.push(i));
      const windows: OutageWindow[] = [];
      net.nodes.forEach((id, node) => {
        const processes = processesOf[node] ?? [];
        if (processes.length === 0) return;
        if (spec.facilities && !spec.facilities.includes(id)) return;
        if (spec.stages && !processes.some((p) => spec.stages?.includes(net.processes[p]?.stage ?? 'mining'))) return;
        for (const event of samplePoissonEvents(random, spec.rate, options.days, spec.duration)) {
          const [start, end] = toSteps(event, net.stepDays);
          windows.push({ node, start, end, availability: spec.availability });
          countEvent(context, 'outages');
          countEvent(context, 'outage-days', event.duration);
        }
      });
      context.windows.push(...windows);
      return {
        beforeStep(step, fx) {
          for (const w of windows) {
            if (step < w.start || step >= w.end) continue;
            for (const p of processesOf[w.node] ?? []) fx.availability[p] = Math.min(fx.availability[p] ?? 1, w.availability);
          }
        },
      };
    },
  };
}
