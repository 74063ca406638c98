/** Dependent recovery: facilities that go down with another (shared power, acid, port) and ramp back slowly. */
import { countEvent, type Disruption, type OutageWindow } from './types.js';

/**
 * Runs after the outage processes: every outage window of a facility that others depend on
 * (`recovery.dependencies`) takes the dependants down too, until `lagDays` after it recovers
 * (chains followed, lags adding up; a dependency back to a facility the chain has already taken
 * down is not followed); after any outage a facility restarts at `rampFrom` of capacity and ramps
 * linearly to full over `rampDays`.
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
      let frontier = context.windows.map((window) => ({ window, chain: [window.node] }));
      while (frontier.length > 0) {
        const next: typeof frontier = [];
        for (const { window: w, chain } of frontier) {
          for (const dep of spec.dependencies) {
            if (nodeOf.get(dep.on) !== w.node) continue;
            const node = nodeOf.get(dep.facility) ?? -1;
            if (chain.includes(node)) continue;
            next.push({ window: { node, start: w.start, end: w.end + Math.round(dep.lagDays / net.stepDays), availability: w.availability }, chain: [...chain, node] });
            countEvent(context, 'dependent-outages');
          }
        }
        for (const { window } of next) dependent.push(window);
        frontier = next;
      }
      const all = [...context.windows, ...dependent];
      const rampSteps = spec.rampDays / net.stepDays;
      const processesOf = net.nodes.map(() => [] as number[]);
      net.processes.forEach((p, i) => processesOf[p.node]?.push(i));
      return {
        beforeStep(step, fx) {
          for (const w of dependent) {
            if (step < w.start || step >= w.end) continue;
            for (const p of processesOf[w.node] ?? []) fx.availability[p] = Math.min(fx.availability[p] ?? 1, w.availability);
          }
          if (rampSteps <= 0) return;
          for (const w of all) {
            const since = step - w.end;
            if (since < 0 || since >= rampSteps) continue;
            const factor = spec.rampFrom + ((1 - spec.rampFrom) * since) / rampSteps;
            for (const p of processesOf[w.node] ?? []) fx.availability[p] = (fx.availability[p] ?? 1) * factor;
          }
        },
      };
    },
  };
}
