/** Dependent recovery: facilities that go down with another (shared power, acid, port) and ramp back slowly. */
import { activePeriods } from '../../model/core.js';
import type { Network } from '../network.js';
import { countEvent, type Disruption, type OutageWindow } from './types.js';

/**
 * The model's known outages of whole facilities (its `outages` table, scenario `outages`) as
 * windows over the measured steps of their periods, so dependants and ramps follow them as they
 * follow sampled outages. Outages of one process leave the facility up.
 */
function knownWindows(net: Network): OutageWindow[] {
  const windows: OutageWindow[] = [];
  for (const outage of net.model.outages) {
    const node = net.nodes.indexOf(outage.facility);
    if (outage.process !== undefined || outage.availability >= 1 || node < 0) continue;
    const [first, last] = activePeriods(net.model.horizon, outage);
    let start = -1;
    let end = -1;
    for (let step = 0; step < net.steps; step++) {
      const period = net.periodOfStep[net.warmupSteps + step] ?? 0;
      if (period < first || period > last) continue;
      if (start < 0) start = step;
      end = step + 1;
    }
    if (start >= 0) windows.push({ node, start, end, availability: outage.availability });
  }
  return windows;
}

/**
 * Runs after the outage processes: every outage window (sampled, or a known outage of the model)
 * of a facility that others depend on (`recovery.dependencies`) takes the dependants down too,
 * until `lagDays` after it recovers (chains followed, lags adding up; a dependency back to a
 * facility the chain has already taken down is not followed); after any outage a facility
 * restarts at `rampFrom` of capacity and ramps linearly to full over `rampDays`.
 *
 * @example options: { recovery: { rampDays: 14, dependencies: [{ facility: 'baotou-separation', on: 'bayan-obo', lagDays: 5 }] } }
 */
export function createRecovery(): Disruption {
  return {
    name: 'recovery',
    start(context) {
      const { net, options } = context;
      const spec = options.recovery;
      if (spec.dependencies.length === 0 && spec.rampDays <= 0) return undefined;
      const nodeOf = new Map(net.nodes.map((id, n) => [id, n]));
      const dependent: OutageWindow[] = [];
      // Each window carries the facilities its chain has taken down already: a dependency leading
      // back to one of them is a cycle and is not followed (it would extend the outage by the lags
      // round the cycle again and again, up to the number of facilities).
      const known = knownWindows(net);
      let frontier = [...context.windows, ...known].map((window) => ({ window, chain: [window.node] }));
      while (frontier.length > 0) {
        const next: typeof frontier = [];
        for (const { window: w, chain } of frontier) {
          for (const dep of spec.dependencies) {
            if (nodeOf.get(dep.on) !== w.node) continue;
            const node = nodeOf.get(dep.facility) ?? -1;
            if (chain.includes(node)) continue;
            next.push({
              window: {
                node,
                start: w.start,
                end: w.end + Math.round(dep.lagDays / net.stepDays),
                availability: w.availability,
              },
              chain: [...chain, node],
            });
            countEvent(context, 'dependent-outages');
          }
        }
        for (const { window } of next) dependent.push(window);
        frontier = next;
      }
      const all = [...context.windows, ...known, ...dependent];
      const rampSteps = spec.rampDays / net.stepDays;
      const processesOf = net.nodes.map(() => [] as number[]);
      net.processes.forEach((p, i) => processesOf[p.node]?.push(i));
      return {
        beforeStep(step, fx) {
          for (const w of dependent) {
            if (step < w.start || step >= w.end) continue;
            for (const p of processesOf[w.node] ?? [])
              fx.availability[p] = Math.min(fx.availability[p] ?? 1, w.availability);
          }
          if (rampSteps <= 0) return;
          for (const w of all) {
            const since = step - w.end;
            if (since < 0 || since >= rampSteps) continue;
            const factor = spec.rampFrom + ((1 - spec.rampFrom) * since) / rampSteps;
            for (const p of processesOf[w.node] ?? [])
              fx.availability[p] = (fx.availability[p] ?? 1) * factor;
          }
        },
      };
    },
  };
}
