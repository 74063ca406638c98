/** Facility outages: unplanned stops at a rate per year per facility, with sampled durations. */
import { countEvent, STREAM, type Disruption, type OutageWindow } from './types.js';
import { samplePoissonEvents, toSteps } from './schedule.js';
import { sampleDuration } from '../options.js';

/**
 * The start day of a predicted failure for a uniform draw u: with a constant hazard λ = −ln(1 − P)/horizon
 * inside [lead, lead + horizon), the failure happens when u < P, at lead − ln(1 − u)/λ; otherwise not at all.
 */
export function samplePredictedStart(
  u: number,
  prediction: { probability: number; leadDays: number; horizonDays: number },
): number | undefined {
  const { probability: P, leadDays: lead, horizonDays: H } = prediction;
  if (!(u < P)) return undefined;
  if (P >= 1) return lead;
  return lead + (-Math.log(1 - u) / -Math.log(1 - P)) * H;
}

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
      if (spec.rate <= 0 && spec.predicted.length === 0) return undefined;
      const random = context.random(STREAM.outages);
      const processesOf = net.nodes.map(() => [] as number[]);
      net.processes.forEach((p, i) => processesOf[p.node]?.push(i));
      const windows: OutageWindow[] = [];
      // Predicted failures draw from their own stream, so adding one leaves the rate-driven outages unchanged.
      const predictedRandom = context.random(STREAM.predicted);
      for (const prediction of spec.predicted) {
        const node = net.nodes.indexOf(prediction.facility);
        const start = samplePredictedStart(predictedRandom.next(), prediction);
        const duration = prediction.durationDays ?? sampleDuration(predictedRandom, spec.duration);
        if (node < 0 || start === undefined || start >= options.days) continue;
        const [first, end] = toSteps({ start, duration }, net.stepDays);
        windows.push({ node, start: first, end, availability: spec.availability });
        countEvent(context, 'predicted-outages');
        countEvent(context, 'outage-days', duration);
      }
      if (spec.rate > 0)
        net.nodes.forEach((id, node) => {
          const processes = processesOf[node] ?? [];
          if (processes.length === 0) return;
          if (spec.facilities && !spec.facilities.includes(id)) return;
          if (
            spec.stages &&
            !processes.some((p) => spec.stages?.includes(net.processes[p]?.stage ?? 'mining'))
          )
            return;
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
            for (const p of processesOf[w.node] ?? [])
              fx.availability[p] = Math.min(fx.availability[p] ?? 1, w.availability);
          }
        },
      };
    },
  };
}
